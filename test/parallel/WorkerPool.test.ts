import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { DataFlowError } from '../../src/core/errors.ts';
import { MapData } from '../../src/transforms/MapData.ts';
import { MultiProcessMapData } from '../../src/parallel/MultiProcessMapData.ts';
import { MultiProcessRunner } from '../../src/parallel/MultiProcessRunner.ts';
import { MultiProcessRunnerZMQ } from '../../src/parallel/MultiProcessRunnerZMQ.ts';
import { MultiThreadMapData } from '../../src/parallel/MultiThreadMapData.ts';
import { MultiThreadRunner } from '../../src/parallel/MultiThreadRunner.ts';
import { liveWorkers } from '../../src/parallel/WorkerLink.ts';
import { WorkerError } from '../../src/parallel/WorkerPool.ts';
import { collectAsync } from '../helpers.ts';
import { alive, eventually, flows, fns, timeRejection } from './fixtures/refs.ts';

const before = new Set(readdirSync(tmpdir()));
/** Socket directories this file's flows made and left behind. */
const socketDirs = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('dataflow-parallel-') && !before.has(n));
const ds = new DataFromList(Array.from({ length: 20 }, (_, i) => [i] as [number]), { shuffle: false });
const RUNNERS = [MultiThreadRunner, MultiProcessRunner, MultiProcessRunnerZMQ] as const;
const MAPPERS = [MultiThreadMapData, MultiProcessMapData] as const;

test('a closure or a flow object where a reference is needed: the error says what to do', () => {
  const closure = (() => ds) as never;
  assert.throws(() => new MultiThreadRunner(closure, 2), new DataFlowError('MultiThreadRunner',
    "the flow must reach each worker by reference, got a function (a closure): a closure or a flow object cannot cross a thread or process boundary; export it from a module and pass a reference such as { module: new URL('./pipeline.ts', import.meta.url), export: 'trainFlow' }"));
  assert.throws(() => new MultiProcessRunner(ds as never, 2), /got a DataFromList instance: .*export it from a module/);
  assert.throws(() => new MultiThreadMapData(ds, 2, (([x]: [number]) => [x]) as never), /MultiThreadMapData: the map function must reach each worker by reference, got a function/);
  assert.throws(() => new MultiThreadRunner({ module: './flows.ts', export: 'x' }, 1), /module '.\/flows.ts' is relative.*new URL\('.\/flows.ts', import.meta.url\)/);
});

for (const Runner of RUNNERS) {
  test(`${Runner.name}: a bad module or export fails at start, before any datapoint`, async () => {
    await assert.rejects(collectAsync(new Runner({ module: new URL('./fixtures/nope.ts', import.meta.url), export: 'x' }, 2)),
      new RegExp(`${Runner.name}: worker \\d could not start: cannot import module file://.*nope.ts`));
    await assert.rejects(collectAsync(new Runner(flows('missing'), 1)), /could not start: module .*flows.ts has no export 'missing' \(its exports: Tagged, arrays, /);
    await assert.rejects(collectAsync(new Runner(flows('notAFlow'), 1)), /export 'notAFlow' of .* must be a DataFlow or a function returning one, got number/);
    assert.deepEqual(liveWorkers(), []);
    assert.deepEqual(socketDirs(), []);
  });

  test(`${Runner.name}: an exception in the worker's flow reaches the consumer within 1 s with the worker's stack and indices`, async () => {
    const { ms, error } = await timeRejection(collectAsync(new Runner(flows('throwsAt3'), 1)));
    assert.ok(error instanceof WorkerError);
    assert.equal(error.workerIndex, 0);
    assert.equal(error.index, 3);
    assert.match(error.message, new RegExp(`^${Runner.name}: worker 0 failed at datapoint 3: boom in the flow at \\d+\\n  worker stack: Error: boom in the flow at \\d+\\n    at .*flows.ts`));
    assert.match((error.cause as Error).stack!, /fixtures\/flows.ts/);
    assert.ok(ms >= 0 && ms < 1000, `${ms} ms from the throw to the consumer`);
    assert.deepEqual(liveWorkers(), []);
  });

  test(`${Runner.name}: a worker that exits is named in the error, never a hang`, async () => {
    const { error } = await timeRejection(collectAsync(new Runner(flows('exitsAt2'), 1, { size: 100 })));
    assert.match(error.message, new RegExp(`${Runner.name}: worker 0 \\((thread|process) \\d+\\) exited with code 7`));
    assert.deepEqual(liveWorkers(), []);
    assert.deepEqual(socketDirs(), []);
  });

  test(`${Runner.name}: break, return() and a thrown error leave no worker and no socket file`, async () => {
    const r = new Runner<[number, number]>(flows('slow'), 2, { size: Infinity });
    for await (const _ of r) break;
    assert.deepEqual(liveWorkers(), []);
    const it = r[Symbol.asyncIterator]();
    await it.next();
    await it.return!();
    assert.deepEqual(liveWorkers(), []);
    await assert.rejects((async () => { for await (const _ of r) throw new Error('consumer failed'); })(), /consumer failed/);
    assert.deepEqual(liveWorkers(), []);
    assert.deepEqual(socketDirs(), []);
  });

  test(`${Runner.name}: break closes each worker's flow (its finally blocks run) before the worker ends, also while it is busy`, async () => {
    for (const msPerDatapoint of [0, 30]) {
      const dir = mkdtempSync(join(tmpdir(), 'dataflow-closes-'));
      try {
        // bufferSize 512 (a worker's credit: 256, over 7 s of work at 30 ms) and a high-water mark
        // of 64: a busy worker does not wait for room before the break.
        let n = 0;
        for await (const _ of new Runner<[number]>(flows('closesInto', [dir, msPerDatapoint]), 2, { size: Infinity, chunkSize: 1 })) {
          if (++n === 6) break;
        }
        assert.deepEqual(liveWorkers(), []);
        assert.deepEqual(readdirSync(dir).sort(), ['closed-0', 'closed-1']);
        for (const file of readdirSync(dir)) assert.match(readFileSync(join(dir, file), 'utf8'), /^closed after \d+\n$/);
      } finally {
        rmSync(dir, { recursive: true });
      }
    }
  });
}

test('a worker that never gets to the stop request is ended after the grace period (2 s), by every runner', async () => {
  await Promise.all(RUNNERS.map(async (Runner) => {
    for await (const _ of new Runner(flows('hangsAfterFirst'), 1, { size: Infinity, chunkSize: 1 })) break;
  }));
  assert.deepEqual(liveWorkers(), []);
  assert.deepEqual(socketDirs(), []);
});

for (const Kind of [MultiProcessRunner, MultiProcessRunnerZMQ]) {
  test(`${Kind.name}: a SIGKILLed worker is named in the error; the other is ended`, async () => {
    const pids = new Set<number>();
    const { error } = await timeRejection((async () => {
      for await (const [, pid] of new Kind<[number, number]>(flows('slow'), 2, { size: Infinity, chunkSize: 1 })) {
        if (pids.size === 0) process.kill(pid, 'SIGKILL');
        pids.add(pid);
      }
    })());
    assert.match(error.message, new RegExp(`${Kind.name}: worker \\d \\(process \\d+\\) was killed by SIGKILL`));
    await eventually(() => [...pids].every((p) => !alive(p)));
    assert.deepEqual(liveWorkers(), []);
    assert.deepEqual(socketDirs(), []);
  });
}

for (const Mapper of MAPPERS) {
  test(`${Mapper.name}: an exception in the map function reaches the consumer within 1 s`, async () => {
    const { ms, error } = await timeRejection(collectAsync(new Mapper(ds, 2, fns('throwAt5'), { strict: true })));
    assert.ok(error instanceof WorkerError);
    assert.match(error.message, new RegExp(`^${Mapper.name}: worker [01] failed at datapoint 5: map failed on five at \\d+\\n  worker stack: Error: map failed on five at \\d+\\n    at throwAt5 .*fns.ts`));
    assert.equal(error.index, 5);
    assert.ok(ms >= 0 && ms < 1000, `${ms} ms from the throw to the consumer`);
    assert.deepEqual(liveWorkers(), []);
    assert.deepEqual(socketDirs(), []);
  });

  test(`${Mapper.name}: a worker that exits is named; break leaves nothing behind`, async () => {
    await assert.rejects(collectAsync(new Mapper(ds, 2, fns('exitAt4'), { strict: true })), new RegExp(`${Mapper.name}: worker [01] \\((thread|process) \\d+\\) exited with code 3`));
    for await (const _ of new Mapper(ds, 2, fns('slowAsync'))) break;
    assert.deepEqual(liveWorkers(), []);
    assert.deepEqual(socketDirs(), []);
  });

  test(`${Mapper.name}: an upstream that throws fails the pass with its error`, async () => {
    const bad = new MapData(new DataFromList<unknown>([[1], [2], 'x'], { shuffle: false }), (dp) => {
      if (!Array.isArray(dp)) throw new Error('bad input');
      return dp;
    });
    await assert.rejects(collectAsync(new Mapper(bad, 1, fns('double'), { strict: true })), /MapData: map function threw at datapoint 2: bad input/);
    assert.deepEqual(liveWorkers(), []);
  });
}
