import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as zmq from 'zeromq';
import { NDArray } from '../../src/core/NDArray.ts';
import { RNG } from '../../src/core/RNG.ts';
import { dumps, loads } from '../../src/formats/serialize/index.ts';
import type { DataFlow } from '../../src/core/DataFlow.ts';
import { RemoteDataZMQ, type JunkFrame } from '../../src/remote/index.ts';
import { ipcDir } from './fixtures/addresses.ts';
import { closeAfterEach } from './fixtures/cleanup.ts';

const ipc = ipcDir();
after(() => ipc.remove());
const cleanup = closeAfterEach();

/** A raw PUSH socket connected to `addr`, for sending exactly the given messages. */
function push(addr: string): zmq.Push {
  const sock = cleanup.open(new zmq.Push({ linger: 1000 }));
  sock.connect(addr);
  return sock;
}

/** Receives n datapoints from a pass of `flow`, then ends the pass (as the test does, at the latest). */
async function take<T>(flow: DataFlow<T>, n: number, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  for await (const dp of flow.iterAsync({ signal: signal ? AbortSignal.any([signal, cleanup.signal]) : cleanup.signal })) if (out.push(dp) === n) break;
  return out;
}

test('binds addr1 and addr2 by default and yields what producers on both send; length Infinity', async () => {
  const [a1, a2] = [ipc.address('a1'), ipc.address('a2')];
  const remote = new RemoteDataZMQ(a1, a2, { onJunk: (j) => assert.fail(j.error.message) });
  assert.equal(remote.length, Infinity);
  assert.equal(remote.isSync, false);
  const received = take(remote, 4);
  const [p1, p2] = [push(a1), push(a2)];
  await p1.send(dumps([1, 'one'], { serializer: 'msgpack' }));
  await p2.send(dumps([2, 'two'])); // pickle: detected per message
  await p1.send(dumps([3, 'three'], { serializer: 'msgpack' }));
  await p2.send(dumps({ id: 4 }));
  const dps = await received;
  p1.close();
  p2.close();
  assert.deepEqual(new Set(dps.map((dp) => JSON.stringify(dp))), new Set(['[1,"one"]', '[2,"two"]', '[3,"three"]', '{"id":4}']));
  // within one producer the order is kept
  const fromP1 = dps.filter((dp) => Array.isArray(dp) && (dp[0] === 1 || dp[0] === 3));
  assert.deepEqual(fromP1, [[1, 'one'], [3, 'three']]);
  assert.equal(remote.receivedCount, 4);
});

test('a uint8 array arrives as a view of its message, not a copy', async () => {
  const addr = ipc.address('views');
  const remote = new RemoteDataZMQ(addr, undefined, { onJunk: (j) => assert.fail(j.error.message) });
  const received = take(remote, 1);
  const p = push(addr);
  const image = NDArray.from(Uint8Array.from({ length: 3000 }, (_, i) => i & 255), [1000, 3]);
  const message = dumps([image, 5], { serializer: 'msgpack' });
  await p.send(message);
  const [[got, label]] = (await received) as [[NDArray<'uint8'>, number]];
  p.close();
  assert.deepEqual([got, label], [image, 5]);
  // the array is the message's own bytes: its data ends just before the label's one byte
  assert.equal(got.data.buffer.byteLength, message.length);
  assert.equal(got.data.byteOffset, message.length - 1 - 3000);
});

test('junk (random bytes, non-datapoints, multipart messages) is counted and reported, never yielded, never fatal', async () => {
  const addr = ipc.address('junk');
  const junk: JunkFrame[] = [];
  const remote = new RemoteDataZMQ(addr, undefined, { onJunk: (j) => junk.push(j) });
  const received = take(remote, 2);
  const producer = push(addr);
  const rng = new RNG(7, 0);
  const randomFrames = Array.from({ length: 50 }, (_, i) => {
    const bytes = Buffer.alloc(1 + (i * 37) % 300);
    for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(rng.random() * 256);
    bytes[0] = 0xc1; // never valid msgpack, never a pickle: junk whatever follows
    return bytes;
  });
  await producer.send(dumps(['first']));
  for (const f of randomFrames) await producer.send(f);
  await producer.send(dumps(42, { serializer: 'msgpack' })); // decodes, but is not a datapoint
  await producer.send([dumps(['a']), dumps(['b'])]); // tensorpack never sends multipart
  await producer.send(dumps(['last'], { serializer: 'msgpack' }));
  assert.deepEqual(await received, [['first'], ['last']]);
  producer.close();
  assert.equal(remote.junkCount, 52);
  assert.deepEqual(junk.map((j) => j.count), Array.from({ length: 52 }, (_, i) => i + 1));
  assert.deepEqual(junk.map((j) => j.bytes).slice(0, 50), randomFrames.map((f) => f.length));
  assert.match(junk[0]!.error.message, /^RemoteDataZMQ: dropped junk message 1 \(1 bytes\): msgpack: cannot decode in ipc:\/\/\S+junk: /);
  assert.equal(junk[50]!.error.message, 'RemoteDataZMQ: dropped junk message 51 (1 bytes): decoded to number, not a datapoint (a list or a record)');
  assert.match(junk[51]!.error.message, /^RemoteDataZMQ: dropped junk message 52 \(\d+ bytes\): a 2-part message; tensorpack sends one frame per datapoint$/);
});

test('fuzz: 2000 random frames of any bytes never crash the consumer nor come out as datapoints', async () => {
  const addr = ipc.address('fuzz');
  const remote = new RemoteDataZMQ(addr, undefined, { onJunk: () => {} });
  const received = take(remote, 1);
  const producer = push(addr);
  const rng = new RNG(11, 0);
  let decodable = 0;
  for (let i = 0; i < 2000; i++) {
    const bytes = Buffer.alloc(1 + (i % 64));
    for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(rng.random() * 256);
    // a random frame can happen to be a valid datapoint (0x90 is msgpack's empty list): send only the others
    try {
      const v = loads(bytes);
      if (typeof v === 'object' && v !== null) {
        decodable++;
        continue;
      }
    } catch {
      // junk, as intended
    }
    await producer.send(bytes);
  }
  await producer.send(dumps(['end']));
  assert.deepEqual(await received, [['end']]);
  producer.close();
  assert.equal(remote.junkCount, 2000 - decodable);
});

test('maxMessageSize: a larger message is refused by ZeroMQ and never yielded; the consumer goes on', async () => {
  const addr = ipc.address('max');
  const remote = new RemoteDataZMQ(addr, undefined, { maxMessageSize: 1000, onJunk: (j) => assert.fail(j.error.message) });
  const received = take(remote, 2);
  const big = push(addr);
  const small = push(addr);
  await big.send(dumps([new Uint8Array(5000)]));
  await small.send(dumps(['small 1']));
  await small.send(dumps(['small 2']));
  assert.deepEqual(await received, [['small 1'], ['small 2']]);
  big.close();
  small.close();
});

test('timeout: silence ends the pass with a DataFlowError naming the addresses', async () => {
  const addr = ipc.address('quiet');
  const remote = new RemoteDataZMQ(addr, undefined, { timeout: 200 });
  await assert.rejects(take(remote, 1), { name: 'DataFlowError', message: `RemoteDataZMQ: no datapoint arrived on ${addr} within 200 ms (0 received so far)` });
  // the socket was released: a new pass binds again
  await assert.rejects(take(remote, 1), { message: `RemoteDataZMQ: no datapoint arrived on ${addr} within 200 ms (0 received so far)` });
});

test('an AbortSignal ends a waiting pass with its reason; one pass at a time; bad arguments', async () => {
  const addr = ipc.address('abort');
  const remote = new RemoteDataZMQ(addr);
  const controller = new AbortController();
  const pass = take(remote, 1, controller.signal);
  assert.throws(() => remote[Symbol.asyncIterator](), { message: `RemoteDataZMQ: is already receiving on ${addr}; one pass at a time` });
  setTimeout(() => controller.abort(new Error('stop')), 50);
  await assert.rejects(pass, { message: 'stop' });
  assert.throws(() => new RemoteDataZMQ('127.0.0.1:5555'), { message: 'RemoteDataZMQ: addr1 must look like tcp://host:port, ipc://path or inproc://name, got "127.0.0.1:5555"' });
  assert.throws(() => new RemoteDataZMQ(addr, 'x'), { message: 'RemoteDataZMQ: addr2 must look like tcp://host:port, ipc://path or inproc://name, got "x"' });
  assert.throws(() => new RemoteDataZMQ(addr, undefined, { timeout: 0 }), { message: 'RemoteDataZMQ: timeout must be a positive integer, got 0' });
  const taken = cleanup.open(new zmq.Pull({ linger: 0 }));
  await taken.bind('tcp://127.0.0.1:*');
  await assert.rejects(take(new RemoteDataZMQ(taken.lastEndpoint!), 1), { message: `RemoteDataZMQ: cannot bind ${taken.lastEndpoint}: Address already in use` });
  taken.close();
});
