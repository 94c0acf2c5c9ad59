import type { DataFlow, Length } from '../core/DataFlow.ts';
import { checkArg, userCodeError } from '../core/errors.ts';
import { Stage, StageFlow, type Sink } from '../core/StageFlow.ts';

export type MapFn<I, R> = (dp: I, index: number) => R;

/**
 * Applies `fn` to every datapoint; a `null` or `undefined` result drops the datapoint.
 * Length: the upstream's, as in tensorpack — when `fn` drops, it is an upper bound
 * (use `FilterData` for a filter, whose length is unknown).
 *
 *   ds yields [1], [2], [3] → MapData(ds, ([x]) => [x * 10]) yields [10], [20], [30]
 */
export class MapData<I, R> extends StageFlow<I, NonNullable<R>> {
  readonly fn: MapFn<I, R>;

  constructor(ds: DataFlow<I>, fn: MapFn<I, R>) {
    super(ds);
    checkArg('MapData', typeof fn === 'function', `expects a function, got ${typeof fn}`);
    this.fn = fn;
  }

  get length(): Length {
    return this.upstream.length;
  }

  createStage(next: Sink<NonNullable<R>>): Stage<I, NonNullable<R>> {
    return new MapStage(next, this.fn, this.flowName);
  }
}

/** Also the stage of FilterData and MapDataComponent: each is a map that may drop. */
export class MapStage<I, R> extends Stage<I, NonNullable<R>> {
  private index = 0;

  constructor(next: Sink<NonNullable<R>>, private readonly fn: MapFn<I, R>, private readonly flow: string, private readonly what = 'map function') {
    super(next);
  }

  push(dp: I): void {
    let out: R;
    try {
      out = this.fn(dp, this.index);
    } catch (e) {
      throw userCodeError(this.flow, this.what, this.index, e);
    }
    this.index++;
    if (out != null) this.next.push(out);
  }
}
