// `dataflow bench`: TestDataSpeed on a flow from a module (sync and async flows).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flowsModule, runCli } from './fixtures/runCli.ts';

test('bench <module> and <module>#export time the given number of datapoints', async () => {
  const [sync, async_] = await Promise.all([runCli(['bench', flowsModule, '--count', '10']), runCli(['bench', `${flowsModule}#letters`, '--count', '52', '--warmup', '2'])]);
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stderr, /DataFromList: 10 datapoints in [\d.]+ s, [\d.]+ datapoints\/s\n$/);
  assert.equal(async_.code, 0, async_.stderr);
  assert.match(async_.stderr, /DataFromGenerator: 52 datapoints in [\d.]+ s, [\d.]+ datapoints\/s\n$/);
});
