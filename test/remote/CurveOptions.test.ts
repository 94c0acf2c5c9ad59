// CURVE: with keys set, only a peer with the right key exchanges anything, in either direction.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as zmq from 'zeromq';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { RemoteDataZMQ, sendDataflowZmq, type CurveOptions, type SendOptions } from '../../src/remote/index.ts';
import { ipcDir } from './fixtures/addresses.ts';
import { closeAfterEach } from './fixtures/cleanup.ts';

const ipc = ipcDir();
after(() => ipc.remove());
const cleanup = closeAfterEach();

const server = zmq.curveKeyPair();
const client = zmq.curveKeyPair();
const stranger = zmq.curveKeyPair();

/** Starts producer `id` sending [id, i] with the given CURVE options (closed when the test ends); returns its handle. */
function producer(addr: string, id: string, curve?: CurveOptions, extra: SendOptions = {}) {
  const flow = new DataFromList([[id]], { shuffle: false });
  return cleanup.open(sendDataflowZmq(flow, addr, { curve, onRate: () => {}, linger: 0, ...extra }));
}

/** What a consumer receives until `done` says so, or until `ms` milliseconds of silence (the timeout ends the pass). */
async function receivedIn(remote: RemoteDataZMQ, ms: number, done: (ids: string[]) => boolean = () => false): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const dp of remote.iterAsync({ signal: cleanup.signal })) {
      ids.push((dp as string[])[0]!);
      if (done(ids)) break;
    }
  } catch (e) {
    assert.match((e as Error).message, new RegExp(`within ${ms} ms`));
  }
  return ids;
}

test('consumer as CURVE server: only producers with its public key get through; no key or a wrong key exchanges nothing', async () => {
  const addr = ipc.address('server');
  const remote = new RemoteDataZMQ(addr, undefined, { curve: server, timeout: 1500 });
  const good = producer(addr, 'good', { ...client, serverKey: server.publicKey });
  const plain = producer(addr, 'plain');
  const wrong = producer(addr, 'wrong', { ...client, serverKey: stranger.publicKey });
  const ids = await receivedIn(remote, 1500, (got) => got.length >= 2000);
  assert.ok(ids.length > 0);
  assert.deepEqual(new Set(ids), new Set(['good']));
  // they queued up to their high-water mark (50) locally, and waited there: nothing got through
  assert.deepEqual([plain.sent, wrong.sent], [50, 50]);
});

test('allowedClientKeys: a producer with the server key but an unlisted client key is turned away and reported', async () => {
  const addr = ipc.address('allow');
  const denied: string[] = [];
  const remote = new RemoteDataZMQ(addr, undefined, { curve: { ...server, allowedClientKeys: [client.publicKey] }, timeout: 1500, onDenied: (k) => denied.push(k) });
  const good = producer(addr, 'good', { ...client, serverKey: server.publicKey });
  const unlisted = producer(addr, 'unlisted', { ...stranger, serverKey: server.publicKey });
  // until the refusal is reported (the good producer's data may all arrive before it), or 1.5 s of silence
  const ids = await receivedIn(remote, 1500, (got) => got.length >= 2000 && denied.length > 0);
  assert.ok(ids.length > 0);
  assert.deepEqual(new Set(ids), new Set(['good']));
  assert.ok(denied.length >= 1, 'the unlisted producer was reported');
  assert.deepEqual(new Set(denied), new Set([stranger.publicKey]));
});

test('a consumer without the right key receives nothing from a CURVE producer', async () => {
  const addr = ipc.address('consumer-side');
  // the producer binds and is the CURVE server here; consumers connect as clients
  const sender = producer(addr, 'secret', server, { bind: true });
  await sender.endpoint;
  const plain = new RemoteDataZMQ(addr, undefined, { bind: false, timeout: 800 });
  assert.deepEqual(await receivedIn(plain, 800), []);
  const wrong = new RemoteDataZMQ(addr, undefined, { bind: false, timeout: 800, curve: { ...client, serverKey: stranger.publicKey } });
  assert.deepEqual(await receivedIn(wrong, 800), []);
  assert.equal(sender.sent, 0);
  const right = new RemoteDataZMQ(addr, undefined, { bind: false, timeout: 5000, curve: { ...client, serverKey: server.publicKey } });
  assert.deepEqual(await receivedIn(right, 5000, (got) => got.length >= 3), ['secret', 'secret', 'secret']);
});

test('bad keys are rejected before anything is opened', () => {
  assert.throws(() => new RemoteDataZMQ(ipc.address('bad'), undefined, { curve: { publicKey: 'short', secretKey: server.secretKey } }), {
    message: 'RemoteDataZMQ: curve.publicKey must be a 40-character Z85 key (see zmq.curveKeyPair()), got 5 characters',
  });
  assert.throws(() => producer(ipc.address('bad'), 'x', { ...client, serverKey: server.publicKey, allowedClientKeys: [] }), {
    message: 'sendDataflowZmq: curve.allowedClientKeys applies to the server side only (leave out serverKey)',
  });
});
