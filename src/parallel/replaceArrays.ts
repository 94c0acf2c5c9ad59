import { NDArray } from '../core/NDArray.ts';
import type { TypedArray } from '../core/dtype.ts';

/** What stands in a message for an array: anything the other side's `revive` recognises. */
export interface ArrayReplacer {
  ndarray(a: NDArray): unknown;
  typedArray(a: TypedArray): unknown;
}

/**
 * Rebuilds a datapoint (tuples, records, nested) with every NDArray and typed array replaced.
 * Returns the datapoint itself when it holds no array, so tiny datapoints like `[i]` cost one walk
 * and no allocation.
 */
export function replaceArrays(x: unknown, r: ArrayReplacer): unknown {
  if (typeof x !== 'object' || x === null) return x;
  if (x instanceof NDArray) return r.ndarray(x);
  if (ArrayBuffer.isView(x)) return x instanceof DataView ? x : r.typedArray(x as TypedArray);
  if (Array.isArray(x)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const w = typeof v === 'object' && v !== null ? replaceArrays(v, r) : v;
      if (w !== v && out === undefined) out = x.slice(0, i);
      if (out !== undefined) out.push(w);
    }
    return out ?? x;
  }
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return x;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(x)) {
    const v = (x as Record<string, unknown>)[k];
    const w = replaceArrays(v, r);
    if (w !== v) out ??= { ...(x as Record<string, unknown>) };
    if (out !== undefined) out[k] = w;
  }
  return out ?? x;
}

/** The marker an NDArray travels as between threads: `{ $nd: 1, data, shape, dtype }`. */
export interface NDArrayMessage {
  readonly $nd: 1;
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: NDArray['dtype'];
}

/** Turns markers back into NDArrays, in place (the message is ours to mutate). */
export function reviveNDArrays(x: unknown): unknown {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x)) return x;
  if ((x as NDArrayMessage).$nd === 1) {
    const m = x as NDArrayMessage;
    return new NDArray(m.data, m.shape, m.dtype);
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) x[i] = reviveNDArrays(x[i]);
    return x;
  }
  if (Object.getPrototypeOf(x) === Object.prototype) {
    const o = x as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = reviveNDArrays(o[k]);
  }
  return x;
}
