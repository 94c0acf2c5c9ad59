// CURVE: with keys set, only a peer with the right key exchanges anything, in either direction.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as zmq from 'zeromq';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { RemoteDataZMQ, sendDataflowZmq, type CurveOptions, type SendOptions } from '../../src/remote/index.ts';
import { ipcDir } from './fixtures/addresses.ts';

const ipc = ipcDir();
after(() => ipc.remove());

const server = zmq.curveKeyPair();
const client = zmq.curveKeyPair();
const stranger = zmq.curveKeyPair();

/** Starts producer `id` sending [id, i] with the given CURVE options; returns its handle. */
function producer(addr: string, id: string, curve?: CurveOptions, extra: SendOptions = {}) {
  const flow = new DataFromList([[id]], { shuffle: false });
  return sendDataflowZmq(flow, addr, { curve, onRate: () => {}, linger: 0, ...extra });
}

/** What a consumer receives in `ms` milliseconds (the timeout ends the pass). */
async function receivedIn(remote: RemoteDataZMQ, ms: number, until = Infinity): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const dp of remote) if (ids.push((dp as string[])[0]!) >= until) break;
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
  const ids = await receivedIn(remote, 1500, 2000);
  assert.ok(ids.length > 0);
  assert.deepEqual(new Set(ids), new Set(['good']));
  // they queued up to their high-water mark (50) locally, and waited there: nothing got through
  assert.deepEqual([plain.sent, wrong.sent], [50, 50]);
  await Promise.all([good.close(), plain.close(), wrong.close()]);
});

test('allowedClientKeys: a producer with the server key but an unlisted client key is turned away and reported', async () => {
  const addr = ipc.address('allow');
  const denied: string[] = [];
  const remote = new RemoteDataZMQ(addr, undefined, { curve: { ...server, allowedClientKeys: [client.publicKey] }, timeout: 1500, onDenied: (k) => denied.push(k) });
  const good = producer(addr, 'good', { ...client, serverKey: server.publicKey });
  const unlisted = producer(addr, 'unlisted', { ...stranger, serverKey: server.publicKey });
  const ids = await receivedIn(remote, 1500, 2000);
  assert.ok(ids.length > 0);
  assert.deepEqual(new Set(ids), new Set(['good']));
  assert.ok(denied.length >= 1 && denied.every((k) => k === stranger.publicKey));
  await Promise.all([good.close(), unlisted.close()]);
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
  assert.deepEqual(await receivedIn(right, 5000, 3), ['secret', 'secret', 'secret']);
  await sender.close();
});

test('bad keys are rejected before anything is opened', () => {
  assert.throws(() => new RemoteDataZMQ(ipc.address('bad'), undefined, { curve: { publicKey: 'short', secretKey: server.secretKey } }), {
    message: 'RemoteDataZMQ: curve.publicKey must be a 40-character Z85 key (see zmq.curveKeyPair()), got 5 characters',
  });
  assert.throws(() => producer(ipc.address('bad'), 'x', { ...client, serverKey: server.publicKey, allowedClientKeys: [] }), {
    message: 'sendDataflowZmq: curve.allowedClientKeys applies to the server side only (leave out serverKey)',
  });
});
