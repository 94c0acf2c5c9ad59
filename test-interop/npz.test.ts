// A .npz written by NumpySerializer.save is what tensorpack's NumpySerializer.load reads:
// np.load(path, allow_pickle=True)['buffer'], iterated by DataFromList; and NumpySerializer.load
// reads what tensorpack's NumpySerializer.save writes (a 2-D object array, pickled inside).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DataFromList } from '../src/core/sources/DataFromList.ts';
import { NumpySerializer } from '../src/formats/numpy/NumpySerializer.ts';
import { collect } from '../test/helpers.ts';
import { assertMatchesExpected, loadExpected, valueFromExpected } from '../test/formats/expectedJson.ts';
import { requirePythonModules, runPython } from './pythonPeer.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'npz-interop-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
before(() => requirePythonModules(['numpy']));

const READER = `
import sys, numpy as np, peer
expected = peer.load_expected()['datapoints']
buffer = np.load(sys.argv[1], allow_pickle=True)['buffer']
dps = [dp for dp in buffer]
assert len(dps) == len(expected), len(dps)
for i, dp in enumerate(dps):
    err = peer.check(dp, expected[i], 'datapoint %d' % i)
    if err: print('FAIL: ' + err); sys.exit(1)
print('PASS: %d datapoints' % len(dps))
`;

test("numpy's np.load(allow_pickle=True)['buffer'] gives back every datapoint of expected.json", async () => {
  const file = path.join(tmp, 'ts.npz');
  await NumpySerializer.save(new DataFromList(loadExpected().datapoints.map(valueFromExpected), { shuffle: false }), file);
  const r = await runPython(READER, [file]);
  assert.equal(r.code, 0, `python: ${r.stdout}${r.stderr}`);
  assert.equal(r.stdout.trim(), 'PASS: 64 datapoints');
});

// tensorpack's NumpySerializer.save, without tensorpack: np.asarray makes the 64 datapoints of 25
// components a (64, 25) object array, which np.savez_compressed pickles (protocol 3) into buffer.npy.
const TENSORPACK_SAVE = `
import sys, numpy as np, peer
buffer = peer.make_datapoints()
np.savez_compressed(sys.argv[1], buffer=np.asarray(buffer, dtype=np.object_))
a = np.load(sys.argv[1], allow_pickle=True)['buffer']
print(a.dtype, a.shape)
`;

test("NumpySerializer.load reads tensorpack's NumpySerializer.save output: every datapoint equals expected.json", async () => {
  const file = path.join(tmp, 'tensorpack.npz');
  const r = await runPython(TENSORPACK_SAVE, [file]);
  assert.equal(r.code, 0, `python: ${r.stdout}${r.stderr}`);
  assert.equal(r.stdout.trim(), 'object (64, 25)');
  const flow = NumpySerializer.load(file, { shuffle: false });
  assert.equal(flow.length, 64);
  const dps = collect(flow);
  assert.equal(dps.length, 64);
  dps.forEach((dp, i) => assertMatchesExpected(dp, loadExpected().datapoints[i], `datapoint ${i}`));
});
