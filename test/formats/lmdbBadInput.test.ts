import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { open } from 'lmdb';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { LMDBData } from '../../src/formats/lmdb/LMDBData.ts';
import { LMDBSerializer } from '../../src/formats/lmdb/LMDBSerializer.ts';
import { dumps } from '../../src/formats/serialize/index.ts';
import { collect } from '../helpers.ts';
import { fixturesDir } from './expectedJson.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'lmdb-bad-input-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const fixture = path.join(fixturesDir, 'tensorpack-pickle.lmdb');

const fails = (file: string, message: string) =>
  assert.throws(() => LMDBSerializer.load(file), { name: 'DataFlowError', message: `LMDBData: ${file} ${message}` });

test('a zero-byte file', () => {
  const file = path.join(tmp, 'zero.lmdb');
  writeFileSync(file, '');
  fails(file, 'is empty (0 bytes), not an LMDB file');
});

test('a file that is not LMDB, long or short', () => {
  const file = path.join(tmp, 'text.lmdb');
  writeFileSync(file, 'x'.repeat(10000));
  fails(file, 'is not an LMDB file (no LMDB magic in its meta page)');
  writeFileSync(file, 'hello');
  fails(file, 'is not an LMDB file (5 bytes, no LMDB magic)');
});

test('an LMDB file in data format v2', () => {
  // written by lmdb-js 3.5.6's prebuilt binary (format v2), i.e. `open({ path, noSubdir: true })`
  // with the package's @lmdb/lmdb-linux-x64 build instead of our LMDB_DATA_V1 rebuild
  const file = new URL('./fixtures/lmdb-format-v2.lmdb', import.meta.url).pathname;
  fails(file, "is an LMDB file in data format v2 (LMDB 1.x / lmdb-js's prebuilt binary); this build reads format v1, as py-lmdb and tensorpack write it");
});

test('a v1-layout meta page with another format version', () => {
  const file = path.join(tmp, 'version.lmdb');
  const bytes = readFileSync(fixture);
  bytes.writeUInt32LE(3, 20); // mm_version of meta page 0
  writeFileSync(file, bytes);
  fails(file, 'is an LMDB file in data format v3; this build reads format v1, as py-lmdb and tensorpack write it');
});

test('a truncated file: cut inside a page, cut inside the meta pages, cut at a page boundary', async () => {
  const big = path.join(tmp, 'big.lmdb');
  const dps = Array.from({ length: 200 }, (_, i) => [i, Buffer.alloc(3000, i)]);
  await LMDBSerializer.save(new DataFromList(dps, { shuffle: false }), big);
  const size = statSync(big).size;
  const pages = size / 4096;
  assert.ok(pages > 100, `${pages} pages`);

  const cut = path.join(tmp, 'cut.lmdb');
  copyFileSync(big, cut);
  truncateSync(cut, size - 100);
  fails(cut, `is truncated: ${size - 100} bytes is not a whole number (≥ 2) of 4096-byte pages`);
  truncateSync(cut, 4096);
  fails(cut, 'is truncated: 4096 bytes is not a whole number (≥ 2) of 4096-byte pages');
  truncateSync(cut, 100);
  fails(cut, 'is truncated inside its meta page (100 bytes)');
  copyFileSync(big, cut);
  truncateSync(cut, 60 * 4096);
  assert.throws(() => new LMDBData(cut), (e: Error) => {
    assert.match(e.message, new RegExp(`^LMDBData: ${cut} is truncated: it holds 60 pages but its B-tree refers to page (6\\d|[7-9]\\d|\\d{3})$`));
    return true;
  });
  assert.equal(collect(LMDBSerializer.load(big, { shuffle: false })).length, 200);
});

test('a directory that is not an LMDB environment, and a missing path', () => {
  const dir = path.join(tmp, 'not-lmdb');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'something.txt'), 'x');
  fails(dir, 'is a directory without data.mdb: not an LMDB environment');
  fails(path.join(tmp, 'missing.lmdb'), 'does not exist');
  const withBadData = path.join(tmp, 'bad-env');
  mkdirSync(withBadData);
  writeFileSync(path.join(withBadData, 'data.mdb'), '');
  assert.throws(() => new LMDBData(withBadData), { message: `LMDBData: ${path.join(withBadData, 'data.mdb')} is empty (0 bytes), not an LMDB file` });
});

/** An LMDB file written directly, with the given entries. */
async function rawLmdb(name: string, entries: [string | Uint8Array, Uint8Array][]): Promise<string> {
  const file = path.join(tmp, name);
  const db = open<Buffer, Buffer>({ path: file, noSubdir: true, keyEncoding: 'binary', encoding: 'binary' });
  db.transactionSync(() => {
    for (const [k, v] of entries) db.putSync(typeof k === 'string' ? Buffer.from(k) : Buffer.from(k), Buffer.from(v));
  });
  await db.close();
  return file;
}

test('a value that does not decode names the file and the key', async () => {
  const file = await rawLmdb('bad-value.lmdb', [['00000000', dumps([1])], ['00000001', Buffer.from([0xc1])], ['__keys__', dumps([Buffer.from('00000000'), Buffer.from('00000001')])]]);
  const flow = LMDBSerializer.load(file, { shuffle: false });
  assert.throws(() => collect(flow), { name: 'DataFlowError', message: `msgpack: cannot decode key "00000001" in ${file}: invalid msgpack byte 0xc1 at offset 0` });
  const binary = await rawLmdb('bad-value-binary-key.lmdb', [[Buffer.from([0xff, 0x01]), Buffer.from([0xc1])]]);
  assert.throws(() => collect(LMDBSerializer.load(binary, { shuffle: false })), { message: `msgpack: cannot decode key 0xff01 in ${binary}: invalid msgpack byte 0xc1 at offset 0` });
});

test('__keys__ naming a missing key, or not a list of bytes', async () => {
  const missing = await rawLmdb('missing-key.lmdb', [['00000000', dumps([1])], ['__keys__', dumps([Buffer.from('00000000'), Buffer.from('00000007')])]]);
  const data = new LMDBData(missing, { seed: 3 });
  assert.throws(() => collect(data), (e: Error & { index?: number }) => {
    assert.match(e.message, new RegExp(`^LMDBData: key "00000007" \\(datapoint [01] of this pass\\) is not in ${missing}$`));
    return true;
  });
  const notBytes = await rawLmdb('keys-not-bytes.lmdb', [['00000000', dumps([1])], ['__keys__', dumps(['00000000'])]]);
  assert.throws(() => new LMDBData(notBytes), { message: `LMDBData: __keys__ of ${notBytes} is not a list of bytes` });
});

test('without __keys__, shuffle walks the keys once; the length counts every entry', async () => {
  const file = await rawLmdb('no-keys.lmdb', [['a', dumps([1])], ['b', dumps([2])], ['c', dumps([3])]]);
  const data = new LMDBData(file, { seed: 1 });
  assert.equal(data.length, 3);
  assert.deepEqual(collect(data).map(([k]) => k.toString()).sort(), ['a', 'b', 'c']);
  const given = new LMDBData(file, { keys: [Buffer.from('c'), Buffer.from('a')], seed: 1 });
  assert.deepEqual(collect(given).map(([k]) => k.toString()).sort(), ['a', 'c']);
});
