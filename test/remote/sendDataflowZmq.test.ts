import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as zmq from 'zeromq';
import { DataFromGenerator } from '../../src/core/sources/DataFromGenerator.ts';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { loads } from '../../src/formats/serialize/index.ts';
import { sendDataflowZmq, type RateReport } from '../../src/remote/index.ts';
import { ipcDir } from './fixtures/addresses.ts';
import { closeAfterEach } from './fixtures/cleanup.ts';

const ipc = ipcDir();
after(() => ipc.remove());
const cleanup = closeAfterEach();

/** A raw PULL socket that collects every frame, for checking exactly what went on the wire. */
async function pull(addr: string): Promise<{ frames(n: number): Promise<Buffer[][]>; close(): void }> {
  const sock = cleanup.open(new zmq.Pull({ linger: 0 }));
  await sock.bind(addr);
  return {
    async frames(n) {
      const out: Buffer[][] = [];
      while (out.length < n) out.push(await sock.receive());
      return out;
    },
    close: () => sock.close(),
  };
}

// A grace period before the sender closes: libzmq may drop frames still in flight at close, even with a linger.
const quiet = { onRate: () => {}, grace: 1000 };

test('sends one single-frame message per datapoint, dumps(dp), going round the flow until count', async () => {
  const addr = ipc.address('count');
  const receiver = await pull(addr);
  const flow = new DataFromList([[1, 'a'], [2, 'b']], { shuffle: false });
  const sender = cleanup.open(sendDataflowZmq(flow, addr, { ...quiet, serializer: 'msgpack', count: 5 }));
  const messages = await receiver.frames(5);
  const report = await sender.done;
  receiver.close();
  assert.deepEqual(messages.map((m) => m.length), [1, 1, 1, 1, 1]);
  assert.deepEqual(messages.map(([f]) => loads(f!)), [[1, 'a'], [2, 'b'], [1, 'a'], [2, 'b'], [1, 'a']]);
  assert.equal(messages[0]![0]![0], 0x92); // msgpack fixarray of 2
  assert.equal(report.sent, 5);
  assert.equal(sender.sent, 5);
});

test('the default serializer is pickle (tensorpack default); epochs stop after whole passes', async () => {
  const addr = ipc.address('epochs');
  const receiver = await pull(addr);
  const sender = cleanup.open(sendDataflowZmq(new DataFromList([[7], [8], [9]], { shuffle: false }), addr, { ...quiet, epochs: 2 }));
  const messages = await receiver.frames(6);
  assert.equal((await sender.done).sent, 6);
  receiver.close();
  assert.deepEqual([messages[0]![0]![0], messages[0]![0]![1]], [0x80, 5]); // pickle protocol 5
  assert.deepEqual(messages.map(([f]) => loads(f!)), [[7], [8], [9], [7], [8], [9]]);
});

test('reports its rate now and then, and a final report when it stops', async () => {
  const addr = ipc.address('rate');
  const receiver = await pull(addr);
  const reports: RateReport[] = [];
  const flow = new DataFromGenerator(async function* () {
    for (let i = 0; ; i++) {
      if (i % 64 === 0) await new Promise((r) => setTimeout(r, 15));
      yield [i];
    }
  });
  const sender = cleanup.open(sendDataflowZmq(flow, addr, { grace: 1000, count: 640, reportEvery: 10, onRate: (r) => reports.push(r) }));
  await receiver.frames(640);
  await sender.done;
  receiver.close();
  assert.ok(reports.length >= 2, JSON.stringify(reports));
  assert.ok(reports.slice(0, -1).every((r) => !r.final && r.sent > 0 && r.sent <= 640 && r.perSecond > 0));
  assert.deepEqual({ sent: reports.at(-1)!.sent, final: reports.at(-1)!.final }, { sent: 640, final: true });
});

test('close() stops a sender that waits for an absent receiver (the high-water mark is full)', async () => {
  const sender = cleanup.open(sendDataflowZmq(new DataFromList([[1]]), ipc.address('nobody'), { ...quiet, hwm: 5 }));
  await sender.endpoint;
  await new Promise((r) => setTimeout(r, 100));
  const report = await sender.close();
  assert.equal(report.final, true);
  assert.equal(report.sent, 5); // the queue took hwm datapoints, then it waited
});

test('an AbortSignal stops it like close()', async () => {
  const addr = ipc.address('abort');
  const receiver = await pull(addr);
  const controller = new AbortController();
  const sender = cleanup.open(sendDataflowZmq(new DataFromList([[1], [2]]), addr, { ...quiet, signal: controller.signal }));
  await receiver.frames(10);
  controller.abort();
  const report = await sender.done;
  receiver.close();
  assert.ok(report.sent >= 10);
});

test('errors: bad arguments at once; an empty flow, an unencodable datapoint and a taken address reject done', async () => {
  const flow = new DataFromList([[1]]);
  assert.throws(() => sendDataflowZmq(flow, 'localhost:5555'), { message: 'sendDataflowZmq: address must look like tcp://host:port, ipc://path or inproc://name, got "localhost:5555"' });
  assert.throws(() => sendDataflowZmq(flow, 'tcp://127.0.0.1:1', { count: 0 }), { message: 'sendDataflowZmq: count must be a positive integer, got 0' });
  assert.throws(() => sendDataflowZmq(flow, 'tcp://127.0.0.1:1', { serializer: 'json' as 'msgpack' }), { message: `sendDataflowZmq: serializer must be 'msgpack' or 'pickle', got "json"` });
  assert.throws(() => sendDataflowZmq(flow, 'tcp://127.0.0.1:1', { grace: -1 }), { message: 'sendDataflowZmq: grace must be a whole number of milliseconds ≥ 0, got -1' });

  const receiver = await pull(ipc.address('errors'));
  await assert.rejects(sendDataflowZmq(new DataFromList([]), ipc.address('errors'), quiet).done, {
    message: 'sendDataflowZmq: DataFromList yielded no datapoints in pass 0; nothing to send',
  });
  await assert.rejects(sendDataflowZmq(new DataFromList([[1], [() => 0]], { shuffle: false }), ipc.address('errors'), quiet).done, (e: Error) =>
    e.message.startsWith(`sendDataflowZmq: cannot encode datapoint 1 for ${ipc.address('errors')}: `) && e.message.includes('a function'));
  receiver.close();
  const taken = cleanup.open(new zmq.Pull({ linger: 0 }));
  await taken.bind('tcp://127.0.0.1:*');
  await assert.rejects(sendDataflowZmq(flow, taken.lastEndpoint!, { ...quiet, bind: true }).done, {
    message: `sendDataflowZmq: cannot bind ${taken.lastEndpoint}: Address already in use`,
  });
  taken.close();
});

test('flow.sendZmq(addr) is the fluent face of sendDataflowZmq', async () => {
  await import('../../src/fluent.ts');
  const addr = ipc.address('fluent');
  const receiver = await pull(addr);
  const sender = cleanup.open(new DataFromList([[3], [4]], { shuffle: false }).sendZmq(addr, { ...quiet, serializer: 'msgpack', count: 3 }));
  const messages = await receiver.frames(3);
  assert.equal((await sender.done).sent, 3);
  receiver.close();
  assert.deepEqual(messages.map(([f]) => loads(f!)), [[3], [4], [3]]);
});
