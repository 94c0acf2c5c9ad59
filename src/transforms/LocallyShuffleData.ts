import type { DataFlow, Length, ResetContext } from '../core/DataFlow.ts';
import { checkPositiveInt } from '../core/errors.ts';
import { rngFor, type RNG } from '../core/RNG.ts';
import { Stage, StageFlow, type Sink } from '../core/StageFlow.ts';

export interface LocallyShuffleOptions {
  /** Each datapoint enters the buffer this many times. Default 1. */
  readonly numReuse?: number;
  /**
   * tensorpack's algorithm: a FIFO buffer shuffled whole every `shuffleInterval` insertions.
   * Default: none — each output is drawn uniformly from the buffer and replaced by the next input,
   * which mixes at least as well and costs one random draw per datapoint.
   */
  readonly shuffleInterval?: number;
  readonly seed?: number;
}

/**
 * Shuffles within a buffer of `bufferSize` datapoints. Every pass yields each upstream datapoint
 * exactly `numReuse` times (the buffer drains in random order at the end of the pass; tensorpack
 * instead carries the buffer into the next epoch). Length: upstream length × numReuse.
 *
 *   ds yields 1..10 → LocallyShuffleData(ds, 4) yields a permutation of 1..10, each item at most
 *   3 places earlier than in ds
 */
export class LocallyShuffleData<T> extends StageFlow<T, T> {
  readonly bufferSize: number;
  readonly numReuse: number;
  readonly shuffleInterval: number | undefined;
  private readonly seed: number | undefined;
  private rng: RNG | undefined;

  constructor(ds: DataFlow<T>, bufferSize: number, options: LocallyShuffleOptions = {}) {
    super(ds);
    checkPositiveInt('LocallyShuffleData', 'bufferSize', bufferSize);
    this.bufferSize = bufferSize;
    this.numReuse = options.numReuse ?? 1;
    checkPositiveInt('LocallyShuffleData', 'numReuse', this.numReuse);
    this.shuffleInterval = options.shuffleInterval;
    if (this.shuffleInterval !== undefined) checkPositiveInt('LocallyShuffleData', 'shuffleInterval', this.shuffleInterval);
    this.seed = options.seed;
  }

  get length(): Length {
    const n = this.upstream.length;
    return n === null ? null : n * this.numReuse;
  }

  protected override onReset(context: ResetContext): void {
    this.rng = rngFor(this.flowName, this.seed, context);
  }

  createStage(next: Sink<T>): Stage<T, T> {
    return this.shuffleInterval === undefined
      ? new ReplacementStage(next, this.bufferSize, this.numReuse, this.rng!)
      : new IntervalStage(next, this.bufferSize, this.numReuse, this.shuffleInterval, this.rng!);
  }
}

/** Draw a random slot, emit it, put the new datapoint there. */
class ReplacementStage<T> extends Stage<T, T> {
  private readonly buf: T[] = [];

  constructor(next: Sink<T>, private readonly size: number, private readonly reuse: number, private readonly rng: RNG) {
    super(next);
  }

  push(dp: T): void {
    const buf = this.buf;
    for (let r = 0; r < this.reuse; r++) {
      if (buf.length < this.size) {
        buf.push(dp);
      } else {
        const j = this.rng.int(this.size);
        this.next.push(buf[j]!);
        buf[j] = dp;
      }
    }
  }

  override flush(): void {
    const buf = this.rng.shuffle(this.buf);
    for (let i = 0; i < buf.length; i++) this.next.push(buf[i]!);
    buf.length = 0;
    this.next.flush();
  }
}

/** tensorpack's: a FIFO ring, shuffled whole every `interval` insertions. */
class IntervalStage<T> extends Stage<T, T> {
  private readonly ring: T[] = [];
  private head = 0;
  private inserted = 0;

  constructor(next: Sink<T>, private readonly size: number, private readonly reuse: number,
    private readonly interval: number, private readonly rng: RNG) {
    super(next);
  }

  push(dp: T): void {
    for (let r = 0; r < this.reuse; r++) {
      if (++this.inserted % this.interval === 0) this.rng.shuffle(this.ring);
      if (this.ring.length < this.size) {
        this.ring.push(dp);
      } else {
        this.next.push(this.ring[this.head]!); // the oldest
        this.ring[this.head] = dp;
        this.head = (this.head + 1) % this.size;
      }
    }
  }

  override flush(): void {
    const ring = this.ring;
    for (let i = 0; i < ring.length; i++) this.next.push(ring[(this.head + i) % ring.length]!);
    ring.length = 0;
    this.next.flush();
  }
}
