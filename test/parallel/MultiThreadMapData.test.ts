import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { MultiProcessMapData } from '../../src/parallel/MultiProcessMapData.ts';
import { MultiThreadMapData } from '../../src/parallel/MultiThreadMapData.ts';
import { liveWorkers } from '../../src/parallel/WorkerLink.ts';
import { collectAsync, sorted } from '../helpers.ts';
import { fns } from './fixtures/refs.ts';

const list = (n: number) => new DataFromList(Array.from({ length: n }, (_, i) => [i] as [number]), { shuffle: false });
const doubled = (n: number) => Array.from({ length: n }, (_, i) => [2 * i]);

// MultiProcessMapData shares the pass logic; its own file covers what differs (processes, ZeroMQ).
test('strict, ordered: exactly the mapped upstream pass, in order, on every pass', async () => {
  const m = new MultiThreadMapData(list(30), 2, fns('double'), { strict: true, ordered: true, bufferSize: 8 });
  assert.equal(m.length, 30);
  assert.deepEqual(await collectAsync(m), doubled(30));
  assert.deepEqual(await collectAsync(m), doubled(30));
});

test('strict, unordered: the same multiset', async () => {
  const m = new MultiThreadMapData(list(30), 2, fns('double'), { strict: true, bufferSize: 8 });
  assert.deepEqual(sorted(await collectAsync(m)), sorted(doubled(30)));
});

test('a factory reference with args', async () => {
  const m = new MultiThreadMapData(list(4), 2, fns('times', [3]), { strict: true, ordered: true });
  assert.deepEqual(await collectAsync(m), [[0], [3], [6], [9]]);
});

test('null drops, as in MapData; length stays the upstream length', async () => {
  const m = new MultiThreadMapData(list(10), 2, fns('dropOdd'), { strict: true, ordered: true });
  assert.equal(m.length, 10);
  assert.deepEqual(await collectAsync(m), [[0], [2], [4], [6], [8]]);
});

test('non-strict: each pass yields length outputs of the repeated upstream; nothing is lost or repeated across passes', async () => {
  const m = new MultiThreadMapData(list(10), 2, fns('withRandom'), { bufferSize: 6, seed: 1 });
  const indices: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const out = await collectAsync(m);
    assert.equal(out.length, 10);
    for (const [x, index] of out as [number, number, number][]) {
      assert.equal(x, index % 10); // input x sits at index x of each upstream pass
      indices.push(index);
    }
  }
  assert.equal(new Set(indices).size, 30);
  assert.ok(Math.max(...indices) < 30 + 6, `indices beyond the buffer: ${Math.max(...indices)}`);
});

test('non-strict, ordered: passes are consecutive stretches of the repeated upstream', async () => {
  const m = new MultiThreadMapData(list(7), 2, fns('double'), { ordered: true, bufferSize: 4 });
  const passes = [await collectAsync(m), await collectAsync(m)];
  assert.deepEqual(passes, [doubled(7), doubled(7)]);
});

test('ordered with a seed: identical output for 1, 2 and 4 workers; another seed differs', async () => {
  const run = (workers: number, seed: number, Mapper: typeof MultiThreadMapData = MultiThreadMapData) =>
    collectAsync(new Mapper(list(40), workers, fns('withRandom'), { strict: true, ordered: true, seed, bufferSize: 16 }));
  const one = await run(1, 7);
  assert.deepEqual((one as [number][]).map(([x]) => x), Array.from({ length: 40 }, (_, i) => i));
  assert.deepEqual(await run(2, 7), one);
  assert.deepEqual(await run(4, 7), one);
  assert.deepEqual(await run(2, 7, MultiProcessMapData), one);
  assert.notDeepEqual(await run(2, 8), one);
});

test('with a slow consumer at most bufferSize inputs are in flight', async () => {
  const m = new MultiThreadMapData(list(200), 2, fns('double'), { strict: true, bufferSize: 10, chunkSize: 2 });
  let n = 0;
  for await (const _ of m) {
    await new Promise((r) => setTimeout(r, 2));
    if (++n === 60) break;
  }
  assert.ok(m.stats.queuedMax > 0 && m.stats.queuedMax <= 10, `queuedMax ${m.stats.queuedMax}`);
  assert.deepEqual(liveWorkers(), []);
});

test('an async map function', async () => {
  assert.deepEqual(await collectAsync(new MultiThreadMapData(list(6), 2, fns('slowAsync'), { strict: true, ordered: true })), [[0], [1], [2], [3], [4], [5]]);
});
