// Faults of a real cluster, with producers as separate processes: a producer SIGKILLed mid-stream,
// a producer restarted, the consumer restarted, and silence turned into an error by the timeout.
import assert from 'node:assert/strict';
import { after, afterEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RemoteDataZMQ } from '../../src/remote/index.ts';
import { ipcDir } from './fixtures/addresses.ts';
import { closeAfterEach } from './fixtures/cleanup.ts';
import { killAll, startScript } from './fixtures/processes.ts';
import { verifyStreamDatapoint } from './fixtures/stream.ts';

const ipc = ipcDir();
afterEach(async () => void (await killAll()));
after(() => ipc.remove());
const cleanup = closeAfterEach();
/** A pass of `remote` that ends when the test does, if the test has not ended it. */
const pass = (remote: RemoteDataZMQ): AsyncIterator<unknown> => remote.iterAsync({ signal: cleanup.signal })[Symbol.asyncIterator]();

// 256 KB per datapoint: a SIGKILL lands while frames are on the wire.
const BYTES = String(256 * 1024);

/** Consumes until `until(counts)` holds; checks every datapoint and that each producer's seqs are consecutive. */
async function consume(it: AsyncIterator<unknown>, lastSeq: Map<number, number>, until: (counts: Map<number, number>) => boolean): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  while (!until(counts)) {
    const r = await it.next();
    assert.equal(r.done, false);
    const { id, seq } = verifyStreamDatapoint(r.value);
    const prev = lastSeq.get(id);
    // a restarted producer starts again at 0; otherwise nothing from one producer is skipped
    assert.ok(seq === 0 || prev === undefined || seq === prev + 1, `producer ${id}: seq ${seq} after ${prev}`);
    lastSeq.set(id, seq);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

test('a producer SIGKILLed mid-stream: the consumer goes on with the other, never yields a damaged datapoint; restarted, it reconnects and resumes', async () => {
  const addr = ipc.address('kill');
  const remote = new RemoteDataZMQ(addr, undefined, { timeout: 15_000 });
  const it = pass(remote);
  const p1 = startScript('producer.ts', [addr, '1', BYTES]);
  const p2 = startScript('producer.ts', [addr, '2', BYTES]);
  const lastSeq = new Map<number, number>();
  const before = await consume(it, lastSeq, (c) => (c.get(1) ?? 0) >= 20 && (c.get(2) ?? 0) >= 20);
  assert.deepEqual([...before.keys()].sort(), [1, 2]);

  p1.child.kill('SIGKILL');
  assert.equal((await p1.exited).code, 'SIGKILL');
  const afterKill = await consume(it, lastSeq, (c) => (c.get(2) ?? 0) >= 100);
  // at most what was already queued for the consumer (its HWM) comes from the dead producer
  assert.ok((afterKill.get(1) ?? 0) <= 60, `got ${afterKill.get(1)} from the killed producer`);
  assert.ok(p2.alive);

  const restarted = startScript('producer.ts', [addr, '1', BYTES]);
  await restarted.ready;
  const afterRestart = await consume(it, lastSeq, (c) => (c.get(1) ?? 0) >= 20);
  assert.ok((afterRestart.get(1) ?? 0) >= 20);
  assert.equal(remote.junkCount, 0);
  await it.return!();
});

test('the consumer restarted: producers wait at the high-water mark and resume where they were', async () => {
  const addr = ipc.address('restart');
  const remote = new RemoteDataZMQ(addr, undefined, { timeout: 15_000 });
  const p1 = startScript('producer.ts', [addr, '1', '1000']);
  const p2 = startScript('producer.ts', [addr, '2', '1000']);
  const lastSeq = new Map<number, number>();
  const first = pass(remote);
  await consume(first, lastSeq, (c) => (c.get(1) ?? 0) >= 10 && (c.get(2) ?? 0) >= 10);
  await first.return!(); // the consumer goes away: its socket closes

  await sleep(1000); // the producers are blocked on a full queue all this while
  assert.ok(p1.alive && p2.alive);
  const seqBefore = new Map(lastSeq);

  const second = pass(remote); // binds the same address again
  const resumed = new Map<number, number>();
  const counts = await consume(second, resumed, (c) => (c.get(1) ?? 0) >= 50 && (c.get(2) ?? 0) >= 50);
  await second.return!();
  assert.deepEqual([...counts.keys()].sort(), [1, 2]);
  for (const id of [1, 2]) {
    // resumed, not restarted: seqs go on past the first pass (what sat in the old queue is lost)
    assert.ok(resumed.get(id)! > seqBefore.get(id)!, `producer ${id}: ${resumed.get(id)} after ${seqBefore.get(id)}`);
  }
  assert.ok(p1.alive && p2.alive);
});

test('silence: the receive timeout ends the pass with an error naming the address, instead of a hang', async () => {
  const addr = ipc.address('silence');
  const remote = new RemoteDataZMQ(addr, undefined, { timeout: 400 });
  const it = pass(remote);
  const producer = startScript('producer.ts', [addr, '1', '100']);
  await producer.ready;
  const lastSeq = new Map<number, number>();
  await consume(it, lastSeq, (c) => (c.get(1) ?? 0) >= 5);
  producer.child.kill('SIGKILL');
  await producer.exited;
  await assert.rejects(
    consume(it, lastSeq, () => false),
    (e: Error) => /^RemoteDataZMQ: no datapoint arrived on ipc:\/\/\S+silence within 400 ms \(\d+ received so far\)$/.test(e.message),
  );
});
