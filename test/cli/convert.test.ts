// `dataflow convert`: LMDB → TFRecord (msgpack) → .npz → LMDB (pickle) keeps every datapoint exactly.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { LMDBSerializer } from '../../src/formats/lmdb/LMDBSerializer.ts';
import { assertMatchesExpected, fixturesDir, loadExpected } from '../formats/expectedJson.ts';
import { collect } from '../helpers.ts';
import { runCli } from './fixtures/runCli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'dataflow-convert-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a chain of conversions through every format gives back expected.json, in order', async () => {
  const [tfrecord, npz, lmdb] = ['a.tfrecord', 'b.npz', 'c.lmdb'].map((f) => path.join(dir, f)) as [string, string, string];
  const steps: [string, string, string[], string][] = [
    [path.join(fixturesDir, 'tensorpack-msgpack.lmdb'), tfrecord, ['--serializer', 'msgpack'], '(lmdb) → ' + tfrecord + ' (tfrecord, msgpack)'],
    [tfrecord, npz, [], `(tfrecord) → ${npz} (npz)`],
    [npz, lmdb, [], `(npz) → ${lmdb} (lmdb, pickle)`],
  ];
  for (const [input, output, extra, tail] of steps) {
    const r = await runCli(['convert', input, output, ...extra]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `converted 64 datapoints: ${input} ${tail}\n`);
  }
  // the TFRecord holds msgpack: the first record's payload (after 12 bytes of framing) is an array16 of 25
  assert.deepEqual([...readFileSync(tfrecord).subarray(12, 15)], [0xdc, 0x00, 0x19]);
  const dps = collect(LMDBSerializer.load(lmdb, { shuffle: false }));
  const expected = loadExpected().datapoints;
  assert.equal(dps.length, 64);
  dps.forEach((dp, i) => assertMatchesExpected(dp, expected[i], `datapoint ${i}`));

  const again = await runCli(['convert', npz, lmdb]);
  assert.equal(again.code, 1);
  assert.equal(again.stderr, `dataflow: ${lmdb} exists; not overwriting it\n`);
  const msgpackNpz = await runCli(['convert', tfrecord, path.join(dir, 'd.npz'), '--serializer', 'msgpack']);
  assert.equal(msgpackNpz.stderr, 'dataflow: an .npz holds a pickled list (tensorpack NumpySerializer); --serializer msgpack does not apply\n');
});
