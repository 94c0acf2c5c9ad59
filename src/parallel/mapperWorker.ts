import { hashSeed, randomSeed, RNG } from '../core/RNG.ts';
import { stackBatch } from '../transforms/stack.ts';
import { loadFunction } from './FlowRef.ts';
import type { DataSink, TaskMessage, WorkerInit, WorkerPort } from './protocol.ts';
import { unpackChunk } from './transfer.ts';
import { reportError } from './workerErrors.ts';

/** What a parallel map function gets besides the datapoint and its index. */
export interface MapContext {
  /** The index of the worker running this call. */
  readonly worker: number;
  /**
   * A random stream for this datapoint alone, derived from the mapper's `seed` and the datapoint's
   * index: the same seed gives the same draws whichever worker maps the datapoint, so the output
   * does not depend on the number of workers. Without a seed, a fresh random stream.
   */
  readonly rng: RNG;
}

/** A map function for the parallel mappers: MapData's `(dp, index)` plus a context. `null`/`undefined` drops. */
export type ParallelMapFn<I, R> = (dp: I, index: number, ctx: MapContext) => R | Promise<R>;

class Context implements MapContext {
  private stream: RNG | undefined;
  constructor(readonly worker: number, private readonly seed: number | undefined, private readonly index: number) {}
  get rng(): RNG {
    return (this.stream ??= new RNG(this.seed === undefined ? randomSeed() : hashSeed(this.seed, `map:${this.index}`)));
  }
}

/**
 * The worker side of a mapper: maps each task's datapoints in order and sends one output per input
 * (`null` for a drop) — or, with `batchSize`, the task's outputs stacked into one batch.
 */
export async function runMapper(init: WorkerInit, port: WorkerPort, sink: DataSink, tasks: AsyncIterable<TaskMessage>): Promise<void> {
  let fn: ParallelMapFn<unknown, unknown>;
  try {
    fn = await loadFunction<ParallelMapFn<unknown, unknown>>(init.ref);
  } catch (e) {
    reportError(port, init.index, e, undefined, true);
    return;
  }
  port.send({ t: 'ready', w: init.index, length: null });
  for await (const task of tasks) {
    const inputs = unpackChunk(task.dps, task.nd);
    const outputs = new Array<unknown>(inputs.length);
    for (let k = 0; k < inputs.length; k++) {
      const index = task.seq + k;
      try {
        let out = fn(inputs[k], index, new Context(init.index, init.seed, index));
        if (out instanceof Promise) out = await out;
        outputs[k] = out ?? null;
      } catch (e) {
        reportError(port, init.index, e, index, false);
        return;
      }
    }
    let dps = outputs;
    if (init.batchSize !== undefined) {
      const kept = outputs.filter((o) => o !== null);
      try {
        dps = [kept.length === 0 ? null : stackBatch(kept, task.seq, 'MultiProcessMapAndBatchData', false)];
      } catch (e) {
        reportError(port, init.index, e, task.seq, false);
        return;
      }
    }
    try {
      await sink.send(init.index, task.seq, dps);
    } catch (e) {
      reportError(port, init.index, e, task.seq, false);
      return;
    }
  }
}
