import { DataFlow, type Length } from '../core/DataFlow.ts';
import { checkArg, checkPositiveInt, userCodeError } from '../core/errors.ts';

export interface MapAsyncOptions {
  /** Calls of `fn` in flight at once. Default 8. */
  readonly concurrency?: number;
}

export type AsyncMapFn<I, R> = (dp: I, context: { index: number; signal: AbortSignal }) => Promise<R> | R;

/**
 * Applies an async function (I/O: reading files, fetching, decoding with sharp) to up to
 * `concurrency` datapoints at once, yielding results in input order; a `null` or `undefined`
 * result drops the datapoint. The first rejection ends the pass with that error (naming the
 * datapoint); ending the pass early aborts the signal handed to `fn` and closes the upstream.
 * Length: the upstream's.
 *
 *   ds yields 1, 2, 3 → MapDataAsync(ds, async (x) => x * 10, { concurrency: 2 }) yields 10, 20, 30
 */
export class MapDataAsync<I, R> extends DataFlow<NonNullable<R>> {
  readonly upstream: DataFlow<I>;
  readonly concurrency: number;
  private readonly fn: AsyncMapFn<I, R>;

  constructor(ds: DataFlow<I>, fn: AsyncMapFn<I, R>, options: MapAsyncOptions = {}) {
    super([ds]);
    checkArg('MapDataAsync', typeof fn === 'function', `expects a function, got ${typeof fn}`);
    this.upstream = ds;
    this.fn = fn;
    this.concurrency = options.concurrency ?? 8;
    checkPositiveInt('MapDataAsync', 'concurrency', this.concurrency);
  }

  get length(): Length {
    return this.upstream.length;
  }

  override get isSync(): boolean {
    return false;
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<NonNullable<R>> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort);
    const upstream = DataFlow.asyncIteratorOf(this.upstream, controller.signal);
    const inFlight: Promise<R>[] = [];
    let index = 0;
    let upstreamDone = false;
    const start = async (): Promise<void> => {
      let r: IteratorResult<I>;
      try {
        r = await upstream.next();
      } catch (e) {
        // Queued like a result, so the datapoints read before the failure are still yielded first.
        upstreamDone = true;
        const failed = Promise.reject(e);
        failed.catch(() => {});
        inFlight.push(failed);
        return;
      }
      if (r.done) {
        upstreamDone = true;
        return;
      }
      const i = index++;
      const call = (async () => {
        try {
          return await this.fn(r.value, { index: i, signal: controller.signal });
        } catch (e) {
          throw userCodeError(this.flowName, 'async map function', i, e);
        }
      })();
      call.catch(() => {}); // observed when its turn comes; never an unhandled rejection meanwhile
      inFlight.push(call);
    };
    try {
      while (!upstreamDone && inFlight.length < this.concurrency) await start();
      while (inFlight.length > 0) {
        const out = await inFlight.shift()!;
        if (!upstreamDone) await start();
        if (out != null) yield out;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      controller.abort(new Error('MapDataAsync: iteration ended'));
      if (!upstreamDone) await upstream.return?.();
    }
  }
}
