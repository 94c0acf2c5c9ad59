import type { DataFlow, Length } from '../core/DataFlow.ts';
import { checkPositiveInt } from '../core/errors.ts';
import { Stage, StageFlow, type Sink } from '../core/StageFlow.ts';

/**
 * Yields each datapoint `num` times in a row (the same object). Length: upstream length × num.
 *
 *   ds yields 1, 2 → RepeatedDataPoint(ds, 2) yields 1, 1, 2, 2
 */
export class RepeatedDataPoint<T> extends StageFlow<T, T> {
  readonly num: number;

  constructor(ds: DataFlow<T>, num: number) {
    super(ds);
    checkPositiveInt('RepeatedDataPoint', 'num', num);
    this.num = num;
  }

  get length(): Length {
    const n = this.upstream.length;
    return n === null ? null : n * this.num;
  }

  createStage(next: Sink<T>): Stage<T, T> {
    const num = this.num;
    return new (class extends Stage<T, T> {
      push(dp: T): void {
        for (let i = 0; i < num; i++) this.next.push(dp);
      }
    })(next);
  }
}
