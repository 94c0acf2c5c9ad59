import type { DataFlow, Length } from '../core/DataFlow.ts';
import { checkPositiveInt } from '../core/errors.ts';
import { Stage, StageFlow, type Sink } from '../core/StageFlow.ts';
import { BatchBuilder, type Batched, type Listed } from './stack.ts';

export interface BatchDataOptions<L extends boolean = false> {
  /** Yield the last, smaller batch of a pass. Default false (dropped), as in tensorpack. */
  readonly remainder?: boolean;
  /** Every component as a list instead of stacked. Default false. */
  readonly useList?: L;
}

/**
 * Stacks `batchSize` consecutive datapoints into one (see `stackComponent` for how each component
 * type stacks). Length: ⌊n / batchSize⌋, or ⌈n / batchSize⌉ with `remainder`; unknown and infinite
 * stay so.
 *
 *   ds yields [1], [2], [3], [4], [5] → BatchData(ds, 2) yields [Int32 [1,2]], [Int32 [3,4]]
 *   with { remainder: true } also [Int32 [5]]
 */
export class BatchData<T, L extends boolean = false> extends StageFlow<T, L extends true ? Listed<T> : Batched<T>> {
  readonly batchSize: number;
  readonly remainder: boolean;
  readonly useList: boolean;

  constructor(ds: DataFlow<T>, batchSize: number, options: BatchDataOptions<L> = {}) {
    super(ds);
    checkPositiveInt('BatchData', 'batchSize', batchSize);
    this.batchSize = batchSize;
    this.remainder = options.remainder ?? false;
    this.useList = options.useList ?? false;
  }

  get length(): Length {
    const n = this.upstream.length;
    if (n === null || n === Infinity) return n;
    return this.remainder ? Math.ceil(n / this.batchSize) : Math.floor(n / this.batchSize);
  }

  createStage(next: Sink<L extends true ? Listed<T> : Batched<T>>): Stage<T, L extends true ? Listed<T> : Batched<T>> {
    return new BatchStage(next, this.batchSize, this.remainder, this.useList, this.flowName);
  }
}

class BatchStage<T, B> extends Stage<T, B> {
  private builder: BatchBuilder;
  private index = 0;

  constructor(next: Sink<B>, private readonly batchSize: number, private readonly remainder: boolean,
    private readonly useList: boolean, private readonly flow: string) {
    super(next);
    this.builder = new BatchBuilder(batchSize, flow, useList);
  }

  push(dp: T): void {
    this.builder.add(dp, this.index++);
    if (this.builder.count === this.batchSize) this.emit();
  }

  private emit(): void {
    const batch = this.builder.finish() as B;
    // A fresh builder: the finished batch owns the arrays the old one filled.
    this.builder = new BatchBuilder(this.batchSize, this.flow, this.useList);
    this.next.push(batch);
  }

  override flush(): void {
    if (this.remainder && this.builder.count > 0) this.emit();
    this.next.flush();
  }
}
