import { DataFlow, type Length } from '../core/DataFlow.ts';
import { checkArg } from '../core/errors.ts';

/**
 * Yields all datapoints of each flow in turn. Length: the sum (unknown if any is unknown).
 *
 *   a yields 1, 2 and b yields 3 → ConcatData([a, b]) yields 1, 2, 3
 */
export class ConcatData<T> extends DataFlow<T> {
  readonly flows: readonly DataFlow<T>[];

  constructor(flows: readonly DataFlow<T>[]) {
    checkArg('ConcatData', Array.isArray(flows) && flows.length > 0, 'expects a non-empty list of flows');
    super(flows);
    this.flows = flows;
  }

  get length(): Length {
    return sumLengths(this.flows);
  }

  protected override *iterate(): Iterator<T> {
    for (const f of this.flows) yield* DataFlow.iteratorOfIterable(f);
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<T> {
    for (const f of this.flows) yield* DataFlow.asyncIterableOf(f, signal);
  }
}

/** Sum of lengths: unknown if any is unknown, else Infinity if any is infinite. */
export function sumLengths(flows: readonly DataFlow<unknown>[]): Length {
  let total = 0;
  for (const f of flows) {
    const n = f.length;
    if (n === null) return null;
    total += n;
  }
  return total;
}
