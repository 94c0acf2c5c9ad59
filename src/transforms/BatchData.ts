import type { DataFlow, Length } from '../core/DataFlow.ts';
import { checkArg, checkPositiveInt } from '../core/errors.ts';
import { Stage, StageFlow, type Sink } from '../core/StageFlow.ts';
import type { Allocate } from './componentBuilders.ts';
import { BatchBuilder, type Batched, type Listed } from './stack.ts';

export interface BatchDataOptions<L extends boolean = false> {
  /** Yield the last, smaller batch of a pass. Default false (dropped), as in tensorpack. */
  readonly remainder?: boolean;
  /** Every component as a list instead of stacked. Default false. */
  readonly useList?: L;
  /**
   * Stack every batch into the same arrays instead of fresh ones: a batch is then valid only until
   * the next one is asked for. For a consumer that uses each batch at once (copies it into a tensor,
   * sends it) this saves allocating and first-touching new memory per batch, which costs more than
   * the copying on some machines. Never put a flow that holds datapoints (shuffle, cache) after it.
   * Default false.
   */
  readonly reuseBuffers?: boolean;
  /**
   * Where each batch's stacked arrays are made: `allocate(dtype, length)` returns a typed array of
   * `length` elements of `dtype` (it is overwritten), or undefined for a new array; each batch asks
   * anew. A thread runner with `reuseBuffers` gives a worker's flow that ends in BatchData its
   * shared ring here, so batches are stacked straight into the memory the main thread reads.
   * Not with `reuseBuffers`. Default: new arrays.
   */
  readonly allocate?: Allocate;
}

/**
 * Stacks `batchSize` consecutive datapoints into one (see `BatchBuilder` for how each component
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
  readonly reuseBuffers: boolean;
  readonly allocate: Allocate | undefined;

  constructor(ds: DataFlow<T>, batchSize: number, private readonly options: BatchDataOptions<L> = {}) {
    super(ds);
    checkPositiveInt('BatchData', 'batchSize', batchSize);
    checkArg('BatchData', !(options.reuseBuffers && options.allocate), 'takes reuseBuffers or allocate, not both (allocate gives each batch arrays of its own)');
    this.batchSize = batchSize;
    this.remainder = options.remainder ?? false;
    this.useList = options.useList ?? false;
    this.reuseBuffers = options.reuseBuffers ?? false;
    this.allocate = options.allocate;
  }

  /** The same BatchData over the same upstream, stacking into `allocate` instead (the thread runners give it their ring). */
  withAllocate(allocate: Allocate): BatchData<T, L> {
    return new BatchData(this.upstream, this.batchSize, { ...this.options, reuseBuffers: false, allocate });
  }

  get length(): Length {
    const n = this.upstream.length;
    if (n === null || n === Infinity) return n;
    return this.remainder ? Math.ceil(n / this.batchSize) : Math.floor(n / this.batchSize);
  }

  createStage(next: Sink<L extends true ? Listed<T> : Batched<T>>): Stage<T, L extends true ? Listed<T> : Batched<T>> {
    const { batchSize, flowName, useList, reuseBuffers, allocate } = this;
    return new BatchStage(next, batchSize, this.remainder, new BatchBuilder(batchSize, flowName, { useList, reuse: reuseBuffers, allocate }));
  }
}

class BatchStage<T, B> extends Stage<T, B> {
  private index = 0;

  constructor(next: Sink<B>, private readonly batchSize: number, private readonly remainder: boolean, private readonly builder: BatchBuilder) {
    super(next);
  }

  push(dp: T): void {
    this.builder.add(dp, this.index++);
    if (this.builder.count === this.batchSize) this.emit();
  }

  private emit(): void {
    this.next.push(this.builder.finish() as B);
  }

  override flush(): void {
    if (this.remainder && this.builder.count > 0) this.emit();
    this.next.flush();
  }
}
