// `dataflow inspect`: count, keys and the first datapoints' component types and shapes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fixturesDir } from '../formats/expectedJson.ts';
import { runCli } from './fixtures/runCli.ts';

test("inspect a tensorpack LMDB: count, keys in cursor order, components of the first datapoints", async () => {
  const file = path.join(fixturesDir, 'tensorpack-pickle.lmdb');
  const r = await runCli(['inspect', file, '--num', '2']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    `file: ${file}`,
    'format: lmdb',
    'count: 64',
    'keys: 00000000, 00000001, … (cursor order)',
    'datapoint 0 (25 components):',
    '  0: number value=-250000',
  ]);
  assert.equal(lines[6], '  1: NDArray<float32> shape=[2,3] range=[0, 0.625]');
  assert.equal(lines[17], '  12: NDArray<float32> shape=[0,3] (empty)');
  assert.equal(lines[30], 'datapoint 1 (25 components):');
  assert.equal(lines[31], '  0: number value=-242081');
  assert.equal(lines.length, 57); // 4 header lines, 2 × 26 datapoint lines, and the final newline
});
