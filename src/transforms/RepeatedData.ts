import { DataFlow, type Length } from '../core/DataFlow.ts';
import { checkArg } from '../core/errors.ts';

/**
 * Makes `num` passes over the upstream in one pass; `num = -1` repeats forever.
 * Length: upstream length × num (Infinity for -1; unknown stays unknown).
 *
 *   ds yields 1, 2 → RepeatedData(ds, 2) yields 1, 2, 1, 2
 */
export class RepeatedData<T> extends DataFlow<T> {
  readonly upstream: DataFlow<T>;
  readonly num: number;

  constructor(ds: DataFlow<T>, num: number) {
    super([ds]);
    checkArg('RepeatedData', num === -1 || (Number.isInteger(num) && num >= 0), `num must be -1 (forever) or a non-negative integer, got ${num}`);
    this.upstream = ds;
    this.num = num;
  }

  get length(): Length {
    const n = this.upstream.length;
    if (this.num === 0) return 0; // not Infinity × 0 = NaN
    if (this.num === -1) return n === 0 ? 0 : Infinity;
    return n === null ? null : n * this.num;
  }

  private *passes(): Generator<number> {
    for (let k = 0; this.num === -1 || k < this.num; k++) yield k;
  }

  protected override *iterate(): Iterator<T> {
    for (const _ of this.passes()) {
      let yielded = false;
      for (const dp of DataFlow.iteratorOfIterable(this.upstream)) {
        yielded = true;
        yield dp;
      }
      if (!yielded) return; // an empty upstream repeated forever would spin
    }
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<T> {
    for (const _ of this.passes()) {
      let yielded = false;
      for await (const dp of DataFlow.asyncIterableOf(this.upstream, signal)) {
        yielded = true;
        yield dp;
      }
      if (!yielded) return;
    }
  }
}
