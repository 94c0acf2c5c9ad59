// A .npz written by NumpySerializer.save is what tensorpack's NumpySerializer.load reads:
// np.load(path, allow_pickle=True)['buffer'], iterated by DataFromList.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DataFromList } from '../src/core/sources/DataFromList.ts';
import { NumpySerializer } from '../src/formats/numpy/NumpySerializer.ts';
import { loadExpected, valueFromExpected } from '../test/formats/expectedJson.ts';
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
