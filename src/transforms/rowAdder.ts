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

/** Adds every component of one datapoint at `row`. */
export type RowAdder = (dp: unknown, row: number, index: number) => void;

/** Throws the error for datapoint `index`, not a tuple of the batch's length. */
export type WrongLength = (dp: unknown, index: number) => never;

/**
 * A compiled `RowAdder` for one structure, bound to the builders of one batch (their arrays), the
 * datapoints' keys, and what a tuple datapoint of another length is given to.
 */
export type BindRowAdder = (adders: readonly ComponentAdder[], keys: readonly (string | number)[], wrongLength: WrongLength) => RowAdder;

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
 *   compileRowAdder(true, [arrays, labels])([arrays, labels], [0, 1], wrongLength)(dp, row, index)
 *     ≡ if (!Array.isArray(dp) || dp.length !== 2) wrongLength(dp, index);
 *       arrays.add(dp[0], row, index); labels.add(dp[1], row, index)
 */
export function compileRowAdder(tuple: boolean, adders: readonly ComponentAdder[]): BindRowAdder {
  const groups: BindRowAdder[] = [];
  for (let from = 0; from < adders.length; from += GROUP) groups.push(compiledGroup(tuple, adders, from, Math.min(from + GROUP, adders.length)));
  if (groups.length === 1) return groups[0]!;
  return (bound, keys, wrongLength) => {
    const parts = groups.map((bind) => bind(bound, keys, wrongLength));
    return (dp, row, index) => {
      for (let g = 0; g < parts.length; g++) parts[g]!(dp, row, index);
    };
  };
}

/** The compiled code for components `from` to `to` (excluded) of this structure (the first group checks a tuple's length). */
function compiledGroup(tuple: boolean, adders: readonly ComponentAdder[], from: number, to: number): BindRowAdder {
  const kinds = adders.slice(from, to).map(({ fast }) => (fast === undefined ? '-' : fast.kind === 'int32' ? fast.kind
    : `${fast.kind === 'ndarray' ? `n${fast.shape.length}` : fast.kind}${copyStyle(fast)}`)).join(',');
  const signature = `${tuple ? `t${adders.length}` : 'r'}:${from}:${kinds}`;
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
  const body: string[] = tuple && from === 0 ? [`if (!Array.isArray(dp) || dp.length !== ${adders.length}) wrongLength(dp, index);`] : [];
  for (let c = from; c < to; c++) {
    const a = adders[c]!;
    const [v, slow] = [`v${c}`, `a${c}.add(v${c}, row, index)`];
    setup.push(`const a${c} = adders[${c}], f${c} = a${c}.fast${tuple ? '' : `, k${c} = keys[${c}]`};`);
    body.push(`const ${v} = dp[${tuple ? c : `k${c}`}];`);
    const fast = a.fast;
    if (fast === undefined) {
      body.push(`${slow};`);
    } else if (fast.kind === 'ndarray') {
      const dims = fast.shape.map((_, d) => `e${c}_${d} = f${c}.shape[${d}]`);
      setup.push(`const o${c} = f${c}.out, d${c} = f${c}.dtype, z${c} = f${c}.size${dims.map((d) => `, ${d}`).join('')};`);
      const same = [`s.length === ${fast.shape.length}`, ...fast.shape.map((_, d) => `s[${d}] === e${c}_${d}`)].join(' && ');
      body.push(`if (${v} instanceof NDArray && ${v}.dtype === d${c}) { const s = ${v}.shape; if (${same}) ${copyCode(c, `${v}.data`, fast)} else ${slow}; } else ${slow};`);
    } else if (fast.kind === 'typed') {
      setup.push(`const o${c} = f${c}.out, T${c} = f${c}.type, z${c} = f${c}.size;`);
      body.push(`if (${v} instanceof T${c} && ${v}.length === z${c}) ${copyCode(c, v, fast)} else ${slow};`);
    } else {
      setup.push(`const n${c} = f${c}.values;`);
      body.push(`if (typeof ${v} === 'number' && (${v} | 0) === ${v}) n${c}[row] = ${v}; else ${slow};`);
    }
  }
  const source = `return (adders, keys, wrongLength) => { ${setup.join(' ')} return (dp, row, index) => { ${body.join(' ')} }; };`;
  return new Function('NDArray', 'copyInto', source)(NDArray, copyInto) as BindRowAdder;
}

/** Elements up to which a component's copy is written out element by element (see `copyCode`). */
const UNROLL = 16;

type ArrayFastPath = Extract<FastPath, { readonly out: TypedArray }>;

/** How `copyCode` copies this component: by `copyInto` (''), or unrolled for its size, with a NaN check for floats ('f'). */
function copyStyle({ out, size }: ArrayFastPath): string {
  if (size > UNROLL || out instanceof BigInt64Array || out instanceof BigUint64Array) return '';
  return `u${size}${out instanceof Float32Array || out instanceof Float64Array ? 'f' : ''}`;
}

/**
 * The copy of component `c`'s data (`src`) into its batch array `o<c>` at row × its size. A small
 * array is copied element by element, inlined: `set` is a builtin call that costs more than the
 * copy (B2, [float32[16], int] streamed: 125 → 119 ns per datapoint). A float read into
 * JavaScript may have a signaling NaN quieted (unoptimized code does), so when any element is NaN
 * the row is copied again by `copyInto`, bit for bit; the sum of the elements is NaN exactly then
 * (or for ∞ − ∞, which copies again needlessly).
 */
function copyCode(c: number, src: string, fast: ArrayFastPath): string {
  const style = copyStyle(fast);
  if (style === '') return `copyInto(o${c}, ${src}, row * z${c});`;
  const xs = Array.from({ length: fast.size }, (_, k) => `x${k}`);
  const nanCheck = style.endsWith('f') ? ` const t = ${xs.join(' + ')}; if (t !== t) copyInto(o, src, at);` : '';
  return `{ const src = ${src}, o = o${c}, at = row * ${fast.size}; const ${xs.map((x, k) => `${x} = src[${k}]`).join(', ')}; `
    + `${xs.map((x, k) => `o[at + ${k}] = ${x};`).join(' ')}${nanCheck} }`;
}

/**
 * TypedArray.prototype.set, called as `typedArraySet.call(out, …)`: V8's optimized code did not
 * resolve `out.set` (`out` is an array of any dtype) and looked it up at every copy (4% of B2's time).
 */
const typedArraySet = (Object.getPrototypeOf(Uint8Array.prototype) as { set(this: TypedArray, src: TypedArray, offset: number): void }).set;

/**
 * `out.set(src, offset)`: a byte copy, so floats keep their bits (a copy through JavaScript reads
 * each float as a double, which can quiet a signaling NaN; np.stack keeps them). Small arrays are
 * copied by the compiled code itself (`copyCode`), so no loop for them here.
 */
export function copyInto(out: TypedArray, src: TypedArray, offset: number): void {
  typedArraySet.call(out, src, offset);
}
