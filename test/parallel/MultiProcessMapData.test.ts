import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { BatchData } from '../../src/transforms/BatchData.ts';
import { MapData } from '../../src/transforms/MapData.ts';
import { MultiProcessMapAndBatchData } from '../../src/parallel/MultiProcessMapAndBatchData.ts';
import { MultiProcessMapData } from '../../src/parallel/MultiProcessMapData.ts';
import { liveWorkers } from '../../src/parallel/WorkerLink.ts';
import { collect, collectAsync, sorted } from '../helpers.ts';
import { double } from './fixtures/fns.ts';
import { fns } from './fixtures/refs.ts';

const list = (n: number) => new DataFromList(Array.from({ length: n }, (_, i) => [i] as [number]), { shuffle: false });

test('MultiProcessMapData: strict ordered sequence, strict unordered multiset, drops', async () => {
  const m = new MultiProcessMapData(list(25), 2, fns('double'), { strict: true, ordered: true, bufferSize: 8 });
  assert.equal(m.length, 25);
  assert.deepEqual(await collectAsync(m), Array.from({ length: 25 }, (_, i) => [2 * i]));
  const u = new MultiProcessMapData(list(25), 2, fns('double'), { strict: true });
  assert.deepEqual(sorted(await collectAsync(u)), sorted(Array.from({ length: 25 }, (_, i) => [2 * i])));
  assert.deepEqual(await collectAsync(new MultiProcessMapData(list(6), 2, fns('dropOdd'), { strict: true, ordered: true })), [[0], [2], [4]]);
  assert.deepEqual(liveWorkers(), []);
});

test('MultiProcessMapData: NDArrays go in and come out through ZeroMQ', async () => {
  const arrays = new DataFromList([[NDArray.from(new Float32Array([1, 2, 3]), [3, 1])]], { shuffle: false });
  const [[a]] = (await collectAsync(new MultiProcessMapData(arrays, 1, fns('identity'), { strict: true }))) as [NDArray][];
  assert.ok(a instanceof NDArray);
  assert.deepEqual([a.dtype, a.shape, a.toArray()], ['float32', [3, 1], [1, 2, 3]]);
});

test('MultiProcessMapAndBatchData: the batches of BatchData(MapData(ds, f)), length floor(n / batchSize)', async () => {
  const m = new MultiProcessMapAndBatchData(list(11), 2, fns('double'), 4, { strict: true, ordered: true });
  assert.equal(m.length, 2);
  const expected = collect(new BatchData(new MapData(list(11), double), 4));
  const got = await collectAsync(m);
  assert.deepEqual(got.map((b) => (b as [NDArray])[0].toArray()), expected.map((b) => (b as unknown as [NDArray])[0].toArray()));
  assert.deepEqual(got.map((b) => (b as [NDArray])[0].shape), [[4], [4]]);
});

test('MultiProcessMapAndBatchData: drops make a batch smaller', async () => {
  const got = await collectAsync(new MultiProcessMapAndBatchData(list(8), 1, fns('dropOdd'), 4, { strict: true, ordered: true }));
  assert.deepEqual(got.map((b) => (b as [NDArray])[0].toArray()), [[0, 2], [4, 6]]);
});
