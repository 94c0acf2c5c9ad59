import { DataFlowError } from '../core/errors.ts';
import type { NDArray } from '../core/NDArray.ts';
import { builderFor, kindOf, type Allocate, type ComponentBuilder } from './componentBuilders.ts';
import { compileRowAdder, type BindRowAdder, type RowAdder } from './rowAdder.ts';

/** What BatchData turns a component of type C into. */
export type BatchedComponent<C> =
  C extends NDArray<infer D> ? NDArray<D>
  : C extends number ? NDArray<'int32' | 'float32' | 'float64'>
  : C extends boolean ? NDArray<'bool'>
  : C extends bigint ? NDArray<'int64'>
  : C extends Buffer ? C[]
  : C extends Float32Array ? NDArray<'float32'>
  : C extends Float64Array ? NDArray<'float64'>
  : C extends Int32Array ? NDArray<'int32'>
  : C extends Uint8Array ? NDArray<'uint8'>
  : C extends Int8Array ? NDArray<'int8'>
  : C extends Int16Array ? NDArray<'int16'>
  : C extends Uint16Array ? NDArray<'uint16'>
  : C extends Uint32Array ? NDArray<'uint32'>
  : C extends BigInt64Array ? NDArray<'int64'>
  : C extends BigUint64Array ? NDArray<'uint64'>
  : C[];

/** A batch of datapoints of type T: each component stacked (tuples stay tuples, records stay records). */
export type Batched<T> = { -readonly [K in keyof T]: BatchedComponent<T[K]> };

/** A batch with every component as a list (`useList`). */
export type Listed<T> = { -readonly [K in keyof T]: T[K][] };

export interface BatchBuilderOptions {
  /** Every component as a list (BatchData's `useList`). */
  readonly useList?: boolean;
  /** Stack batch after batch into the same arrays (BatchData's `reuseBuffers`). */
  readonly reuse?: boolean;
  /** Where stacked arrays are made (BatchData's `allocate`). */
  readonly allocate?: Allocate;
}

/**
 * Builds one batch datapoint by datapoint: each arriving datapoint's components are copied into
 * the batch's arrays at once, so no datapoint is held until the batch is full. Component types
 * are set by the first datapoint: NDArrays and typed arrays of one dtype and shape → NDArray
 * [n, ...shape]; numbers → int32 / float64 (integers beyond int32) / float32; booleans → bool;
 * bigints → int64; anything else (strings, Buffers, objects) → a list.
 *
 * One builder makes batch after batch. With `reuse` it stacks them into the same arrays (each
 * `finish` returns views of them) as long as the datapoints keep their structure: a batch is then
 * only valid until the next one is started. Without, each batch gets arrays of its own.
 */
export class BatchBuilder {
  private keys: readonly (string | number)[] = [];
  private builders: ComponentBuilder[] = [];
  private bindRow: BindRowAdder | undefined;
  /** Set by `start`, which `add` calls before the first datapoint of every batch. */
  private addRow!: RowAdder;
  private tuple = true;
  /** Datapoints added so far. */
  count = 0;
  private readonly useList: boolean;
  private readonly reuse: boolean;
  private readonly allocate: Allocate | undefined;

  constructor(private readonly capacity: number, private readonly flow: string, options: BatchBuilderOptions = {}) {
    this.useList = options.useList ?? false;
    this.reuse = options.reuse ?? false;
    this.allocate = options.allocate;
  }

  add(dp: unknown, index: number): void {
    if (this.count === 0) this.start(dp, index);
    this.addRow(dp, this.count, index);
    this.count++;
  }

  private readonly wrongLength = (dp: unknown, index: number): never => {
    const n = this.keys.length;
    throw new DataFlowError(this.flow, `datapoint ${index} has ${Array.isArray(dp) ? dp.length : 'no'} components, expected ${n}`, { index });
  };

  private start(dp: unknown, index: number): void {
    if (typeof dp !== 'object' || dp === null) {
      throw new DataFlowError(this.flow, `datapoint ${index} is ${kindOf(dp)}, expected a tuple or a record`, { index });
    }
    const record = dp as Record<string | number, unknown>;
    if (this.bindRow !== undefined && this.sameStructure(dp) && this.keys.every((k, c) => this.builders[c]!.accepts(record[k]))) {
      if (this.reuse) return;
      for (const b of this.builders) b.renew();
    } else {
      this.tuple = Array.isArray(dp);
      // Arrays filled by push, not made by Array.prototype.map: the kind of array `map` returns
      // changes once V8 optimizes the caller, and code that read the old kind would deoptimize
      // (B2: every few passes, mid-pass).
      const keys: (string | number)[] = this.tuple ? [] : Object.keys(dp);
      if (this.tuple) for (let c = 0; c < (dp as unknown[]).length; c++) keys.push(c);
      const builders: ComponentBuilder[] = [];
      for (const key of keys) builders.push(builderFor({ flow: this.flow, key }, record[key], this.capacity, this.useList, this.reuse, this.allocate));
      this.keys = keys;
      this.builders = builders;
      this.bindRow = compileRowAdder(this.tuple, this.builders);
    }
    this.addRow = this.bindRow(this.builders, this.keys, this.wrongLength);
  }

  private sameStructure(dp: object): boolean {
    return this.tuple ? Array.isArray(dp) && dp.length === this.keys.length
      : !Array.isArray(dp) && Object.keys(dp).length === this.keys.length && this.keys.every((k) => k in dp);
  }

  /** The stacked batch of the datapoints added; the builder can then start a new batch. */
  finish(): unknown {
    const n = this.count;
    const parts: unknown[] = [];
    for (const b of this.builders) parts.push(b.finish(n));
    this.count = 0;
    if (this.tuple) return parts;
    return Object.fromEntries(this.keys.map((k, c) => [k, parts[c]]));
  }
}

/** Stacks a list of datapoints (tuples or records of the same structure) into one batch. */
export function stackBatch(dps: readonly unknown[], firstIndex: number, flow: string, useList: boolean): unknown {
  const builder = new BatchBuilder(dps.length, flow, { useList });
  for (let i = 0; i < dps.length; i++) builder.add(dps[i], firstIndex + i);
  return builder.finish();
}
