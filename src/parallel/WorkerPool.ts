import { DataFlowError } from '../core/errors.ts';
import { atParentExit } from './parentCleanup.ts';
import type { DataMessage, FromWorker, WorkerInit } from './protocol.ts';
import { spawnWorker, type WorkerKind, type WorkerLink } from './WorkerLink.ts';

/**
 * An error raised in a worker, re-thrown in the consumer: it names the worker and, where known,
 * the datapoint, and its `cause` carries the worker's own stack.
 *
 *   MultiThreadMapData: worker 1 failed at datapoint 17: boom
 */
export class WorkerError extends DataFlowError {
  override name = 'WorkerError';
  readonly workerIndex: number;
  readonly workerStack: string;

  constructor(flow: string, workerIndex: number, message: string, stack: string, index: number | undefined, what = 'failed') {
    const cause = new Error(message);
    cause.stack = stack;
    const where = index === undefined ? '' : ` at datapoint ${index}`;
    super(flow, `worker ${workerIndex} ${what}${where}: ${message}\n  worker stack: ${stack}`, { index, cause });
    this.workerIndex = workerIndex;
    this.workerStack = stack;
  }
}

export interface PoolOptions {
  readonly flowName: string;
  readonly kind: WorkerKind;
  readonly count: number;
  readonly init: (index: number) => WorkerInit;
  readonly onData: (msg: DataMessage) => void;
  readonly onStats?: (worker: number, produced: number) => void;
  /** Synchronous cleanup of what the flow made besides workers (e.g. a socket directory). */
  readonly cleanup?: () => void;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The workers of one pass: starts them, waits until each has loaded its module (so a bad module
 * path or export fails before the first datapoint), turns worker errors and unexpected exits into
 * one failure the consumer sees at its next wait, and ends them all on `close()` — also when the
 * parent process exits or gets SIGINT/SIGTERM.
 */
export class WorkerPool {
  readonly links: WorkerLink[] = [];
  /** The length each worker reported when it was ready (null: unknown, or a mapper); undefined until then. */
  readonly lengths: (number | null)[] = [];
  failure: Error | undefined;
  private waker: (() => void) | undefined;
  private closed = false;
  private readonly unregister: () => void;
  private readonly onAbort: () => void;

  private constructor(private readonly options: PoolOptions) {
    this.unregister = atParentExit(() => {
      for (const l of this.links) if (options.kind === 'process') killQuietly(l.id);
      options.cleanup?.();
    });
    this.onAbort = () => this.fail(options.signal!.reason as Error);
    if (options.signal?.aborted) this.onAbort();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Starts `count` workers and resolves once all are ready; rejects (with nothing left running) otherwise. */
  static async start(options: PoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    let ready = 0;
    try {
      for (let i = 0; i < options.count; i++) {
        pool.links.push(spawnWorker(options.kind, options.init(i), {
          message: (m) => {
            if (m.t === 'ready') {
              pool.lengths[m.w] = m.length;
              ready++;
              pool.wake();
            } else pool.receive(m);
          },
          exit: (why) => pool.fail(new DataFlowError(options.flowName, `worker ${i} (${pool.links[i]?.name ?? options.kind}) ${why}${ready < options.count ? ' before it was ready' : ''}`)),
        }));
      }
      while (ready < options.count) await pool.wait();
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private receive(m: FromWorker): void {
    if (m.t === 'data') {
      this.options.onData(m);
      this.wake();
    } else if (m.t === 'error') {
      this.fail(new WorkerError(this.options.flowName, m.w, m.message, m.stack, m.index, m.atStart ? 'could not start' : 'failed'));
    } else if (m.t === 'stats') {
      this.options.onStats?.(m.w, m.produced);
    }
  }

  /** Makes the consumer's next (or current) wait throw `error`; the first failure wins. */
  fail(error: Error): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    this.wake();
  }

  /** Wakes the consumer waiting in `wait()`. */
  wake(): void {
    const w = this.waker;
    this.waker = undefined;
    w?.();
  }

  /**
   * Waits until something arrives (data, a failure); throws the failure. Workers keep the event
   * loop alive only while someone waits, so an abandoned iteration does not hold the process open.
   */
  async wait(): Promise<void> {
    if (this.failure) throw this.failure;
    for (const l of this.links) l.ref();
    try {
      await new Promise<void>((resolve) => (this.waker = resolve));
    } finally {
      for (const l of this.links) l.unref();
    }
    if (this.failure) throw this.failure;
  }

  /**
   * Ends every worker and waits until all are gone. Safe to call more than once. A worker that is
   * ready (it reported its length; a runner's flow may be running) is asked to stop (see
   * WorkerStop); one still loading is ended at once.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    await Promise.all(this.links.map((l, i) => {
      l.ref(); // until it is gone, or the process could exit with the worker still running
      return this.lengths[i] !== undefined ? l.stop() : l.terminate();
    }));
    this.options.cleanup?.();
    this.unregister();
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
