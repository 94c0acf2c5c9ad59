import { NDArray } from '../core/NDArray.ts';
import type { DType, TypedArray } from '../core/dtype.ts';

/**
 * How a component in its expected form is stacked without calling its builder: the check and the
 * copy, inlined into compiled code (see `compileRowAdder`). A builder without one is always called.
 */
export type FastPath =
  /** An NDArray of `dtype` and `shape`, its data copied into `out` at row × its size. */
  | { readonly kind: 'ndarray'; readonly dtype: DType; readonly shape: readonly number[]; readonly size: number; readonly out: TypedArray }
  /** A bare typed array of class `type` and length `size`, copied into `out` at row × size. */
  | { readonly kind: 'typed'; readonly type: abstract new (...args: never[]) => TypedArray; readonly size: number; readonly out: TypedArray }
  /** An int32 number, stored into `values` at row (other numbers change the batch's dtype: the builder decides). */
  | { readonly kind: 'int32'; readonly values: Float64Array };

/** One component's part of a batch: `add` checks a value (throwing the precise error) and stacks it at `row`. */
export interface ComponentAdder {
  add(v: unknown, row: number, index: number): void;
  readonly fast?: FastPath | undefined;
}

/** Adds every component of one datapoint (already checked to have the batch's structure) at `row`. */
export type RowAdder = (dp: unknown, row: number, index: number) => void;

/** A compiled `RowAdder` for one structure, bound to the builders of one batch (their arrays) and the datapoints' keys. */
export type BindRowAdder = (adders: readonly ComponentAdder[], keys: readonly (string | number)[]) => RowAdder;

const compiled = new Map<string, BindRowAdder>();

/**
 * Components per compiled function. V8 does not optimize a function past a size, and a record of
 * 1,000 numbers as one function ran 1.6× slower than the loop over builders (74 against 45 ns per
 * component); in groups of 64 it keeps the gain of narrower structures (10–11 against 20–33 ns).
 */
const GROUP = 64;

/**
 * The per-datapoint work of a batch as straight-line code for its structure (tuple or record,
 * each component's kind and number of dimensions), compiled once per structure: V8 then inlines
 * every check and copy, where a loop over the components calls a different builder class at the
 * same site and inlines none (B2: 36 → 29 ns per [float32[16], int] datapoint). Only numbers are
 * written into the source; keys, dtypes, shapes and arrays are bound as variables. (Code
 * generation from strings is needed anyway: lmdb's ordered-binary evaluates code when imported.)
 *
 *   compileRowAdder(true, [arrays, labels])([arrays, labels], [0, 1])(dp, row, index)
 *     ≡ arrays.add(dp[0], row, index); labels.add(dp[1], row, index)
 */
export function compileRowAdder(tuple: boolean, adders: readonly ComponentAdder[]): BindRowAdder {
  const groups: BindRowAdder[] = [];
  for (let from = 0; from < adders.length; from += GROUP) groups.push(compiledGroup(tuple, adders, from, Math.min(from + GROUP, adders.length)));
  if (groups.length === 1) return groups[0]!;
  return (bound, keys) => {
    const parts = groups.map((bind) => bind(bound, keys));
    return (dp, row, index) => {
      for (let g = 0; g < parts.length; g++) parts[g]!(dp, row, index);
    };
  };
}

/** The compiled code for components `from` to `to` (excluded) of this structure. */
function compiledGroup(tuple: boolean, adders: readonly ComponentAdder[], from: number, to: number): BindRowAdder {
  const kinds = adders.slice(from, to).map((a) => (a.fast === undefined ? '-' : a.fast.kind === 'ndarray' ? `n${a.fast.shape.length}` : a.fast.kind)).join(',');
  const signature = `${tuple ? 't' : 'r'}:${from}:${kinds}`;
  let bind = compiled.get(signature);
  if (bind === undefined) {
    bind = generate(tuple, adders, from, to);
    compiled.set(signature, bind);
  }
  return bind;
}

/** Compiles the `BindRowAdder` of components `from` to `to` (excluded) of this structure. */
function generate(tuple: boolean, adders: readonly ComponentAdder[], from: number, to: number): BindRowAdder {
  const setup: string[] = [];
  const body: string[] = [];
  for (let c = from; c < to; c++) {
    const a = adders[c]!;
    const [v, slow] = [`v${c}`, `a${c}.add(v${c}, row, index)`];
    setup.push(`const a${c} = adders[${c}], f${c} = a${c}.fast, k${c} = keys[${c}];`);
    body.push(`const ${v} = dp[${tuple ? c : `k${c}`}];`);
    const fast = a.fast;
    if (fast === undefined) {
      body.push(`${slow};`);
    } else if (fast.kind === 'ndarray') {
      const dims = fast.shape.map((_, d) => `e${c}_${d} = f${c}.shape[${d}]`);
      setup.push(`const o${c} = f${c}.out, d${c} = f${c}.dtype, z${c} = f${c}.size${dims.map((d) => `, ${d}`).join('')};`);
      const same = [`s.length === ${fast.shape.length}`, ...fast.shape.map((_, d) => `s[${d}] === e${c}_${d}`)].join(' && ');
      body.push(`if (${v} instanceof NDArray && ${v}.dtype === d${c}) { const s = ${v}.shape; if (${same}) copyInto(o${c}, ${v}.data, row * z${c}); else ${slow}; } else ${slow};`);
    } else if (fast.kind === 'typed') {
      setup.push(`const o${c} = f${c}.out, T${c} = f${c}.type, z${c} = f${c}.size;`);
      body.push(`if (${v} instanceof T${c} && ${v}.length === z${c}) copyInto(o${c}, ${v}, row * z${c}); else ${slow};`);
    } else {
      setup.push(`const n${c} = f${c}.values;`);
      body.push(`if (typeof ${v} === 'number' && (${v} | 0) === ${v}) n${c}[row] = ${v}; else ${slow};`);
    }
  }
  const source = `return (adders, keys) => { ${setup.join(' ')} return (dp, row, index) => { ${body.join(' ')} }; };`;
  return new Function('NDArray', 'copyInto', source)(NDArray, copyInto) as BindRowAdder;
}

/**
 * `out.set(src, offset)`, but a plain loop for tiny integer arrays, where `set`'s fixed cost
 * dominates (measured per datapoint: 2 elements 49 ns by loop, 71 by `set`; 16: 70 by loop, 60 by
 * `set`). Floats always go by `set`, which copies bits: a copy through JavaScript reads each float
 * as a double, which quiets signaling NaNs (np.stack keeps them).
 */
export function copyInto(out: TypedArray, src: TypedArray, offset: number): void {
  if (src.length > 8 || src instanceof Float32Array || src instanceof Float64Array) {
    (out as { set(a: ArrayLike<unknown>, offset: number): void }).set(src as ArrayLike<unknown>, offset);
    return;
  }
  const o = out as unknown as { [i: number]: unknown };
  const s = src as unknown as { readonly [i: number]: unknown; readonly length: number };
  for (let k = 0; k < s.length; k++) o[offset + k] = s[k];
}
