import { DataFlow, type Length, type ResetContext } from '../core/DataFlow.ts';
import { rngFor, type RNG } from '../core/RNG.ts';

/**
 * Caches the upstream's first complete pass in memory; later passes replay the cache (shuffled
 * with `shuffle`) without touching the upstream. A pass broken off early caches nothing.
 * Length: the upstream's.
 *
 *   ds yields 1, 2, 3 → CacheData(ds) yields 1, 2, 3 ; 1, 2, 3 (the second from memory)
 */
export class CacheData<T> extends DataFlow<T> {
  readonly upstream: DataFlow<T>;
  private readonly shuffled: boolean;
  private readonly seed: number | undefined;
  private rng: RNG | undefined;
  private cached: T[] | undefined;

  constructor(ds: DataFlow<T>, options: { shuffle?: boolean; seed?: number } = {}) {
    super([ds]);
    this.upstream = ds;
    this.shuffled = options.shuffle ?? false;
    this.seed = options.seed;
  }

  get length(): Length {
    return this.cached ? this.cached.length : this.upstream.length;
  }

  /** Synchronous once the cache is filled, whatever the upstream. */
  override get isSync(): boolean {
    return this.cached !== undefined || this.upstream.isSync;
  }

  protected override onReset(context: ResetContext): void {
    this.rng = rngFor(this.flowName, this.seed, context);
  }

  private replay(): T[] {
    return this.shuffled ? this.rng!.shuffle(this.cached!.slice()) : this.cached!;
  }

  protected override *iterate(): Iterator<T> {
    if (this.cached) return yield* this.replay();
    const filling: T[] = [];
    for (const dp of DataFlow.iteratorOfIterable(this.upstream)) {
      filling.push(dp);
      yield dp;
    }
    this.cached = filling;
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<T> {
    const filling: T[] = [];
    for await (const dp of DataFlow.asyncIterableOf(this.upstream, signal)) {
      filling.push(dp);
      yield dp;
    }
    this.cached = filling;
  }
}
