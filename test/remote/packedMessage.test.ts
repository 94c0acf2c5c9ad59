// The TS-to-TS packed mode: several datapoints per message, auto-detected by the consumer.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as zmq from 'zeromq';
import { DataFromGenerator } from '../../src/core/sources/DataFromGenerator.ts';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { dumps, loads } from '../../src/formats/serialize/index.ts';
import { isPacked, PackWriter, unpackFrames } from '../../src/remote/packedMessage.ts';
import { RemoteDataZMQ, sendDataflowZmq, type JunkFrame } from '../../src/remote/index.ts';
import { ipcDir } from './fixtures/addresses.ts';
import { closeAfterEach } from './fixtures/cleanup.ts';

const ipc = ipcDir();
after(() => ipc.remove());
const cleanup = closeAfterEach();

// A grace period before the sender closes: libzmq may drop frames still in flight at close, even with a linger.
const quiet = { onRate: () => {}, grace: 1000 };
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function packed(dps: unknown[], capacity = dps.length): Buffer {
  const w = new PackWriter(capacity, 'msgpack');
  for (const dp of dps) w.add(dp);
  return w.finish();
}

test('PackWriter writes magic, count, lengths, then the tensorpack frames; unpackFrames gives them back', () => {
  assert.equal(hex(packed([[1], [2]])), 'c1444650' + '02000000' + '02000000' + '02000000' + '9101' + '9102');
  // room for 5 reserved, 2 used: the same bytes
  assert.equal(hex(packed([[1], [2]], 5)), hex(packed([[1], [2]])));
  const dps = [[1, 'a'], { id: 2 }, [3, new Uint8Array([9, 9])]];
  const w = new PackWriter(4, 'pickle');
  for (const dp of dps) w.add(dp);
  const message = w.finish();
  const frames = unpackFrames(message);
  assert.ok(Array.isArray(frames));
  assert.deepEqual(frames.map(hex), dps.map((dp) => hex(dumps(dp))));
  // the writer starts over, in new memory (ZeroMQ may still be sending the last message)
  w.add(['next']);
  const second = w.finish();
  assert.deepEqual((unpackFrames(second) as Buffer[]).map((f) => loads(f)), [['next']]);
  assert.notEqual(second.buffer, message.buffer);
  assert.equal(hex(message.subarray(0, 8)), 'c144465003000000');
});

test('an unencodable datapoint adds nothing; isPacked needs the whole 8-byte header', () => {
  const w = new PackWriter(3, 'msgpack');
  w.add([1]);
  assert.throws(() => w.add([() => 0]), /a function/);
  w.add([2]);
  assert.equal(w.count, 2);
  assert.deepEqual((unpackFrames(w.finish()) as Buffer[]).map((f) => loads(f)), [[1], [2]]);
  assert.equal(isPacked(Buffer.from('c1444650000000', 'hex')), false);
  assert.equal(isPacked(Buffer.from('c144465000000000', 'hex')), true);
  assert.equal(isPacked(dumps([1], { serializer: 'msgpack' })), false);
  assert.equal(isPacked(dumps([1])), false);
});

test('unpackFrames names what is wrong with a malformed packed message', () => {
  const good = packed([[1], [2]]);
  assert.equal(unpackFrames(Buffer.from('c144465000000000', 'hex')), 'a packed message of 0 datapoints');
  assert.equal(unpackFrames(Buffer.from('c1444650ffffffff', 'hex')), 'a packed message of 4294967295 datapoints needs 17179869188 header bytes, has 8 bytes in all');
  assert.equal(unpackFrames(good.subarray(0, good.length - 1)), "a packed message's datapoint 1 (2 bytes) runs past its end (19 bytes)");
  assert.equal(unpackFrames(Buffer.concat([good, Buffer.from([0])])), 'a packed message of 2 datapoints holds 1 bytes after its last one');
});

/** A raw PULL socket: the datapoints of each message, decoded. */
async function pullMessages(addr: string, n: number): Promise<unknown[][]> {
  const sock = cleanup.open(new zmq.Pull({ linger: 0 }));
  await sock.bind(addr);
  const out: unknown[][] = [];
  while (out.length < n) {
    const [frame] = await sock.receive();
    out.push((unpackFrames(frame!) as Buffer[]).map((f) => loads(f)));
  }
  sock.close();
  return out;
}

test('sendDataflowZmq pack: n datapoints per message, in order; count sends the last, partial message too', async () => {
  const addr = ipc.address('pack');
  const messages = pullMessages(addr, 3);
  const sender = cleanup.open(sendDataflowZmq(new DataFromList([[0], [1], [2]], { shuffle: false }), addr, { ...quiet, serializer: 'msgpack', count: 10, pack: 4 }));
  assert.deepEqual(await messages, [[[0], [1], [2], [0]], [[1], [2], [0], [1]], [[2], [0]]]);
  assert.equal((await sender.done).sent, 10);
  assert.throws(() => sendDataflowZmq(new DataFromList([[1]]), addr, { pack: 0 }), { message: 'sendDataflowZmq: pack must be a positive integer, got 0' });
  assert.throws(() => sendDataflowZmq(new DataFromList([[1]]), addr, { pack: 2, packDelay: 0.5 }), { message: 'sendDataflowZmq: packDelay must be a whole number of milliseconds ≥ 0, got 0.5' });
});

test('pack: a datapoint is not held back waiting for its message to fill (packDelay)', { timeout: 20_000 }, async () => {
  const addr = ipc.address('delay');
  const sock = cleanup.open(new zmq.Pull({ linger: 0 }));
  await sock.bind(addr);
  // The flow makes datapoint i+1 only once datapoint i has arrived: only the delay can send it.
  const got: unknown[][] = [];
  const flow = new DataFromGenerator(async function* () {
    for (let i = 0; i < 4; i++) {
      yield [i];
      const [frame] = await sock.receive();
      got.push((unpackFrames(frame!) as Buffer[]).map((f) => loads(f)));
    }
  });
  const sender = cleanup.open(sendDataflowZmq(flow, addr, { ...quiet, epochs: 1, pack: 64, packDelay: 2 }));
  assert.equal((await sender.done).sent, 4);
  sock.close();
  assert.deepEqual(got, [[[0]], [[1]], [[2]], [[3]]]);
});

test('one consumer takes packed and tensorpack producers at once, each in its order', { timeout: 20_000 }, async () => {
  const addr = ipc.address('mixed');
  const remote = new RemoteDataZMQ(addr, undefined, { onJunk: (j) => assert.fail(j.error.message) });
  const seq = (tag: string) => new DataFromGenerator(function* () {
    for (let i = 0; ; i++) yield [tag, i];
  });
  const producers = [
    cleanup.open(sendDataflowZmq(seq('packed'), addr, { ...quiet, count: 300, pack: 16, serializer: 'msgpack' })),
    cleanup.open(sendDataflowZmq(seq('plain'), addr, { ...quiet, count: 300 })),
  ];
  const received: [string, number][] = [];
  for await (const dp of remote.iterAsync({ signal: cleanup.signal })) if (received.push(dp as [string, number]) === 600) break;
  await Promise.all(producers.map((p) => p.done));
  for (const tag of ['packed', 'plain']) {
    assert.deepEqual(received.filter(([t]) => t === tag).map(([, i]) => i), Array.from({ length: 300 }, (_, i) => i));
  }
  assert.equal(remote.receivedCount, 600);
});

test('junk in packed messages: a malformed one is dropped whole, a bad datapoint inside alone', async () => {
  const addr = ipc.address('junk');
  const junk: JunkFrame[] = [];
  const remote = new RemoteDataZMQ(addr, undefined, { onJunk: (j) => junk.push(j) });
  const producer = cleanup.open(new zmq.Push({ linger: 1000 }));
  producer.connect(addr);
  const good = packed([['a'], ['b']]);
  await producer.send(Buffer.from('c144465000000000', 'hex'));
  await producer.send(good.subarray(0, good.length - 1));
  const w = new PackWriter(3, 'msgpack');
  w.add(['c']);
  w.add(42); // decodes, but is not a datapoint
  w.add(['d']);
  await producer.send(w.finish());
  await producer.send(good);
  const received: unknown[] = [];
  for await (const dp of remote.iterAsync({ signal: cleanup.signal })) if (received.push(dp) === 4) break;
  producer.close();
  assert.deepEqual(received, [['c'], ['d'], ['a'], ['b']]);
  assert.deepEqual(
    junk.map((j) => j.error.message),
    [
      'RemoteDataZMQ: dropped junk message 1 (8 bytes): a packed message of 0 datapoints',
      "RemoteDataZMQ: dropped junk message 2 (21 bytes): a packed message's datapoint 1 (3 bytes) runs past its end (21 bytes)",
      'RemoteDataZMQ: dropped junk message 3 (1 bytes): datapoint 1 of a packed message of 3: decoded to number, not a datapoint (a list or a record)',
    ],
  );
  assert.deepEqual(junk.map((j) => j.error.index), [0, 0, 1]);
});
