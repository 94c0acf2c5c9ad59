import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { frameRecord, maskedCrc32c } from '../../src/formats/tfrecord/framing.ts';
import { TFRecordData } from '../../src/formats/tfrecord/TFRecordData.ts';
import { TFRecordSerializer } from '../../src/formats/tfrecord/TFRecordSerializer.ts';
import { dumps } from '../../src/formats/serialize/index.ts';
import { collect, collectAsync } from '../helpers.ts';
import { assertMatchesExpected, loadExpected, valueFromExpected } from './expectedJson.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'tfrecord-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const expected = loadExpected();

test("masked crc32c: TensorFlow's mask over CRC-32C; a frame is length, crc(length), data, crc(data)", () => {
  const crc = 0xe3069283; // CRC-32C check value of '123456789'
  assert.equal(maskedCrc32c(Buffer.from('123456789')), ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
  const frame = frameRecord(Buffer.from('abc'));
  assert.equal(frame.length, 3 + 16);
  assert.equal(frame.readBigUInt64LE(0), 3n);
  assert.equal(frame.readUInt32LE(8), maskedCrc32c(frame.subarray(0, 8)));
  assert.equal(frame.toString('latin1', 12, 15), 'abc');
  assert.equal(frame.readUInt32LE(15), maskedCrc32c(Buffer.from('abc')));
});

for (const serializer of ['msgpack', 'pickle'] as const) {
  test(`save (${serializer}) frames dumps(dp) per record; load decodes them exactly; size makes the length known`, async () => {
    const file = path.join(tmp, `all-${serializer}.tfrecord`);
    const dps = expected.datapoints.map(valueFromExpected);
    assert.equal(await TFRecordSerializer.save(new DataFromList(dps, { shuffle: false }), file, { serializer }), 64);
    const records = collect(new TFRecordData(file));
    assert.equal(records.length, 64);
    records.forEach((r, i) => assert.ok(r.equals(dumps(dps[i], { serializer })), `record ${i}`));
    assert.equal(readFileSync(file).length, records.reduce((n, r) => n + r.length + 16, 0));
    const flow = TFRecordSerializer.load(file);
    assert.equal(flow.length, null);
    (await collectAsync(flow)).forEach((dp, i) => assertMatchesExpected(dp, expected.datapoints[i], `datapoint ${i}`));
    const sized = TFRecordSerializer.load(file, { size: 64 });
    assert.equal(sized.length, 64);
    assert.equal(collect(sized).length, 64);
  });
}

test('bad input: truncated header, truncated data, bad length crc, bad data crc — each names file and record', async () => {
  const file = path.join(tmp, 'three.tfrecord');
  await TFRecordSerializer.save(new DataFromList([[1], [2], [3]], { shuffle: false }), file);
  const bytes = readFileSync(file);
  const recordSize = bytes.length / 3;
  const fails = (name: string, content: Buffer, message: string, index: number) => {
    const f = path.join(tmp, name);
    writeFileSync(f, content);
    assert.throws(() => collect(TFRecordSerializer.load(f)), (e: Error & { index?: number }) => {
      assert.equal(e.name, 'DataFlowError');
      assert.equal(e.message, `TFRecordData: ${f}: record ${index} (at byte ${index * recordSize}) ${message}`);
      assert.equal(e.index, index);
      return true;
    });
  };
  fails('cut-header.tfrecord', bytes.subarray(0, 2 * recordSize + 5), 'is truncated: 5 of its 12 header bytes', 2);
  fails('cut-data.tfrecord', bytes.subarray(0, bytes.length - 1), `is truncated: ${recordSize - 13} of its ${recordSize - 12} data and crc bytes`, 2);
  const badLength = Buffer.from(bytes);
  badLength[recordSize + 8]! ^= 1;
  fails('bad-length-crc.tfrecord', badLength, 'has a bad length crc: not a TFRecord file, or corrupt', 1);
  const badData = Buffer.from(bytes);
  badData[recordSize + 13]! ^= 0x40;
  fails('bad-data-crc.tfrecord', badData, 'has a bad data crc: corrupt', 1);
  fails('not-tfrecord.tfrecord', Buffer.from('this is not a tfrecord file at all'), 'has a bad length crc: not a TFRecord file, or corrupt', 0);
});

test('a record that does not decode names the file and record; a failed save leaves no file', async () => {
  const file = path.join(tmp, 'undecodable.tfrecord');
  writeFileSync(file, Buffer.concat([frameRecord(dumps([1])), frameRecord(Buffer.from([0xc1]))]));
  assert.throws(() => collect(TFRecordSerializer.load(file)), (e: Error) => {
    assert.match(e.message, new RegExp(`^msgpack: cannot decode record 1 in ${file}: `));
    return true;
  });
  const bad = path.join(tmp, 'bad-save.tfrecord');
  await assert.rejects(TFRecordSerializer.save(new DataFromList([[1], [Symbol('x')]], { shuffle: false }), bad), { message: /^TFRecordSerializer: cannot serialize datapoint 1: / });
  assert.equal(existsSync(bad), false);
  assert.throws(() => TFRecordSerializer.load(file, { size: 0 }), { message: 'TFRecordSerializer: size must be a positive integer, got 0' });
});
