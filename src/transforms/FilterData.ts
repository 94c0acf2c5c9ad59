import type { DataFlow, Length } from '../core/DataFlow.ts';
import { checkArg } from '../core/errors.ts';
import { StageFlow, type Sink, type Stage } from '../core/StageFlow.ts';
import { MapStage } from './MapData.ts';

/**
 * Keeps the datapoints for which `predicate` is true. A type guard narrows the datapoint type.
 * Length: unknown (`null`) for a finite upstream, `Infinity` for an infinite one.
 *
 *   ds yields [1], [2], [3], [4] → FilterData(ds, ([x]) => x % 2 === 0) yields [2], [4]
 */
export class FilterData<T, S extends T = T> extends StageFlow<T, S> {
  private readonly predicate: (dp: T, index: number) => boolean;

  constructor(ds: DataFlow<T>, predicate: ((dp: T, index: number) => dp is S) | ((dp: T, index: number) => boolean)) {
    super(ds);
    checkArg('FilterData', typeof predicate === 'function', `expects a predicate function, got ${typeof predicate}`);
    this.predicate = predicate;
  }

  get length(): Length {
    return this.upstream.length === Infinity ? Infinity : null;
  }

  createStage(next: Sink<S>): Stage<T, S> {
    const predicate = this.predicate;
    return new MapStage<T, S | null>(next, (dp, i) => (predicate(dp, i) ? (dp as S) : null), this.flowName, 'predicate');
  }
}
