import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { LMDBData } from '../../src/formats/lmdb/LMDBData.ts';
import { LMDBDataDecoder } from '../../src/formats/lmdb/LMDBDataDecoder.ts';
import { collect, collectAsync } from '../helpers.ts';
import { fixturesDir, loadSerialized } from './expectedJson.ts';

const file = path.join(fixturesDir, 'tensorpack-msgpack.lmdb');
const keys = Array.from({ length: 64 }, (_, i) => String(i).padStart(8, '0'));
const tp = loadSerialized('msgpack');

test('shuffle: false yields [key, value] in key order, skipping __keys__; the values stay valid', async () => {
  const data = new LMDBData(file, { shuffle: false });
  assert.equal(data.length, 64);
  for (const entries of [collect(data), await collectAsync(data)]) {
    assert.deepEqual(entries.map(([k]) => k.toString('latin1')), keys);
    entries.forEach(([, v], i) => assert.ok(v.equals(tp.datapoints[i]!), `value ${i}`));
  }
});

test('shuffle: true (the default) yields the __keys__ entries in a seeded order', () => {
  const a = collect(new LMDBData(file, { seed: 5 }));
  const b = collect(new LMDBData(file, { seed: 5 }));
  assert.deepEqual(a.map(([k]) => k.toString()), b.map(([k]) => k.toString()));
  assert.notDeepEqual(a.map(([k]) => k.toString()), keys);
  assert.deepEqual(a.map(([k]) => k.toString()).sort(), keys);
  for (const [k, v] of a) assert.ok(v.equals(tp.datapoints[Number(k.toString())]!), `value of ${k.toString()}`);
});

test('reuseBuffer: values are views overwritten by the next read (for decoders that copy)', () => {
  const data = new LMDBData(file, { shuffle: false, reuseBuffer: true });
  const sizes = collect(new LMDBDataDecoder(data, (k, v) => [k.toString(), v.length, v.equals(tp.datapoints[Number(k.toString())]!)] as const));
  assert.deepEqual(sizes, keys.map((k, i) => [k, tp.datapoints[i]!.length, true]));
});

test('LMDBDataDecoder maps (key, value) to a datapoint; length is the LMDBData\'s', () => {
  const decoder = new LMDBDataDecoder(new LMDBData(file, { shuffle: false }), (k, v) => [Number(k.toString()), v[0]]);
  assert.equal(decoder.length, 64);
  assert.deepEqual(collect(decoder).slice(0, 2), [[0, 0xdc], [1, 0xdc]]);
  decoder.close();
});
