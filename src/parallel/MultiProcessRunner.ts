import { checkPositiveInt } from '../core/errors.ts';
import type { FlowRef } from './FlowRef.ts';
import { ParallelRunner, type RunnerOptions } from './ParallelRunner.ts';

export interface MultiProcessRunnerOptions extends Omit<RunnerOptions, 'transfer' | 'reuseBuffers' | 'ringBytes'> {
  /** Datapoints waiting in the main process at most (tensorpack's `num_prefetch`). Default 512. */
  readonly bufferSize?: number;
}

/**
 * Runs `numProc` copies of a flow, each in its own child process, sending datapoints over the
 * process's IPC channel (tensorpack's MultiProcessRunner). Process i builds the flow from its
 * reference and resets it with `{ seed, streamId: i }`. The processes end with the pass, and also
 * when the parent exits, is killed, or gets SIGINT/SIGTERM.
 *
 * Length: the flow's length; one pass yields that many datapoints (tensorpack: "the runner yields
 * len(ds) datapoints per iteration while each process runs ds over and over"). With one process,
 * a pass yields exactly what the flow yields, continuing into its next pass if `size` is larger.
 */
export class MultiProcessRunner<T> extends ParallelRunner<T> {
  constructor(flow: FlowRef<T>, numProc: number, options: MultiProcessRunnerOptions = {}) {
    const bufferSize = options.bufferSize ?? 512;
    checkPositiveInt('MultiProcessRunner', 'bufferSize', bufferSize);
    super(flow, numProc, { ...options, transfer: false }, 'process', { credit: bufferSize });
  }
}
