import { DataFlowError } from './errors.ts';
import { IteratorIterable } from './IteratorIterable.ts';

/** A datapoint: a tuple (list) of components, or a record of named components. */
export type Datapoint = readonly unknown[] | { readonly [key: string]: unknown };

/**
 * How many datapoints one pass yields: a number when known, `Infinity` for endless flows,
 * `null` when it cannot be known in advance (a filter, a generator without a size).
 */
export type Length = number | null;

/** What `resetState` hands down the pipeline, and what a worker gets (streamId = worker index). */
export interface ResetContext {
  /** Base seed for every random flow that was not given its own `seed`. */
  readonly seed?: number;
  /** Distinct reproducible streams of one seed: worker i resets with streamId i. */
  readonly streamId?: number;
}

export interface IterateOptions {
  /** Aborting it ends the iteration with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * The DataFlow contract. A flow is a re-iterable recipe: each iteration is one pass (epoch).
 *
 * - `resetState()` is called once before iterating (and once in every worker): it opens files and
 *   seeds random streams, and calls the same on every upstream flow. Iterating a flow that was
 *   never reset resets it first, with no context, so forgetting it is harmless.
 * - `for (const dp of flow)` works when every stage is synchronous; otherwise it throws an error
 *   naming the asynchronous stage. `for await` always works.
 * - `length` is a number, `Infinity`, or `null` (unknown); it never throws.
 */
export abstract class DataFlow<T> implements Iterable<T>, AsyncIterable<T> {
  /** The flows this one reads from (empty for a source). */
  readonly upstreams: readonly DataFlow<unknown>[];
  private wasReset = false;

  protected constructor(upstreams: readonly unknown[] = []) {
    upstreams.forEach((u, i) => {
      if (!(u instanceof DataFlow)) {
        const got = u === null ? 'null' : typeof u === 'object' ? (u.constructor?.name ?? 'object') : typeof u;
        throw new DataFlowError(this.flowName, `argument ${i} must be a DataFlow, got ${got}`);
      }
    });
    this.upstreams = upstreams as DataFlow<unknown>[];
  }

  /** The name errors and logs use: the class name (MapData, BatchData, ...). */
  get flowName(): string {
    return this.constructor.name;
  }

  abstract get length(): Length;

  /** True when this flow and all its upstreams can be iterated synchronously. */
  get isSync(): boolean {
    return this.upstreams.every((u) => u.isSync);
  }

  /** The first stage (this flow or upstream, depth-first) that is asynchronous, for error messages. */
  protected firstAsyncStage(): DataFlow<unknown> | undefined {
    for (const u of this.upstreams) {
      if (!u.isSync) return u.firstAsyncStage() ?? u;
    }
    return this.isSync ? undefined : this;
  }

  resetState(context: ResetContext = {}): void {
    for (const u of this.upstreams) u.resetState(context);
    this.onReset(context);
    this.wasReset = true;
  }

  /** Per-flow part of `resetState` (seed the RNG, open files); upstreams are already reset. */
  protected onReset(_context: ResetContext): void {}

  /** One synchronous pass; called only when `isSync` is true. Asynchronous sources leave it out. */
  protected iterate(): Iterator<T> {
    throw new DataFlowError(this.flowName, 'is asynchronous; use for await');
  }

  /**
   * One synchronous pass as arrays of datapoints, for sources that hold them in memory: fused
   * stages then loop over plain arrays instead of resuming a generator per datapoint.
   * `undefined` (the default) means "use iterate()".
   */
  protected iterateChunks(): Iterator<readonly T[]> | undefined {
    return undefined;
  }

  /** One asynchronous pass; called only when `isSync` is false. Synchronous sources leave it out. */
  protected iterateAsync(signal: AbortSignal | undefined): AsyncIterator<T> {
    return syncToAsync(this.iterate(), signal);
  }

  [Symbol.iterator](): Iterator<T> {
    if (!this.isSync) {
      const stage = this.firstAsyncStage() ?? this;
      throw new DataFlowError(this.flowName, `cannot be iterated synchronously because ${stage.flowName} is asynchronous; use for await`);
    }
    if (!this.wasReset) this.resetState();
    return this.iterate();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.iterAsync()[Symbol.asyncIterator]();
  }

  /** The asynchronous face, with cancellation: `for await (const dp of flow.iterAsync({ signal }))`. */
  iterAsync(options: IterateOptions = {}): AsyncIterable<T> {
    return {
      [Symbol.asyncIterator]: () => {
        if (!this.wasReset) this.resetState();
        if (this.isSync) return syncToAsync(this.iterate(), options.signal);
        const it = this.iterateAsync(options.signal);
        return options.signal ? abortable(it, options.signal) : it;
      },
    };
  }

  /** Iterates the upstream `u` from inside this flow's async pass (with the same signal). */
  protected static asyncIteratorOf<U>(u: DataFlow<U>, signal: AbortSignal | undefined): AsyncIterator<U> {
    return u.isSync ? syncToAsync(u.iterate(), signal) : u.iterateAsync(signal);
  }

  /** Iterates the upstream `u` synchronously from inside this flow's sync pass. */
  protected static iteratorOf<U>(u: DataFlow<U>): Iterator<U> {
    return u.iterate();
  }

  /** The chunked pass of `u`, if it offers one (see `iterateChunks`). */
  protected static chunksOf<U>(u: DataFlow<U>): Iterator<readonly U[]> | undefined {
    return u.iterateChunks();
  }

  /** `iteratorOf` as an iterable, for `for...of` (which also calls `return()` on early exit). */
  protected static iteratorOfIterable<U>(u: DataFlow<U>): Iterable<U> {
    return new IteratorIterable(u.iterate());
  }

  /** `asyncIteratorOf` as an async iterable, for `for await`. */
  protected static asyncIterableOf<U>(u: DataFlow<U>, signal: AbortSignal | undefined): AsyncIterable<U> {
    return { [Symbol.asyncIterator]: () => DataFlow.asyncIteratorOf(u, signal) };
  }
}

/** Presents a sync iterator as an async one: one promise per datapoint, no per-stage awaits. */
export function syncToAsync<T>(it: Iterator<T>, signal: AbortSignal | undefined): AsyncIterator<T> {
  return {
    next() {
      if (signal?.aborted) {
        it.return?.();
        return Promise.reject(signal.reason);
      }
      try {
        return Promise.resolve(it.next());
      } catch (e) {
        return Promise.reject(e);
      }
    },
    return(value?: unknown) {
      it.return?.();
      return Promise.resolve({ done: true, value: value as T });
    },
  };
}

/**
 * Ends an async pass as soon as `signal` aborts, even while a stage is still waiting (a stalled
 * source, a slow request): the pending `next()` rejects with the reason and the pass is closed.
 */
function abortable<T>(it: AsyncIterator<T>, signal: AbortSignal): AsyncIterator<T> {
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {}); // observed by the race below; never an unhandled rejection
  const release = (): void => signal.removeEventListener('abort', onAbort);
  const close = (): Promise<unknown> => {
    release();
    return Promise.resolve(it.return?.()).catch(() => {});
  };
  return {
    async next() {
      if (signal.aborted) {
        await close();
        throw signal.reason;
      }
      try {
        const r = await Promise.race([it.next(), aborted]);
        if (r.done) release();
        return r;
      } catch (e) {
        // A pass stuck in a stage cannot run its cleanup until that stage settles: do not wait for it.
        if (signal.aborted) void close();
        else release();
        throw e;
      }
    },
    return(value?: unknown) {
      release();
      return it.return ? it.return(value) : Promise.resolve({ done: true, value: value as T });
    },
  };
}

/** The type of datapoint a flow yields. */
export type DatapointOf<F> = F extends DataFlow<infer T> ? T : never;
