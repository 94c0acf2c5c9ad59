import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { MemoryPool } from '../../src/core/MemoryPool.ts';
import { NDArray } from '../../src/core/NDArray.ts';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { DataFromGenerator } from '../../src/core/sources/DataFromGenerator.ts';
import { LMDBData } from '../../src/formats/lmdb/LMDBData.ts';
import { LMDBSerializer } from '../../src/formats/lmdb/LMDBSerializer.ts';
import { openReadOnly } from '../../src/formats/lmdb/openReadOnly.ts';
import { loads } from '../../src/formats/serialize/index.ts';
import { collect, collectAsync } from '../helpers.ts';
import { assertMatchesExpected, fixturesDir, loadExpected, loadSerialized, valueFromExpected } from './expectedJson.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'lmdb-serializer-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const expected = loadExpected();
const idOf = (dp: unknown) => (dp as number[])[0]!;

for (const serializer of ['msgpack', 'pickle'] as const) {
  describe(`tensorpack-${serializer}.lmdb`, () => {
    const file = path.join(fixturesDir, `tensorpack-${serializer}.lmdb`);

    test('load(shuffle: false) yields exactly expected.json, in order; length 64', () => {
      const flow = LMDBSerializer.load(file, { shuffle: false });
      assert.equal(flow.length, 64);
      const dps = collect(flow);
      assert.equal(dps.length, 64);
      dps.forEach((dp, i) => assertMatchesExpected(dp, expected.datapoints[i], `datapoint ${i}`));
    });

    test('load(shuffle: true) yields every datapoint once, in a seeded order that changes per pass', async () => {
      const flow = LMDBSerializer.load(file, { shuffle: true, seed: 7 });
      const first = collect(flow);
      const second = await collectAsync(flow);
      for (const pass of [first, second]) {
        assert.deepEqual(pass.map(idOf).sort((a, b) => a - b), expected.datapoints.map((e) => e[0] as number).sort((a, b) => a - b));
        for (const dp of pass) assertMatchesExpected(dp, expected.datapoints.find((e) => e[0] === idOf(dp)), `datapoint ${idOf(dp)}`);
      }
      assert.notDeepEqual(first.map(idOf), second.map(idOf));
      const replay = LMDBSerializer.load(file, { shuffle: true, seed: 7 });
      assert.deepEqual(collect(replay).map(idOf), first.map(idOf));
    });

    test('the default is shuffle: true, as in tensorpack', () => {
      const ids = collect(LMDBSerializer.load(file, { seed: 1 })).map(idOf);
      assert.notDeepEqual(ids, expected.datapoints.map((e) => e[0]));
    });

    test('load({ memory }): decoded arrays get their memory from it', () => {
      const handedOut = new Set<ArrayBufferLike>();
      const pool = new MemoryPool();
      const memory = (n: number): Uint8Array => {
        const a = pool.take(n);
        handedOut.add(a.buffer);
        return a;
      };
      const dps = collect(LMDBSerializer.load(file, { shuffle: false, memory }));
      dps.forEach((dp, i) => assertMatchesExpected(dp, expected.datapoints[i], `datapoint ${i}`));
      const arrays = dps.flatMap((dp) => (dp as unknown[]).filter((c): c is NDArray => c instanceof NDArray));
      assert.ok(arrays.length >= 64);
      assert.ok(arrays.every((a) => handedOut.has(a.data.buffer)));
    });

    test('reading leaves no lock file beside the data', () => {
      collect(LMDBSerializer.load(file, { shuffle: false }));
      assert.deepEqual(readdirSync(fixturesDir).filter((f) => f.endsWith('-lock')), []);
    });
  });
}

describe('LMDBSerializer.save', () => {
  const datapoints = expected.datapoints.map(valueFromExpected);

  for (const serializer of ['msgpack', 'pickle'] as const) {
    test(`writes tensorpack's layout with ${serializer}: 8-digit keys, values = dumps(dp), __keys__ last`, async () => {
      const file = path.join(tmp, `layout-${serializer}.lmdb`);
      const count = await LMDBSerializer.save(new DataFromList(datapoints, { shuffle: false }), file, { serializer });
      assert.equal(count, 64);
      assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith(`layout-${serializer}`)).sort(), [`layout-${serializer}.lmdb`, `layout-${serializer}.lmdb-lock`]);
      const env = openReadOnly('test', file);
      try {
        const entries = [...env.db.getRange().map(({ key, value }) => ({ key, value: Buffer.from(value) }))];
        assert.deepEqual(entries.map((e) => e.key.toString('latin1')), [...Array.from({ length: 64 }, (_, i) => String(i).padStart(8, '0')), '__keys__']);
        const keys = loads(entries.at(-1)!.value) as Buffer[];
        assert.deepEqual(keys.map((k) => k.toString('latin1')), entries.slice(0, 64).map((e) => e.key.toString('latin1')));
        assert.ok(keys.every((k) => Buffer.isBuffer(k)), '__keys__ is a list of bytes');
        entries.slice(0, 64).forEach((e, i) => assertMatchesExpected(loads(e.value), expected.datapoints[i], `value ${i}`));
        if (serializer === 'msgpack') {
          // msgpack is byte-for-byte tensorpack's (pickle differs in framing/memo opcodes, not in values)
          const tp = loadSerialized(serializer);
          assert.ok(entries.at(-1)!.value.equals(tp.keysValue), '__keys__ bytes');
          entries.slice(0, 64).forEach((e, i) => assert.ok(e.value.equals(tp.datapoints[i]!), `msgpack bytes of datapoint ${i}`));
        }
      } finally {
        env.close();
      }
      collect(LMDBSerializer.load(file, { shuffle: false })).forEach((dp, i) => assertMatchesExpected(dp, expected.datapoints[i], `datapoint ${i}`));
    });
  }

  test('the default serializer is pickle', async () => {
    const file = path.join(tmp, 'default.lmdb');
    await LMDBSerializer.save(new DataFromList([[1, 'a']], { shuffle: false }), file);
    const env = openReadOnly('test', file);
    assert.deepEqual([...env.db.getBinary(Buffer.from('00000000'))!.subarray(0, 2)], [0x80, 0x05]);
    env.close();
  });

  test('commits every writeFrequency puts, then __keys__ in a transaction of its own', async () => {
    const file = path.join(tmp, 'frequency.lmdb');
    await LMDBSerializer.save(new DataFromList(Array.from({ length: 10 }, (_, i) => [i]), { shuffle: false }), file, { writeFrequency: 3 });
    const env = openReadOnly('test', file);
    // transactions 1..4 hold datapoints 0-2, 3-5, 6-8, 9; transaction 5 holds __keys__ (py-lmdb gives the same ids)
    assert.equal((env.db.getStats() as { lastTxnId: number }).lastTxnId, 5);
    env.close();
  });

  test('a batch bigger than its first buffer (values of 0.6-1.5 MB) is stored exactly, under both serializers', async () => {
    const dps = [600_000, 1_500_000, 10, 900_000, 700_000].map((n, i) => [NDArray.from(new Uint8Array(n).map((_, k) => (k * 7 + i) & 255)), i, 'x'.repeat(i)]);
    for (const serializer of ['msgpack', 'pickle'] as const) {
      const file = path.join(tmp, `big-${serializer}.lmdb`);
      await LMDBSerializer.save(new DataFromList(dps, { shuffle: false }), file, { serializer, writeFrequency: 4 });
      assert.deepEqual(collect(LMDBSerializer.load(file, { shuffle: false })), dps, serializer);
    }
  });

  test('an existing directory gets data.mdb and lock.mdb; it reads back', async () => {
    const dir = path.join(tmp, 'envdir');
    mkdirSync(dir);
    await LMDBSerializer.save(new DataFromList([[1], [2], [3]], { shuffle: false }), dir);
    assert.deepEqual(readdirSync(dir).sort(), ['data.mdb', 'lock.mdb']);
    assert.deepEqual(collect(LMDBSerializer.load(dir, { shuffle: false })), [[1], [2], [3]]);
  });

  test('saves an asynchronous flow, and an empty one (only __keys__)', async () => {
    const file = path.join(tmp, 'async.lmdb');
    const flow = new DataFromGenerator(async function* () {
      yield [1];
      yield [2];
    });
    assert.equal(await LMDBSerializer.save(flow, file), 2);
    assert.deepEqual(collect(LMDBSerializer.load(file, { shuffle: false })), [[1], [2]]);
    const empty = path.join(tmp, 'empty.lmdb');
    assert.equal(await LMDBSerializer.save(new DataFromList([]), empty), 0);
    const data = new LMDBData(empty);
    assert.equal(data.length, 0);
    assert.deepEqual(collect(data), []);
  });

  test('refuses an existing file, an endless flow and a bad writeFrequency', async () => {
    const file = path.join(tmp, 'layout-pickle.lmdb');
    await assert.rejects(LMDBSerializer.save(new DataFromList([[1]]), file), { name: 'DataFlowError', message: `LMDBSerializer: LMDB file ${file} exists` });
    const endless = new DataFromGenerator(function* () { for (;;) yield [1]; }, { size: Infinity });
    await assert.rejects(LMDBSerializer.save(endless, path.join(tmp, 'endless.lmdb')), { message: `LMDBSerializer: cannot save DataFromGenerator to ${path.join(tmp, 'endless.lmdb')}: it is endless (length Infinity)` });
    await assert.rejects(LMDBSerializer.save(new DataFromList([[1]]), path.join(tmp, 'wf.lmdb'), { writeFrequency: 0 }), { message: 'LMDBSerializer: writeFrequency must be a positive integer, got 0' });
  });

  test('a datapoint that cannot be serialized fails naming its index, and the partial file is removed', async () => {
    const file = path.join(tmp, 'bad-dp.lmdb');
    const flow = new DataFromList([[1], [2], [() => 3]], { shuffle: false });
    await assert.rejects(LMDBSerializer.save(flow, file, { writeFrequency: 1 }), (e: Error) => {
      assert.equal(e.name, 'DataFlowError');
      assert.match(e.message, /^LMDBSerializer: cannot serialize datapoint 2: /);
      return true;
    });
    assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith('bad-dp')), []);
  });
});
