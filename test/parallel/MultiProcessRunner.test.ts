import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { MultiProcessRunner } from '../../src/parallel/MultiProcessRunner.ts';
import { MultiProcessRunnerZMQ } from '../../src/parallel/MultiProcessRunnerZMQ.ts';
import { liveWorkers } from '../../src/parallel/WorkerLink.ts';
import { collectAsync } from '../helpers.ts';
import { Tagged } from './fixtures/flows.ts';
import { flows } from './fixtures/refs.ts';

for (const Runner of [MultiProcessRunner, MultiProcessRunnerZMQ]) {
  test(`${Runner.name}: one process yields the flow in order; length = the flow's`, async () => {
    const r = new Runner<[number]>(flows('tenInOrder'), 1, { size: 12 });
    assert.equal(r.length, 12);
    assert.deepEqual((await collectAsync(r)).map(([x]) => x), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    const plain = new Runner<[number]>(flows('tenInOrder'), 1);
    assert.equal((await collectAsync(plain)).length, 10);
    assert.equal(plain.length, 10);
  });

  test(`${Runner.name}: process i draws the stream of resetState({ seed, streamId: i }), arrays arrive typed`, async () => {
    const out = await collectAsync(new Runner<[number, number, number]>(flows('tagged'), 2, { size: 10, seed: 3 }));
    for (const w of [0, 1]) {
      const local = new Tagged();
      local.resetState({ seed: 3, streamId: w });
      const got = out.filter(([s]) => s === w);
      assert.deepEqual(got, [...local, ...local].slice(0, got.length));
    }
    const arrays = await collectAsync(new Runner<[NDArray, Int16Array, number]>(flows('arrays'), 1));
    assert.deepEqual(arrays.map(([a, t, i]) => [a instanceof NDArray, a.shape, a.toArray(), t instanceof Int16Array, [...t], i])[4],
      [true, [1, 2], [4, 4.5], true, [4], 4]);
  });
}

test('MultiProcessRunner: with a slow consumer, datapoints waiting never exceed bufferSize', async () => {
  const r = new MultiProcessRunner(flows('big'), 2, { bufferSize: 6, chunkSize: 2 });
  let n = 0;
  for await (const _ of r) {
    await new Promise((res) => setTimeout(res, 5));
    if (++n === 30) break;
  }
  assert.ok(r.stats.queuedMax > 0 && r.stats.queuedMax <= 6, `queuedMax ${r.stats.queuedMax}`);
  assert.deepEqual(liveWorkers(), []);
});

test('MultiProcessRunnerZMQ: with a slow consumer, production stays within the high-water marks', async () => {
  // 64 KiB datapoints, one per message, hwm 2 at each end: a worker can be ahead by the two queues
  // plus what the OS socket buffer holds (a few messages of this size).
  const r = new MultiProcessRunnerZMQ(flows('big'), 2, { hwm: 2, chunkSize: 1 });
  let n = 0;
  for await (const _ of r) {
    await new Promise((res) => setTimeout(res, 5));
    if (++n === 40) break;
  }
  assert.ok(r.stats.queuedMax > 0 && r.stats.queuedMax <= 2 * (2 + 2 + 6), `queuedMax ${r.stats.queuedMax}`);
  assert.deepEqual(liveWorkers(), []);
});
