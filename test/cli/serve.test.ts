// `dataflow serve`: a flow from a module, sent as tensorpack's send_dataflow_zmq does.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RemoteDataZMQ } from '../../src/remote/index.ts';
import { ipcDir } from '../remote/fixtures/addresses.ts';
import { flowsModule, runCli } from './fixtures/runCli.ts';

const ipc = ipcDir();
after(() => ipc.remove());

async function take(remote: RemoteDataZMQ, n: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const dp of remote) if (out.push(dp) === n) break;
  return out;
}

test('serve <module> --count: the default export, round and round, msgpack on the wire', async () => {
  const addr = ipc.address('serve');
  const remote = new RemoteDataZMQ(addr, undefined, { timeout: 20_000 });
  const received = take(remote, 7);
  const cli = runCli(['serve', flowsModule, '--addr', addr, '--count', '7', '--serializer', 'msgpack']);
  assert.deepEqual(await received, [[1, 'a'], [2, 'b'], [3, 'c'], [1, 'a'], [2, 'b'], [3, 'c'], [1, 'a']]);
  const r = await cli;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`^serving DataFromList on ${addr} \\(connected, msgpack\\)\n`));
  assert.match(r.stderr, /sendDataflowZmq ipc:\S+: 7 datapoints sent in [\d.]+ s, [\d.]+\/s \(done\)\n$/);
});

test('serve <module>#export --bind runs until SIGINT, then stops cleanly (exit 0)', async () => {
  const addr = ipc.address('serve-bind');
  const cli = runCli(['serve', `${flowsModule}#letters`, '--addr', addr, '--bind'], {
    onStderr: (text, kill) => void (text.includes('serving') && setTimeout(kill, 300)),
  });
  const remote = new RemoteDataZMQ(addr, undefined, { bind: false, timeout: 20_000 });
  const dps = await take(remote, 30);
  assert.deepEqual(dps.slice(0, 27), [...'abcdefghijklmnopqrstuvwxyz', 'a'].map((c) => [c]));
  const r = await cli;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^serving DataFromGenerator on ipc:\S+ \(bound, pickle\)\n/);
  assert.match(r.stderr, /\(done\)\n$/);
});
