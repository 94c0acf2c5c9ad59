import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { MultiThreadRunner } from '../../src/parallel/MultiThreadRunner.ts';
import { liveWorkers } from '../../src/parallel/WorkerLink.ts';
import { collectAsync } from '../helpers.ts';
import { Tagged } from './fixtures/flows.ts';
import { flows } from './fixtures/refs.ts';

test('one thread yields the flow in order, length = the flow length', async () => {
  const r = new MultiThreadRunner<[number]>(flows('tenInOrder'), 1);
  assert.equal(r.length, null);
  assert.equal(r.isSync, false);
  assert.deepEqual(await collectAsync(r), Array.from({ length: 10 }, (_, i) => [i]));
  assert.equal(r.length, 10);
  assert.deepEqual(liveWorkers(), []);
});

test('size larger than the flow: the worker runs its flow again', async () => {
  const r = new MultiThreadRunner<[number]>(flows('tenInOrder'), 1, { size: 13 });
  assert.deepEqual((await collectAsync(r)).map(([x]) => x), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]);
});

test('a factory with args builds the flow in the worker', async () => {
  const r = new MultiThreadRunner<[number]>(flows('range', [100, 3]), 1);
  assert.deepEqual(await collectAsync(r), [[100], [101], [102]]);
});

test('thread i draws the stream of resetState({ seed, streamId: i }); each thread keeps its order', async () => {
  const r = new MultiThreadRunner<[number, number, number]>(flows('tagged'), 2, { size: 12, seed: 42 });
  r.resetState({ seed: 42 });
  const out = await collectAsync(r);
  assert.equal(out.length, 12);
  for (const w of [0, 1]) {
    const local = new Tagged();
    local.resetState({ seed: 42, streamId: w });
    const expected = [...local, ...local]; // the worker runs its flow pass after pass
    const got = out.filter(([s]) => s === w);
    assert.deepEqual(got, expected.slice(0, got.length));
  }
  const [a, b] = [0, 1].map((w) => { const t = new Tagged(); t.resetState({ seed: 42, streamId: w }); return [...t].map((d) => d[2]); });
  assert.notDeepEqual(a, b);
});

test('NDArrays and typed arrays arrive as such', async () => {
  const out = await collectAsync(new MultiThreadRunner<[NDArray<'float32'>, Int16Array, number]>(flows('arrays'), 1));
  assert.equal(out.length, 5);
  out.forEach(([a, t, i], k) => {
    assert.ok(a instanceof NDArray);
    assert.deepEqual([a.dtype, a.shape, a.toArray()], ['float32', [1, 2], [k, k + 0.5]]);
    assert.ok(t instanceof Int16Array);
    assert.deepEqual([...t], [k]);
    assert.equal(i, k);
  });
});

test('a flow yielding the same array twice gets a clear error, not a detached array', async () => {
  await assert.rejects(collectAsync(new MultiThreadRunner(flows('sameArray'), 1, { size: 600 })),
    /worker 0 failed.*already moved to the main thread.*\{ transfer: false \}/s);
  assert.equal((await collectAsync(new MultiThreadRunner(flows('sameArray'), 1, { size: 600, transfer: false }))).length, 600);
});

test('with a slow consumer the queue never exceeds bufferSize', async () => {
  const r = new MultiThreadRunner<[Uint8Array, number]>(flows('big'), 2, { bufferSize: 8, chunkSize: 2 });
  let n = 0;
  for await (const _ of r.iterAsync()) {
    await new Promise((res) => setTimeout(res, 5));
    if (++n === 40) break;
  }
  assert.ok(r.stats.queuedMax > 0 && r.stats.queuedMax <= 8, `queuedMax ${r.stats.queuedMax}`);
  assert.deepEqual(liveWorkers(), []);
});
