/** What a runner's waits reject with once the main side asked the worker to stop; not an error to report. */
export const STOPPED = new Error('the main side asked this worker to stop');

/**
 * The main side's request that this worker end (WorkerLink.stop), seen from the worker.
 *
 * Why not just terminate: a thread ended while it is in a native call (an LMDB read, an image
 * decode) can take the whole process down with it (node-addon-api aborts when it cannot throw into
 * a terminating thread). A worker asked to stop ends itself between two pieces of work instead.
 *
 * The request comes as a 'stop' message, which a worker sees only while it waits (for credit, for a
 * task). If no flow is running then (loading, idle after an error, a mapper between tasks), the
 * worker exits at once. A runner's flow is closed first, as after a `break` on the main thread
 * (its `finally` blocks run): the runner leaves it at its next wait or chunk (`check`), so a busy
 * runner stops within a chunk's work, not when it runs out of credit. For that a thread is given a
 * shared flag that the main side sets before it sends the message; a process turns its event loop.
 */
export class WorkerStop {
  private readonly controller = new AbortController();
  /** Set by a runner while its flow runs: a request then closes the flow before the worker exits. */
  flowRunning = false;

  constructor(private readonly flag: Int32Array | undefined) {}

  /** Called for the 'stop' message. */
  request(): void {
    if (!this.flowRunning) process.exit(0);
    this.controller.abort(STOPPED);
  }

  get requested(): boolean {
    return this.controller.signal.aborted || (this.flag !== undefined && Atomics.load(this.flag, 0) !== 0);
  }

  /**
   * Rejects with STOPPED if the stop is requested. A process has no flag: it first lets the event
   * loop turn once (a few µs, once per chunk), so a 'stop' message gets in even while it is busy.
   */
  async check(): Promise<void> {
    if (this.flag === undefined) await new Promise(setImmediate);
    if (this.requested) throw STOPPED;
  }

  /** `p`'s outcome, or a rejection with STOPPED as soon as the stop is requested. */
  orStop<T>(p: Promise<T>): Promise<T> {
    if (this.requested) return Promise.reject(STOPPED);
    const signal = this.controller.signal;
    return new Promise<T>((resolve, reject) => {
      const onStop = (): void => reject(STOPPED);
      signal.addEventListener('abort', onStop, { once: true });
      p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onStop));
    });
  }
}
