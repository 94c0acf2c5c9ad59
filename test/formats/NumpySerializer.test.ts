import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { NumpySerializer } from '../../src/formats/numpy/NumpySerializer.ts';
import { npyHeader } from '../../src/formats/numpy/npy.ts';
import { dumps } from '../../src/formats/serialize/index.ts';
import { collect } from '../helpers.ts';
import { assertMatchesExpected, loadExpected, valueFromExpected } from './expectedJson.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'npz-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const expected = loadExpected();

test('save writes buffer.npy (dtype |O, shape (N,), a pickle); load yields the datapoints exactly', async () => {
  const file = path.join(tmp, 'all.npz');
  const count = await NumpySerializer.save(new DataFromList(expected.datapoints.map(valueFromExpected), { shuffle: false }), file);
  assert.equal(count, 64);
  const npy = Buffer.from(unzipSync(readFileSync(file))['buffer.npy']!);
  const headerLength = npy.readUInt16LE(8);
  assert.equal((10 + headerLength) % 64, 0);
  assert.equal(npy.toString('latin1', 10, 10 + headerLength).trimEnd(), "{'descr': '|O', 'fortran_order': False, 'shape': (64,), }");
  assert.deepEqual([...npy.subarray(10 + headerLength, 12 + headerLength)], [0x80, 0x05]);
  const flow = NumpySerializer.load(file, { shuffle: false });
  assert.equal(flow.length, 64);
  collect(flow).forEach((dp, i) => assertMatchesExpected(dp, expected.datapoints[i], `datapoint ${i}`));
  const ids = collect(NumpySerializer.load(file, { seed: 3 })).map((dp) => (dp as number[])[0]);
  assert.notDeepEqual(ids, expected.datapoints.map((e) => e[0]), 'shuffled by default');
  assert.deepEqual([...ids].sort(), expected.datapoints.map((e) => e[0]).sort());
});

test('an empty flow saves and loads as no datapoints', async () => {
  const file = path.join(tmp, 'empty.npz');
  assert.equal(await NumpySerializer.save(new DataFromList([]), file), 0);
  assert.deepEqual(collect(NumpySerializer.load(file)), []);
});

const npz = (name: string, files: Record<string, Uint8Array>) => {
  const file = path.join(tmp, name);
  writeFileSync(file, zipSync(files));
  return file;
};

test('bad .npz files: not a zip, no buffer, not .npy, numeric dtype, shape mismatch, bad pickle', () => {
  const fails = (file: string, message: string | RegExp) =>
    assert.throws(() => NumpySerializer.load(file), (e: Error) => {
      assert.equal(e.name, 'DataFlowError');
      if (typeof message === 'string') assert.equal(e.message, `NumpySerializer: ${file} ${message}`);
      else assert.match(e.message, message);
      return true;
    });
  const notZip = path.join(tmp, 'not-zip.npz');
  writeFileSync(notZip, 'hello world');
  fails(notZip, /^NumpySerializer: .*not-zip\.npz is not a readable \.npz \(zip\) file: /);
  fails(npz('other.npz', { 'x.npy': new Uint8Array(3) }), "has no array 'buffer' (found: x.npy)");
  fails(npz('not-npy.npz', { 'buffer.npy': Buffer.from('hello') }), 'buffer.npy is not a .npy array (no \\x93NUMPY magic)');
  const f4 = Buffer.concat([npyHeader({ descr: '<f4', fortranOrder: false, shape: [2] }), Buffer.alloc(8)]);
  fails(npz('numeric.npz', { 'buffer.npy': f4 }), 'buffer.npy has dtype <f4, expected an object array (|O) of datapoints');
  const three = Buffer.concat([npyHeader({ descr: '|O', fortranOrder: false, shape: [3] }), dumps([[1], [2]])]);
  fails(npz('shape.npz', { 'buffer.npy': three }), 'buffer.npy has shape (3) but holds 2 datapoints');
  const bad = Buffer.concat([npyHeader({ descr: '|O', fortranOrder: false, shape: [1] }), Buffer.from([0x80, 0x05, 0xff])]);
  fails(npz('bad-pickle.npz', { 'buffer.npy': bad }), /^pickle: cannot decode key "buffer" in .*bad-pickle\.npz: /);
  const truncated = readFileSync(npz('ok.npz', { 'buffer.npy': three }));
  const cut = path.join(tmp, 'cut.npz');
  writeFileSync(cut, truncated.subarray(0, truncated.length - 30));
  fails(cut, /cut\.npz is not a readable \.npz \(zip\) file: /);
});
