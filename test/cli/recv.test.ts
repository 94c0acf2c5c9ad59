// `dataflow recv`: a remote stream measured with TestDataSpeed.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { sendDataflowZmq } from '../../src/remote/index.ts';
import { ipcDir } from '../remote/fixtures/addresses.ts';
import { runCli } from './fixtures/runCli.ts';

const ipc = ipcDir();
after(() => ipc.remove());

test('recv --addr --count N: receives N datapoints from a producer and prints their speed', async () => {
  const addr = ipc.address('recv');
  const sender = sendDataflowZmq(new DataFromList([[1], [2]]), addr, { onRate: () => {} });
  const r = await runCli(['recv', '--addr', addr, '--count', '100', '--timeout', '20000']);
  await sender.close();
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /RemoteDataZMQ: 100 datapoints in [\d.]+ s, [\d.]+ datapoints\/s\n$/);
});

test('recv --timeout: no producer → exit 1 with one line naming the address', async () => {
  const addr = ipc.address('silent');
  const r = await runCli(['recv', '--addr', addr, '--count', '5', '--timeout', '300']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`dataflow: RemoteDataZMQ: no datapoint arrived on ${addr} within 300 ms \\(0 received so far\\)\n$`));
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('dataflow:')).length, 1);
});
