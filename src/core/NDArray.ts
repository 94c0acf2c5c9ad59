import { DataFlowError } from './errors.ts';
import { dtypeOfTypedArray, TYPED_ARRAY_OF, type DType, type TypedArrayFor } from './dtype.ts';
import { float16BitsToNumber } from './float16.ts';

export type Shape = readonly number[];

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const formatShape = (shape: Shape): string => `[${shape.join(',')}]`;

/**
 * An n-dimensional array: a typed array in C (row-major) order, a shape, and numpy's dtype name.
 * Views (`reshape`, `at`) share memory with the original; nothing is copied unless a method says so.
 *
 *   const a = NDArray.from(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 *   a.at(1).data  // Float32Array [4, 5, 6], a view
 */
export class NDArray<D extends DType = DType> {
  readonly data: TypedArrayFor[D];
  readonly shape: Shape;
  readonly dtype: D;

  constructor(data: TypedArrayFor[D], shape: Shape, dtype: D) {
    if (shapeSize(shape) !== data.length) {
      throw new DataFlowError('NDArray', `shape ${formatShape(shape)} needs ${shapeSize(shape)} elements, the data has ${data.length}`);
    }
    this.data = data;
    this.shape = shape;
    this.dtype = dtype;
  }

  /** Wraps a typed array; the dtype follows the array type unless given (e.g. 'bool' or 'float16'). */
  static from<A extends Exclude<TypedArrayFor[DType], Uint8Array | Uint16Array>>(data: A, shape?: Shape): NDArray<DTypeOf<A>>;
  static from<D extends DType>(data: TypedArrayFor[D], shape: Shape | undefined, dtype: D): NDArray<D>;
  static from(data: Uint8Array, shape?: Shape): NDArray<'uint8'>;
  static from(data: Uint16Array, shape?: Shape): NDArray<'uint16'>;
  static from(data: TypedArrayFor[DType], shape?: Shape, dtype?: DType): NDArray {
    const d = dtype ?? dtypeOfTypedArray(data);
    if (d === undefined) throw new DataFlowError('NDArray', `cannot infer a dtype from ${data.constructor.name}`);
    return new NDArray(data, shape ?? [data.length], d);
  }

  static zeros<D extends DType>(shape: Shape, dtype: D): NDArray<D> {
    return new NDArray(new TYPED_ARRAY_OF[dtype](shapeSize(shape)), shape, dtype);
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** A view with another shape of the same size; -1 stands for the remaining dimension. */
  reshape(shape: Shape): NDArray<D> {
    const known = shape.reduce((n, d) => (d === -1 ? n : n * d), 1);
    const resolved = shape.map((d) => (d === -1 ? this.size / known : d));
    if (shapeSize(resolved) !== this.size || resolved.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new DataFlowError('NDArray', `cannot reshape ${formatShape(this.shape)} to ${formatShape(shape)}`);
    }
    return new NDArray(this.data, resolved, this.dtype);
  }

  /** The i-th sub-array along the first axis, as a view. */
  at(i: number): NDArray<D> {
    const n = this.shape[0];
    if (n === undefined || i < 0 || i >= n || !Number.isInteger(i)) {
      throw new DataFlowError('NDArray', `index ${i} is out of range for shape ${formatShape(this.shape)}`);
    }
    const inner = this.shape.slice(1);
    const step = shapeSize(inner);
    return new NDArray(this.data.subarray(i * step, (i + 1) * step) as TypedArrayFor[D], inner, this.dtype);
  }

  /** One element by its full index. float16 reads as a number; 64-bit integer dtypes as bigint. */
  get(...index: number[]): D extends 'int64' | 'uint64' ? bigint : number {
    if (index.length !== this.ndim) {
      throw new DataFlowError('NDArray', `get() needs ${this.ndim} indices for shape ${formatShape(this.shape)}, got ${index.length}`);
    }
    let offset = 0;
    for (let k = 0; k < index.length; k++) {
      const i = index[k]!;
      if (i < 0 || i >= this.shape[k]!) throw new DataFlowError('NDArray', `index ${index.join(',')} is out of range for shape ${formatShape(this.shape)}`);
      offset = offset * this.shape[k]! + i;
    }
    const v = this.data[offset]!;
    return (this.dtype === 'float16' ? float16BitsToNumber(v as number) : v) as D extends 'int64' | 'uint64' ? bigint : number;
  }

  /** A copy with its own buffer. */
  copy(): NDArray<D> {
    return new NDArray(this.data.slice() as TypedArrayFor[D], this.shape.slice(), this.dtype);
  }

  /** The values as a flat JS array (float16 decoded). */
  toArray(): (D extends 'int64' | 'uint64' ? bigint : number)[] {
    type V = D extends 'int64' | 'uint64' ? bigint : number;
    if (this.dtype === 'float16') return Array.from(this.data as Uint16Array, (h) => float16BitsToNumber(h) as V);
    return Array.from(this.data as unknown as ArrayLike<V>);
  }

  toString(): string {
    return `NDArray<${this.dtype}>${formatShape(this.shape)}`;
  }
}

/** The dtype a typed array type stands for (Uint8Array is 'uint8', Uint16Array 'uint16'). */
export type DTypeOf<A> = A extends Float32Array ? 'float32'
  : A extends Float64Array ? 'float64'
  : A extends Int8Array ? 'int8'
  : A extends Int16Array ? 'int16'
  : A extends Int32Array ? 'int32'
  : A extends BigInt64Array ? 'int64'
  : A extends Uint8Array ? 'uint8'
  : A extends Uint16Array ? 'uint16'
  : A extends Uint32Array ? 'uint32'
  : A extends BigUint64Array ? 'uint64'
  : never;

export function isNDArray(x: unknown): x is NDArray {
  return x instanceof NDArray;
}
