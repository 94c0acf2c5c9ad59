import { DataFlowError } from '../core/errors.ts';
import { dtypeOfTypedArray, TYPED_ARRAY_OF, type DType, type TypedArray } from '../core/dtype.ts';
import { formatShape, NDArray, shapesEqual } from '../core/NDArray.ts';

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
  : C[];

/** A batch of datapoints of type T: each component stacked (tuples stay tuples, records stay records). */
export type Batched<T> = { -readonly [K in keyof T]: BatchedComponent<T[K]> };

/** A batch with every component as a list (`useList`). */
export type Listed<T> = { -readonly [K in keyof T]: T[K][] };

const describe = (v: unknown): string =>
  v === null || v === undefined ? String(v) : v instanceof NDArray ? `an NDArray<${v.dtype}>` : ArrayBuffer.isView(v) ? `a ${v.constructor.name}` : `a ${typeof v}`;

/**
 * Stacks one component of `dps` (numpy's `np.asarray(list)` as tensorpack's BatchData does):
 * NDArrays and typed arrays of one dtype and shape → NDArray [n, ...shape]; numbers → int32 when all
 * are integers in int32 range, float64 when all are integers beyond it (exact to 2^53), else float32;
 * booleans → bool; bigints → int64; anything else (strings, Buffers, objects) → a list.
 */
export function stackComponent(dps: readonly unknown[], key: PropertyKey, firstIndex: number, flow: string, useList: boolean): unknown {
  const n = dps.length;
  const at = (i: number): unknown => (dps[i] as Record<PropertyKey, unknown>)[key];
  const v0 = at(0);
  if (useList || v0 === null || v0 === undefined || Buffer.isBuffer(v0) || !isStackable(v0)) return Array.from({ length: n }, (_, i) => at(i));
  const mismatch = (i: number, expected: string): DataFlowError =>
    new DataFlowError(flow, `component ${String(key)} of datapoint ${firstIndex + i} is ${describe(at(i))}, expected ${expected}`, { index: firstIndex + i });

  if (v0 instanceof NDArray || (ArrayBuffer.isView(v0) && !(v0 instanceof DataView))) {
    const dtype: DType | undefined = v0 instanceof NDArray ? v0.dtype : dtypeOfTypedArray(v0);
    if (dtype === undefined) return Array.from({ length: n }, (_, i) => at(i));
    const shape = v0 instanceof NDArray ? v0.shape : [(v0 as TypedArray).length];
    const size = (v0 as { length?: number; size?: number }).length ?? (v0 as NDArray).size;
    const out = new TYPED_ARRAY_OF[dtype](n * size);
    for (let i = 0; i < n; i++) {
      const v = at(i);
      const data = v instanceof NDArray ? v.data : v;
      const vDtype = v instanceof NDArray ? v.dtype : ArrayBuffer.isView(v) ? dtypeOfTypedArray(v) : undefined;
      if (vDtype !== dtype) throw mismatch(i, `${v0 instanceof NDArray ? 'an NDArray' : 'a typed array'} of dtype ${dtype}`);
      const vShape = v instanceof NDArray ? v.shape : [(v as TypedArray).length];
      if (!shapesEqual(vShape, shape)) {
        throw new DataFlowError(flow, `component ${String(key)} of datapoint ${firstIndex + i} has shape ${formatShape(vShape)}, expected ${formatShape(shape)}`, { index: firstIndex + i });
      }
      (out as { set(a: ArrayLike<unknown>, offset: number): void }).set(data as ArrayLike<unknown>, i * size);
    }
    return new NDArray(out, [n, ...shape], dtype);
  }
  switch (typeof v0) {
    case 'number': {
      let allInt = true;
      let int32 = true;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = at(i);
        if (typeof v !== 'number') throw mismatch(i, 'a number');
        out[i] = v;
        if (allInt && !Number.isInteger(v)) allInt = false;
        if (int32 && (v | 0) !== v) int32 = false;
      }
      return NDArray.from(int32 ? Int32Array.from(out) : allInt ? out : Float32Array.from(out), [n]);
    }
    case 'boolean': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = at(i);
        if (typeof v !== 'boolean') throw mismatch(i, 'a boolean');
        out[i] = v ? 1 : 0;
      }
      return new NDArray(out, [n], 'bool');
    }
    case 'bigint': {
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        const v = at(i);
        if (typeof v !== 'bigint') throw mismatch(i, 'a bigint');
        out[i] = v;
      }
      return new NDArray(out, [n], 'int64');
    }
  }
  return Array.from({ length: n }, (_, i) => at(i));
}

function isStackable(v: unknown): boolean {
  return v instanceof NDArray || (ArrayBuffer.isView(v) && !(v instanceof DataView)) || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';
}

/** Stacks a list of datapoints (tuples or records of the same structure) into one batch. */
export function stackBatch(dps: readonly unknown[], firstIndex: number, flow: string, useList: boolean): unknown {
  const first = dps[0];
  if (Array.isArray(first)) {
    for (let i = 1; i < dps.length; i++) {
      const dp = dps[i];
      if (!Array.isArray(dp) || dp.length !== first.length) {
        throw new DataFlowError(flow, `datapoint ${firstIndex + i} has ${Array.isArray(dp) ? dp.length : 'no'} components, expected ${first.length}`, { index: firstIndex + i });
      }
    }
    return first.map((_, c) => stackComponent(dps, c, firstIndex, flow, useList));
  }
  if (typeof first !== 'object' || first === null) {
    throw new DataFlowError(flow, `datapoint ${firstIndex} is ${describe(first)}, expected a tuple or a record`, { index: firstIndex });
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) out[key] = stackComponent(dps, key, firstIndex, flow, useList);
  return out;
}
