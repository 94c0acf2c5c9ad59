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

test('a flow yielding the same array twice gets a clear error, not a detached array or a refilled one', async () => {
  const message = /worker 0 failed.*already moved to the main thread.*\{ reuseBuffers: true \}/s;
  await assert.rejects(collectAsync(new MultiThreadRunner(flows('sameArray'), 1, { size: 600 })), message);
  await assert.rejects(collectAsync(new MultiThreadRunner(flows('sameArray'), 1, { size: 600, chunkSize: 1 })), message);
  assert.equal((await collectAsync(new MultiThreadRunner(flows('sameArray'), 1, { size: 600, transfer: false }))).length, 600);
  assert.equal((await collectAsync(new MultiThreadRunner(flows('sameArray'), 1, { size: 600, reuseBuffers: true }))).length, 600);
});

test('reuseBuffers: arrays arrive in a shared ring, intact until the next next(), while the ring wraps many times', async () => {
  // 1000 + 4 bytes per datapoint (8-aligned: 1008), a ring of 4096 bytes: chunks of up to 2
  // datapoints, so the worker waits for the consumer to release space again and again.
  const r = new MultiThreadRunner<[NDArray<'uint8'>, Float32Array, number]>(flows('refilled'), 1, { reuseBuffers: true, ringBytes: 4096, chunkSize: 2 });
  let n = 0;
  for await (const [image, label, i] of r) {
    assert.equal(i, n);
    assert.ok(image.data.buffer instanceof SharedArrayBuffer && label.buffer instanceof SharedArrayBuffer);
    assert.deepEqual([image.dtype, image.shape, label[0]], ['uint8', [10, 100], n]);
    assert.ok(image.data.every((v) => v === n % 256), `datapoint ${n} was overwritten before the next next()`);
    n++;
  }
  assert.equal(n, 200);
  assert.deepEqual(liveWorkers(), []);
});

test('reuseBuffers: a datapoint over half the ring travels the ordinary way', async () => {
  const out = await collectAsync(new MultiThreadRunner<[NDArray<'float32'>, Int16Array, number]>(flows('arrays'), 1, { reuseBuffers: true, ringBytes: 16 }));
  assert.deepEqual(out.map(([a, t, i]) => [a.data.buffer instanceof SharedArrayBuffer, a.toArray(), t[0], i]).slice(0, 2), [[false, [0, 0.5], 0, 0], [false, [1, 1.5], 1, 1]]);
});

test('reuseBuffers with batches made in the worker: exact batches, intact until the next next(), while the ring wraps and the worker waits for room', async () => {
  type Batch = [NDArray<'uint8'>, NDArray<'float32'>, NDArray<'int32'>];
  /** Checks batch k as the consumer holds it a while (the worker goes on meanwhile); true when its images are in the ring. */
  const check = async (batch: Batch, k: number): Promise<boolean> => {
    await new Promise((r) => setTimeout(r, 2));
    const [images, labels, ids] = batch;
    assert.deepEqual([images.shape, labels.shape, ids.shape], [[8, 10, 100], [8, 1], [8]]);
    for (let r = 0; r < 8; r++) {
      const i = 8 * k + r;
      assert.ok(images.data.subarray(r * 1000, (r + 1) * 1000).every((v) => v === i % 256), `batch ${k} row ${r} was overwritten before the next next()`);
      assert.deepEqual([labels.data[r], ids.data[r]], [i, i]);
    }
    return images.data.buffer instanceof SharedArrayBuffer;
  };
  // ~8 KB per batch in a 20,000-byte ring: two batches at most, wrapped a dozen times. BatchData last:
  // stacked in the ring (RingWriter.allocate); a stage after it: stacked apart, then copied in; a
  // ring under twice a batch: the images travel the ordinary way.
  for (const [flow, ringBytes] of [['refilledBatches', 20_000], ['refilledBatchesThenMap', 20_000], ['refilledBatches', 12_000]] as const) {
    let k = 0;
    for await (const batch of new MultiThreadRunner<Batch>(flows(flow), 1, { reuseBuffers: true, ringBytes, chunkSize: 1 })) {
      assert.equal(await check(batch, k), ringBytes === 20_000, `${flow}, ring ${ringBytes}: batch ${k}`);
      k++;
    }
    assert.equal(k, 25);
  }
  assert.deepEqual(liveWorkers(), []);
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

test('workers start from a parent run as `node --input-type=module -e …` (threads and processes)', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const parallel = new URL('../../src/parallel/index.ts', import.meta.url).href;
  const ref = JSON.stringify({ module: flows('tenInOrder').module.href, export: 'tenInOrder' });
  const script = `import { MultiThreadRunner, MultiProcessRunner } from ${JSON.stringify(parallel)};
    let n = 0;
    for await (const _ of new MultiThreadRunner(${ref}, 2, { size: 6 })) n++;
    for await (const _ of new MultiProcessRunner(${ref}, 2, { size: 4 })) n++;
    console.log(n);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  assert.equal(stdout.trim(), '10');
});
