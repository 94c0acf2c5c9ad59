// Files written by LMDBSerializer.save are read by py-lmdb walking tensorpack's layout, decoded by
// peer.py's tensorpack-equivalent serializers and checked against expected.json.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DataFromList } from '../src/core/sources/DataFromList.ts';
import { LMDBSerializer } from '../src/formats/lmdb/LMDBSerializer.ts';
import { loadExpected, valueFromExpected } from '../test/formats/expectedJson.ts';
import { requirePythonModules, runPython } from './pythonPeer.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'lmdb-interop-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
before(() => requirePythonModules(['lmdb', 'numpy', 'msgpack', 'msgpack_numpy']));

// What tensorpack's LMDBData + LMDBSerializer.load do, without tensorpack: cursor order skipping
// __keys__ (shuffle=False), and the __keys__ list (shuffle=True).
const READER = `
import sys, lmdb, peer
path, serializer = sys.argv[1], sys.argv[2]
_, loads = peer.get_serializer(serializer)
expected = peer.load_expected()['datapoints']
env = lmdb.open(path, subdir=False, readonly=True, lock=False)
with env.begin() as txn:
    entries = [(k, v) for k, v in txn.cursor() if k != b'__keys__']
    keys = loads(txn.get(b'__keys__'))
    assert type(keys) is list and all(type(k) is bytes for k in keys), keys
    assert keys == [k for k, _ in entries] == [b'%08d' % i for i in range(len(expected))], keys
    for i, (k, v) in enumerate(entries):
        err = peer.check(loads(v), expected[i], 'datapoint %d' % i)
        if err: print('FAIL: ' + err); sys.exit(1)
    for i, k in enumerate(keys):
        err = peer.check(loads(txn.get(k)), expected[i], 'key %r' % k)
        if err: print('FAIL: ' + err); sys.exit(1)
print('PASS: %d datapoints, entries %d' % (len(entries), env.stat()['entries']))
`;

for (const serializer of ['msgpack', 'pickle'] as const) {
  test(`py-lmdb reads a file saved here with ${serializer}, and every datapoint equals expected.json`, async () => {
    const file = path.join(tmp, `ts-${serializer}.lmdb`);
    const dps = loadExpected().datapoints.map(valueFromExpected);
    await LMDBSerializer.save(new DataFromList(dps, { shuffle: false }), file, { serializer, writeFrequency: 10 });
    const r = await runPython(READER, [file, serializer]);
    assert.equal(r.code, 0, `python: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout.trim(), 'PASS: 64 datapoints, entries 65');
  });
}
