// A TFRecord file written here, read by an independent Python reader of TensorFlow's framing
// (TensorFlow itself is not installed: its record format is uint64 length, masked CRC-32C of the
// length, data, masked CRC-32C of the data), each record decoded by peer.py's serializer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DataFromList } from '../src/core/sources/DataFromList.ts';
import { TFRecordSerializer } from '../src/formats/tfrecord/TFRecordSerializer.ts';
import { loadExpected, valueFromExpected } from '../test/formats/expectedJson.ts';
import { requirePythonModules, runPython } from './pythonPeer.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'tfrecord-interop-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
before(() => requirePythonModules(['numpy', 'msgpack', 'msgpack_numpy']));

const READER = `
import sys, struct, peer
TABLE = []
for n in range(256):
    c = n
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    TABLE.append(c)
def crc32c(b):
    c = 0xFFFFFFFF
    for x in b:
        c = TABLE[(c ^ x) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF
def masked(b):
    c = crc32c(b)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF
path, serializer = sys.argv[1], sys.argv[2]
_, loads = peer.get_serializer(serializer)
expected = peer.load_expected()['datapoints']
data = open(path, 'rb').read()
pos, i = 0, 0
while pos < len(data):
    (length,) = struct.unpack('<Q', data[pos:pos + 8])
    assert struct.unpack('<I', data[pos + 8:pos + 12])[0] == masked(data[pos:pos + 8]), 'length crc of record %d' % i
    record = data[pos + 12:pos + 12 + length]
    assert struct.unpack('<I', data[pos + 12 + length:pos + 16 + length])[0] == masked(record), 'data crc of record %d' % i
    err = peer.check(loads(record), expected[i], 'record %d' % i)
    if err: print('FAIL: ' + err); sys.exit(1)
    pos, i = pos + 16 + length, i + 1
print('PASS: %d records' % i)
`;

for (const serializer of ['msgpack', 'pickle'] as const) {
  test(`a TFRecord file saved here with ${serializer} reads back in Python, equal to expected.json`, async () => {
    const file = path.join(tmp, `ts-${serializer}.tfrecord`);
    await TFRecordSerializer.save(new DataFromList(loadExpected().datapoints.map(valueFromExpected), { shuffle: false }), file, { serializer });
    const r = await runPython(READER, [file, serializer]);
    assert.equal(r.code, 0, `python: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout.trim(), 'PASS: 64 records');
  });
}
