import { checkPositiveInt } from '../core/errors.ts';
import type { FlowRef } from './FlowRef.ts';
import { ParallelRunner, type RunnerOptions } from './ParallelRunner.ts';

export interface MultiThreadRunnerOptions extends RunnerOptions {
  /** Datapoints waiting in the main thread at most (tensorpack's `num_prefetch`). Default 512. */
  readonly bufferSize?: number;
}

/**
 * Runs `numThread` copies of a flow, each in its own worker thread, and yields what they produce
 * as it arrives (tensorpack's MultiThreadRunner). Each thread builds the flow from its reference
 * and resets it with `{ seed, streamId: i }`, so thread i draws its own reproducible stream.
 * Typed arrays are moved between threads, not copied; tiny datapoints travel in chunks.
 *
 *   export const flow = new DataFromList([[1], [2], [3]], { shuffle: false });  // in pipeline.ts
 *   new MultiThreadRunner({ module: new URL('./pipeline.ts', import.meta.url), export: 'flow' }, 1)
 *     yields [1], [2], [3] ; then [1], [2], [3] on the next pass
 *
 * With `{ reuseBuffers: true }` each datapoint's arrays are copied, as the flow yields them, into
 * a SharedArrayBuffer ring per thread that is written again and again; the consumer then borrows
 * them: valid until its next `next()` call (copy what you keep). Default: arrays are moved and
 * owned by the consumer. Arrays on SharedArrayBuffers are shared, never copied, in both modes.
 *
 * Length: the flow's length (as in tensorpack), and one pass yields that many datapoints — with
 * 2 threads, a mix of both threads' streams, each in its own order. Tensorpack's MultiThreadRunner
 * iterates without end; pass `size: Infinity` for that.
 */
export class MultiThreadRunner<T> extends ParallelRunner<T> {
  constructor(flow: FlowRef<T>, numThread: number, options: MultiThreadRunnerOptions = {}) {
    const bufferSize = options.bufferSize ?? 512;
    checkPositiveInt('MultiThreadRunner', 'bufferSize', bufferSize);
    super(flow, numThread, options, 'thread', { credit: bufferSize });
  }
}
