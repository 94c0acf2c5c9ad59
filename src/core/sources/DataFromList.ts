import { DataFlow, type Length, type ResetContext } from '../DataFlow.ts';
import { checkArg } from '../errors.ts';
import { rngFor, type RNG } from '../RNG.ts';

const CHUNK = 1024;

export interface DataFromListOptions {
  /** Shuffle the order at every pass. Default `true`, as in tensorpack. */
  readonly shuffle?: boolean;
  readonly seed?: number;
}

/**
 * Yields the elements of an array. Shuffled on every pass by default (tensorpack's default):
 * pass `{ shuffle: false }` for the list's order.
 *
 *   new DataFromList([[1], [2], [3]], { shuffle: false }) yields [1], [2], [3]; length 3
 */
export class DataFromList<T> extends DataFlow<T> {
  readonly list: readonly T[];
  private readonly shuffled: boolean;
  private readonly seed: number | undefined;
  private rng: RNG | undefined;

  constructor(list: readonly T[], options: DataFromListOptions = {}) {
    super();
    checkArg('DataFromList', Array.isArray(list), `expects an array, got ${typeof list}`);
    this.list = list;
    this.shuffled = options.shuffle ?? true;
    this.seed = options.seed;
  }

  get length(): Length {
    return this.list.length;
  }

  protected override onReset(context: ResetContext): void {
    this.rng = rngFor(this.flowName, this.seed, context);
  }

  protected override *iterateChunks(): Iterator<readonly T[]> {
    if (!this.shuffled) return yield this.list;
    const order = this.order();
    const chunk = new Array<T>(CHUNK);
    for (let start = 0; start < order.length; start += CHUNK) {
      const n = Math.min(CHUNK, order.length - start);
      chunk.length = n;
      for (let i = 0; i < n; i++) chunk[i] = this.list[order[start + i]!]!;
      yield chunk; // reused: the consumer is done with it when it asks for the next
    }
  }

  private order(): Uint32Array {
    return this.rng!.shuffle(Uint32Array.from({ length: this.list.length }, (_, i) => i));
  }

  protected override *iterate(): Iterator<T> {
    const list = this.list;
    if (!this.shuffled) {
      for (let i = 0; i < list.length; i++) yield list[i]!;
      return;
    }
    const order = this.order();
    for (let i = 0; i < order.length; i++) yield list[order[i]!]!;
  }
}
