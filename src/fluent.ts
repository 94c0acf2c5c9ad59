/**
 * The fluent face of DataFlow: `ds.map(f).shuffle(1000).batch(32)` builds the same flows as
 * tensorpack's `BatchData(LocallyShuffleData(MapData(ds, f), 1000), 32)`. Every method is a
 * one-line call. It lives above the transforms and the remote layer so that the core imports none of them;
 * importing the package (src/index.ts) installs it.
 */
import { DataFlow } from './core/DataFlow.ts';
import { BatchData, type BatchDataOptions } from './transforms/BatchData.ts';
import { BatchDataByShape } from './transforms/BatchDataByShape.ts';
import { CacheData } from './transforms/CacheData.ts';
import { ConcatData } from './transforms/ConcatData.ts';
import { FilterData } from './transforms/FilterData.ts';
import { FixedSizeData } from './transforms/FixedSizeData.ts';
import { LocallyShuffleData, type LocallyShuffleOptions } from './transforms/LocallyShuffleData.ts';
import { MapData, type MapFn } from './transforms/MapData.ts';
import { MapDataAsync, type AsyncMapFn, type MapAsyncOptions } from './transforms/MapDataAsync.ts';
import { MapDataComponent, type ComponentKey, type WithComponent } from './transforms/MapDataComponent.ts';
import { PrintData, type PrintDataOptions } from './transforms/PrintData.ts';
import { RepeatedData } from './transforms/RepeatedData.ts';
import { RepeatedDataPoint } from './transforms/RepeatedDataPoint.ts';
import { SelectComponent } from './transforms/SelectComponent.ts';
import { TestDataSpeed, type TestDataSpeedOptions } from './transforms/TestDataSpeed.ts';
import { sendDataflowZmq, type SendOptions, type ZmqSender } from './remote/sendDataflowZmq.ts';

declare module './core/DataFlow.ts' {
  interface DataFlow<T> {
    // Flows built from a user function return DataFlow<Out>, not their class: the class holds the
    // function, which would make DataFlow<T> invariant in T.
    /** MapData: `fn` may return null/undefined to drop. */
    map<R>(fn: MapFn<T, R>): DataFlow<NonNullable<R>>;
    /** FilterData. */
    filter<S extends T>(predicate: (dp: T, index: number) => dp is S): DataFlow<S>;
    filter(predicate: (dp: T, index: number) => boolean): DataFlow<T>;
    /** MapDataComponent on one index or key. */
    // Typed through `this` so that T does not appear in the member: with T in the key constraint,
    // DataFlow<[number]> would not be assignable to DataFlow<unknown>.
    mapComponent<U, K extends ComponentKey<U>, R>(this: DataFlow<U>, fn: (component: U[K & keyof U], index: number) => R, component: K): DataFlow<WithComponent<U, K, NonNullable<R>>>;
    /** SelectComponent. */
    select<const Idx extends readonly number[]>(this: DataFlow<T & readonly unknown[]>, indices: Idx): SelectComponent<T & readonly unknown[], Idx>;
    /** MapDataAsync: bounded concurrency, input order kept. */
    mapAsync<R>(fn: AsyncMapFn<T, R>, options?: MapAsyncOptions): DataFlow<NonNullable<R>>;
    /** BatchData. */
    batch<L extends boolean = false>(batchSize: number, options?: BatchDataOptions<L>): BatchData<T, L>;
    /** BatchDataByShape. */
    batchByShape(this: DataFlow<T & readonly unknown[]>, batchSize: number, idx: number): BatchDataByShape<T & readonly unknown[]>;
    /** LocallyShuffleData. */
    shuffle(bufferSize: number, options?: LocallyShuffleOptions): LocallyShuffleData<T>;
    /** RepeatedData; -1 (default) repeats forever. */
    repeat(num?: number): RepeatedData<T>;
    /** RepeatedDataPoint. */
    repeatDatapoint(num: number): RepeatedDataPoint<T>;
    /** FixedSizeData. */
    fixedSize(size: number, options?: { keepState?: boolean }): FixedSizeData<T>;
    /** CacheData. */
    cache(options?: { shuffle?: boolean; seed?: number }): CacheData<T>;
    /** ConcatData of this flow and the others. */
    concat(...others: DataFlow<T>[]): ConcatData<T>;
    /** PrintData. */
    print(options?: PrintDataOptions): PrintData<T>;
    /** TestDataSpeed (then call `.start()` or `.startAsync()`). */
    speed(options?: TestDataSpeedOptions): TestDataSpeed<T>;
    /** sendDataflowZmq: push this flow's datapoints to `addr` (tensorpack's wire); returns a handle with `close()`. */
    sendZmq(addr: string, options?: SendOptions): ZmqSender;
  }
}

type Self = DataFlow<never>;
Object.assign(DataFlow.prototype, {
  map(this: Self, fn: MapFn<never, unknown>) { return new MapData(this, fn); },
  filter(this: Self, predicate: (dp: never, index: number) => boolean) { return new FilterData(this, predicate); },
  mapComponent(this: Self, fn: (c: never, index: number) => unknown, component: never) { return new MapDataComponent(this, fn, component); },
  select(this: DataFlow<readonly unknown[]>, indices: readonly number[]) { return new SelectComponent(this, indices); },
  mapAsync(this: Self, fn: AsyncMapFn<never, unknown>, options?: MapAsyncOptions) { return new MapDataAsync(this, fn, options); },
  batch(this: Self, batchSize: number, options?: BatchDataOptions<boolean>) { return new BatchData(this, batchSize, options); },
  batchByShape(this: DataFlow<readonly unknown[]>, batchSize: number, idx: number) { return new BatchDataByShape(this, batchSize, idx); },
  shuffle(this: Self, bufferSize: number, options?: LocallyShuffleOptions) { return new LocallyShuffleData(this, bufferSize, options); },
  repeat(this: Self, num = -1) { return new RepeatedData(this, num); },
  repeatDatapoint(this: Self, num: number) { return new RepeatedDataPoint(this, num); },
  fixedSize(this: Self, size: number, options?: { keepState?: boolean }) { return new FixedSizeData(this, size, options); },
  cache(this: Self, options?: { shuffle?: boolean; seed?: number }) { return new CacheData(this, options); },
  concat(this: Self, ...others: Self[]) { return new ConcatData([this, ...others]); },
  print(this: Self, options?: PrintDataOptions) { return new PrintData(this, options); },
  speed(this: Self, options?: TestDataSpeedOptions) { return new TestDataSpeed(this, options); },
  sendZmq(this: Self, addr: string, options?: SendOptions) { return sendDataflowZmq(this, addr, options); },
});
