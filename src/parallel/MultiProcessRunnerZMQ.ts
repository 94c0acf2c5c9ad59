import { checkPositiveInt } from '../core/errors.ts';
import type { FlowRef } from './FlowRef.ts';
import { ParallelRunner, type RunnerOptions } from './ParallelRunner.ts';

export interface MultiProcessRunnerZMQOptions extends Omit<RunnerOptions, 'transfer' | 'reuseBuffers' | 'ringBytes'> {
  /** ZeroMQ high-water mark, in messages (chunks of up to `chunkSize` datapoints), at each end. Default 50. */
  readonly hwm?: number;
}

/**
 * Runs `numProc` copies of a flow in child processes that PUSH their datapoints over ZeroMQ to one
 * PULL socket in this process (tensorpack's MultiProcessRunnerZMQ, formerly PrefetchDataZMQ).
 * The `ipc://` socket file lives in a fresh temporary directory that is removed when the pass
 * ends, breaks or fails, and when the process exits or gets SIGINT/SIGTERM. A full queue blocks
 * the workers: at most `hwm` messages wait at each end (plus what the OS socket buffer holds).
 * Arrays travel in the internal frame format of `codec.ts`.
 *
 * Length: the flow's length; one pass yields that many datapoints, in arrival order, from all
 * processes. Process i resets its flow with `{ seed, streamId: i }`.
 */
export class MultiProcessRunnerZMQ<T> extends ParallelRunner<T> {
  constructor(flow: FlowRef<T>, numProc = 1, options: MultiProcessRunnerZMQOptions = {}) {
    const hwm = options.hwm ?? 50;
    checkPositiveInt('MultiProcessRunnerZMQ', 'hwm', hwm);
    super(flow, numProc, { ...options, transfer: false }, 'process', { hwm });
  }
}
