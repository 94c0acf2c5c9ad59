import type { DataFlow, Length } from '../core/DataFlow.ts';
import { checkArg, DataFlowError } from '../core/errors.ts';
import { StageFlow, type Sink, type Stage } from '../core/StageFlow.ts';
import { MapStage } from './MapData.ts';

export type Selected<T extends readonly unknown[], Idx extends readonly number[]> = { -readonly [J in keyof Idx]: T[Idx[J]] };

/**
 * Keeps the components at the given indices, in that order. Length: the upstream's.
 *
 *   ds yields [1, 2, 3] → SelectComponent(ds, [2, 0]) yields [3, 1]
 */
export class SelectComponent<T extends readonly unknown[], const Idx extends readonly number[]> extends StageFlow<T, Selected<T, Idx>> {
  readonly indices: Idx;

  constructor(ds: DataFlow<T>, indices: Idx) {
    super(ds);
    checkArg('SelectComponent', Array.isArray(indices) && indices.every((i) => Number.isInteger(i) && i >= 0),
      'expects a list of component indices');
    this.indices = indices;
  }

  get length(): Length {
    return this.upstream.length;
  }

  createStage(next: Sink<Selected<T, Idx>>): Stage<T, Selected<T, Idx>> {
    const { indices, flowName } = this;
    return new MapStage(next, (dp: T, i: number) => indices.map((c) => {
      if (c >= dp.length) throw new DataFlowError(flowName, `datapoint ${i} has ${dp.length} components, no component ${c}`, { index: i });
      return dp[c];
    }) as Selected<T, Idx>, flowName);
  }
}
