import type { DataFlow, Length } from '../core/DataFlow.ts';
import { checkPositiveInt, DataFlowError } from '../core/errors.ts';
import { NDArray } from '../core/NDArray.ts';
import { Stage, StageFlow, type Sink } from '../core/StageFlow.ts';
import { stackBatch, type Batched } from './stack.ts';

/**
 * Groups datapoints by the shape of component `idx` and yields a batch whenever a group reaches
 * `batchSize`, so every batch stacks. Groups left short at the end of a pass are dropped, as in
 * tensorpack. Length: unknown.
 *
 *   shapes of component 0: [2],[3],[2],[3] → BatchDataByShape(ds, 2, 0) yields a [2,2] batch, then a [2,3] batch
 */
export class BatchDataByShape<T extends readonly unknown[]> extends StageFlow<T, Batched<T>> {
  readonly batchSize: number;
  readonly idx: number;

  constructor(ds: DataFlow<T>, batchSize: number, idx: number) {
    super(ds);
    checkPositiveInt('BatchDataByShape', 'batchSize', batchSize);
    this.batchSize = batchSize;
    this.idx = idx;
  }

  get length(): Length {
    return this.upstream.length === Infinity ? Infinity : null;
  }

  createStage(next: Sink<Batched<T>>): Stage<T, Batched<T>> {
    const { batchSize, idx, flowName } = this;
    const groups = new Map<string, { first: number; dps: T[] }>();
    let index = 0;
    return new (class extends Stage<T, Batched<T>> {
      push(dp: T): void {
        const c = dp[idx];
        if (!(c instanceof NDArray)) {
          throw new DataFlowError(flowName, `component ${idx} of datapoint ${index} must be an NDArray to group by its shape`, { index });
        }
        const key = c.shape.join(',');
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { first: index, dps: [] }));
        group.dps.push(dp);
        index++;
        if (group.dps.length === batchSize) {
          groups.delete(key);
          this.next.push(stackBatch(group.dps, group.first, flowName, false) as Batched<T>);
        }
      }
    })(next);
  }
}
