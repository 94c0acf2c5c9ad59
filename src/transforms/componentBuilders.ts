// The per-component builders of a batch: each collects one component of the datapoints and stacks it.
import { DataFlowError } from '../core/errors.ts';
import { dtypeOfTypedArray, TYPED_ARRAY_OF, type DType, type TypedArray } from '../core/dtype.ts';
import { formatShape, NDArray, shapesEqual, type Shape } from '../core/NDArray.ts';
import { copyInto, type ComponentAdder, type FastPath } from './rowAdder.ts';

/** What a value is, for error messages: "an NDArray<float32>", "a Float32Array", "a string", "null". */
export const kindOf = (v: unknown): string =>
  v === null ? 'null' : v === undefined ? 'undefined' : v instanceof NDArray ? `an NDArray<${v.dtype}>`
    : ArrayBuffer.isView(v) ? `a ${v.constructor.name}` : `a ${typeof v}`;

/** Where a batch's stacked arrays are made (BatchDataOptions.allocate): an array of `length` elements, or undefined for a new one. */
export type Allocate = (dtype: DType, length: number) => TypedArray | undefined;

interface Where {
  readonly flow: string;
  readonly key: PropertyKey;
}

/** Collects one component of a batch as datapoints arrive; `finish` returns the stacked value. */
export interface ComponentBuilder extends ComponentAdder {
  finish(n: number): unknown;
  /** Whether a batch starting with `v` can be stacked by this builder again. */
  accepts(v: unknown): boolean;
  /** Makes arrays of its own for the next batch (not with `reuse`): the finished batch keeps the old ones. */
  renew(): void;
}

/** NDArrays (or bare typed arrays) of one dtype and shape → NDArray [n, ...shape]. */
class ArrayBuilder implements ComponentBuilder {
  private readonly size: number;
  /** The stacked array (`out`) too. */
  fast: Extract<FastPath, { readonly out: TypedArray }>;

  constructor(private readonly where: Where, private readonly dtype: DType, private readonly shape: Shape, private readonly bare: boolean,
    private readonly capacity: number, private readonly allocate: Allocate | undefined) {
    this.size = shape.reduce((a, b) => a * b, 1);
    this.fast = this.arrays();
  }

  private arrays(): ArrayBuilder['fast'] {
    const { dtype, shape, size } = this;
    const out = this.allocate?.(dtype, this.capacity * size) ?? new TYPED_ARRAY_OF[dtype](this.capacity * size);
    return this.bare ? { kind: 'typed', type: TYPED_ARRAY_OF[dtype], size, out } : { kind: 'ndarray', dtype, shape, size, out };
  }

  renew(): void {
    this.fast = this.arrays();
  }

  // The checks only; the error messages are built apart, by `rejection`, to keep this per-datapoint path short.
  add(v: unknown, row: number, index: number): void {
    let data: TypedArray;
    if (this.bare) {
      if (!ArrayBuffer.isView(v) || dtypeOfTypedArray(v) !== this.dtype || (v as TypedArray).length !== this.size) throw this.rejection(v, index);
      data = v as TypedArray;
    } else {
      if (!(v instanceof NDArray) || v.dtype !== this.dtype || !shapesEqual(v.shape, this.shape)) throw this.rejection(v, index);
      data = v.data;
    }
    copyInto(this.fast.out, data, row * this.size);
  }

  /** Why `v` cannot join this batch: a wrong kind or dtype, else a wrong shape. */
  private rejection(v: unknown, index: number): DataFlowError {
    const isArray = v instanceof NDArray;
    const dtype = isArray ? v.dtype : ArrayBuffer.isView(v) ? dtypeOfTypedArray(v) : undefined;
    if (dtype !== this.dtype || isArray === this.bare) {
      return new DataFlowError(this.where.flow, `component ${String(this.where.key)} of datapoint ${index} is ${kindOf(v)}, expected ${this.bare ? 'a typed array' : 'an NDArray'} of dtype ${this.dtype}`, { index });
    }
    const shape = isArray ? v.shape : [(v as TypedArray).length];
    return new DataFlowError(this.where.flow, `component ${String(this.where.key)} of datapoint ${index} has shape ${formatShape(shape)}, expected ${formatShape(this.shape)}`, { index });
  }

  finish(n: number): NDArray {
    const { out } = this.fast;
    const data = n * this.size === out.length ? out : out.subarray(0, n * this.size);
    return new NDArray(data as never, [n, ...this.shape], this.dtype);
  }

  accepts(v: unknown): boolean {
    return this.bare ? ArrayBuffer.isView(v) && dtypeOfTypedArray(v) === this.dtype && (v as TypedArray).length === this.size
      : v instanceof NDArray && v.dtype === this.dtype && shapesEqual(v.shape, this.shape);
  }
}

/** Numbers → int32 when all are integers in int32 range, float64 when all are integers beyond it, else float32. */
class NumberBuilder implements ComponentBuilder {
  private readonly values: Float64Array;
  private allInt = true;
  private int32 = true;
  private int32Out: Int32Array | undefined;
  private float32Out: Float32Array | undefined;
  readonly fast: FastPath;

  constructor(private readonly where: Where, capacity: number, private readonly reuse: boolean) {
    this.values = new Float64Array(capacity);
    this.fast = { kind: 'int32', values: this.values };
  }

  accepts(v: unknown): boolean {
    this.allInt = this.int32 = true;
    return typeof v === 'number';
  }

  renew(): void {} // `finish` copies the values out unless they are reused

  add(v: unknown, row: number, index: number): void {
    if (typeof v !== 'number') throw mismatch(this.where, v, index, 'a number');
    if (this.int32 && (v | 0) !== v) {
      this.int32 = false;
      this.allInt = Number.isInteger(v);
    } else if (this.allInt && !this.int32 && !Number.isInteger(v)) {
      this.allInt = false;
    }
    this.values[row] = v;
  }

  finish(n: number): NDArray {
    const values = this.values.subarray(0, n);
    if (!this.reuse) return NDArray.from(this.int32 ? Int32Array.from(values) : this.allInt ? values.slice() : Float32Array.from(values), [n]);
    if (this.allInt && !this.int32) return NDArray.from(values, [n]);
    const out = this.int32 ? (this.int32Out ??= new Int32Array(this.values.length)) : (this.float32Out ??= new Float32Array(this.values.length));
    out.set(values);
    return NDArray.from(out.subarray(0, n), [n]);
  }
}

/** Booleans → bool; bigints → int64. */
class ScalarBuilder implements ComponentBuilder {
  private out: Uint8Array | BigInt64Array;

  constructor(private readonly where: Where, private readonly kind: 'boolean' | 'bigint', private readonly capacity: number) {
    this.out = this.array();
  }

  private array(): Uint8Array | BigInt64Array {
    return this.kind === 'boolean' ? new Uint8Array(this.capacity) : new BigInt64Array(this.capacity);
  }

  renew(): void {
    this.out = this.array();
  }

  add(v: unknown, row: number, index: number): void {
    if (typeof v !== this.kind) throw mismatch(this.where, v, index, `a ${this.kind}`);
    this.out[row] = this.kind === 'boolean' ? (v ? 1 : 0) : (v as never);
  }

  accepts(v: unknown): boolean {
    return typeof v === this.kind;
  }

  finish(n: number): NDArray {
    const data = this.out.subarray(0, n);
    return this.kind === 'boolean' ? new NDArray(data as Uint8Array, [n], 'bool') : new NDArray(data as BigInt64Array, [n], 'int64');
  }
}

/** Strings, Buffers (bytes), objects, null → a list. */
class ListBuilder implements ComponentBuilder {
  private values: unknown[] = [];

  add(v: unknown): void {
    this.values.push(v);
  }

  finish(): unknown[] {
    const values = this.values;
    this.values = [];
    return values;
  }

  renew(): void {} // `finish` hands its list over

  accepts(): boolean {
    return true;
  }
}

function mismatch(where: Where, v: unknown, index: number, expected: string): DataFlowError {
  return new DataFlowError(where.flow, `component ${String(where.key)} of datapoint ${index} is ${kindOf(v)}, expected ${expected}`, { index });
}

/** The builder for a component whose first value in the batch is `v0` (numpy's `np.asarray(list)`, as tensorpack's BatchData). */
export function builderFor(where: Where, v0: unknown, capacity: number, useList: boolean, reuse: boolean, allocate: Allocate | undefined): ComponentBuilder {
  if (useList || v0 === null || v0 === undefined || Buffer.isBuffer(v0)) return new ListBuilder();
  if (v0 instanceof NDArray) return new ArrayBuilder(where, v0.dtype, v0.shape, false, capacity, allocate);
  if (ArrayBuffer.isView(v0) && !(v0 instanceof DataView)) {
    const dtype = dtypeOfTypedArray(v0);
    return dtype === undefined ? new ListBuilder() : new ArrayBuilder(where, dtype, [(v0 as TypedArray).length], true, capacity, allocate);
  }
  if (typeof v0 === 'number') return new NumberBuilder(where, capacity, reuse);
  if (typeof v0 === 'boolean') return new ScalarBuilder(where, 'boolean', capacity);
  if (typeof v0 === 'bigint') return new ScalarBuilder(where, 'bigint', capacity);
  return new ListBuilder();
}
