import { DataFlow, type Length } from '../DataFlow.ts';
import { checkPositiveInt, DataFlowError } from '../errors.ts';

/**
 * An asynchronous flow fed by `put()`: producers push datapoints, the flow yields them in order
 * until `close()` and the queue is drained. `put` waits while `capacity` datapoints are waiting,
 * so a fast producer cannot outrun the consumer. One pass only (the queue is consumed).
 *
 *   const q = new DataFromQueue<[number]>({ capacity: 2 });
 *   void (async () => { await q.put([1]); await q.put([2]); q.close(); })();
 *   for await (const dp of q) ...   // [1], [2]
 */
export class DataFromQueue<T> extends DataFlow<T> {
  readonly capacity: number;
  private readonly items: T[] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;
  private running = false;
  private wakeConsumer: (() => void) | undefined;
  private readonly wakeProducers: (() => void)[] = [];

  constructor(options: { capacity?: number } = {}) {
    super();
    this.capacity = options.capacity ?? 1000;
    checkPositiveInt('DataFromQueue', 'capacity', this.capacity);
  }

  get length(): Length {
    return null;
  }

  override get isSync(): boolean {
    return false;
  }

  /** Number of datapoints waiting. */
  get size(): number {
    return this.items.length;
  }

  /** Adds a datapoint, waiting while the queue is full. */
  async put(dp: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => this.wakeProducers.push(resolve));
    }
    if (this.closed) throw new DataFlowError(this.flowName, 'put() after close()');
    this.items.push(dp);
    this.wake();
  }

  /** No more datapoints: the flow ends once the waiting ones are yielded. */
  close(): void {
    this.closed = true;
    this.wake();
    this.wakeProducers.splice(0).forEach((w) => w());
  }

  /** Ends the flow with an error, thrown to the consumer after the waiting datapoints. */
  fail(error: unknown): void {
    this.failure = { error };
    this.close();
  }

  private wake(): void {
    const w = this.wakeConsumer;
    this.wakeConsumer = undefined;
    w?.();
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<T> {
    if (this.running) throw new DataFlowError(this.flowName, 'is already being iterated; a queue has one consumer');
    this.running = true;
    const onAbort = (): void => this.wake();
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        signal?.throwIfAborted();
        if (this.items.length > 0) {
          const dp = this.items.shift()!;
          this.wakeProducers.shift()?.();
          yield dp;
        } else if (this.closed) {
          if (this.failure) throw this.failure.error;
          return;
        } else {
          await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.running = false;
    }
  }
}
