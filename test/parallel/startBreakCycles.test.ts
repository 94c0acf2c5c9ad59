import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { MultiThreadMapData } from '../../src/parallel/MultiThreadMapData.ts';
import { MultiThreadRunner } from '../../src/parallel/MultiThreadRunner.ts';
import { liveWorkers } from '../../src/parallel/WorkerLink.ts';
import { flows, fns } from './fixtures/refs.ts';

const ds = new DataFromList(Array.from({ length: 20 }, (_, i) => [i] as [number]), { shuffle: false });

/** Handles that come and go with the test runner and the module loader, whatever the flows do. */
const TRANSIENT = new Set(['Timeout', 'Immediate', 'TTYWrap', 'FSReqCallback', 'FSReqPromise']);

/** The kinds of handles keeping this process alive, counted (workers, message ports, pipes, ...). */
function handles(): Record<string, number> {
  const count: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (!TRANSIENT.has(kind)) count[kind] = (count[kind] ?? 0) + 1;
  return count;
}

test('200 start/break cycles of thread flows (a runner and a mapper started together, broken off at their first output) leave no thread and no handle behind', async () => {
  const r = new MultiThreadRunner<[number]>(flows('tenInOrder'), 1);
  const m = new MultiThreadMapData<[number], [number]>(ds, 1, fns('double'), { strict: true });
  const first = async (flow: AsyncIterable<[number]>): Promise<number> => {
    for await (const [x] of flow) return x;
    throw new Error('the pass yielded nothing');
  };
  const baseline = handles();
  for (let i = 0; i < 100; i++) {
    assert.deepEqual(await Promise.all([first(r), first(m)]), [0, 0]);
    assert.deepEqual(liveWorkers(), []);
  }
  assert.deepEqual(handles(), baseline);
});
