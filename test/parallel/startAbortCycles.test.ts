import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { MultiProcessRunner } from '../../src/parallel/MultiProcessRunner.ts';
import { MultiProcessRunnerZMQ } from '../../src/parallel/MultiProcessRunnerZMQ.ts';
import { MultiThreadMapData } from '../../src/parallel/MultiThreadMapData.ts';
import { MultiThreadRunner } from '../../src/parallel/MultiThreadRunner.ts';
import { liveWorkers } from '../../src/parallel/WorkerLink.ts';
import { collectAsync } from '../helpers.ts';
import { alive, eventually, flows, fns } from './fixtures/refs.ts';

const before = new Set(readdirSync(tmpdir()));
const socketDirs = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('dataflow-parallel-') && !before.has(n));
const ds = new DataFromList(Array.from({ length: 20 }, (_, i) => [i] as [number]), { shuffle: false });

test('200 start/abort cycles (aborted at every moment of start-up) leave no thread behind', async () => {
  const r = new MultiThreadRunner(flows('tenInOrder'), 2);
  const m = new MultiThreadMapData(ds, 2, fns('double'));
  for (let i = 0; i < 200; i++) {
    const abort = new AbortController();
    const flow = i % 2 === 0 ? r : m;
    const pass = collectAsync(flow.iterAsync({ signal: abort.signal })).catch((e: unknown) => e);
    await new Promise((res) => setTimeout(res, i % 25));
    abort.abort(new Error('stop'));
    const result = await pass;
    assert.ok(Array.isArray(result) || (result as Error).message === 'stop', String(result));
  }
  // An aborted pass rejects at once and closes its workers in the background (see DataFlow.iterAsync).
  await eventually(() => liveWorkers().length === 0);
});

test('10 start/break cycles of each process flow leave no process and no socket file', async () => {
  const pids = new Set<number>();
  for (let i = 0; i < 5; i++) {
    for (const Kind of [MultiProcessRunner, MultiProcessRunnerZMQ]) {
      for await (const [, pid] of new Kind<[number, number]>(flows('slow'), 1, { size: Infinity })) {
        pids.add(pid);
        break;
      }
    }
  }
  assert.equal(pids.size, 10);
  assert.deepEqual([...pids].filter(alive), []);
  assert.deepEqual(liveWorkers(), []);
  assert.deepEqual(socketDirs(), []);
});
