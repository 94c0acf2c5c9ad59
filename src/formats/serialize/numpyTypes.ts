// Numpy's dtype strings and raw array bytes <-> NDArray, shared by the msgpack-numpy and pickle codecs.
import { NDArray, formatShape, shapeSize, type Shape } from '../../core/NDArray.ts';
import { fromNumpyStr, itemSize, toNumpyStr, TYPED_ARRAY_OF, type DType, type TypedArrayFor } from '../../core/dtype.ts';
import { arrayMemory, type ArrayMemory } from './arrayMemory.ts';
import { NumpyScalar } from './NumpyScalar.ts';

export interface NumpyDType {
  readonly dtype: DType;
  readonly bigEndian: boolean;
}

const parsedDTypes = new Map<string, NumpyDType>();

/** Parses '<f4', '|u1', '>i8', 'f4', 'b1', '?' ...; throws naming the string when it is not a supported dtype. */
export function parseNumpyDType(str: string): NumpyDType {
  let parsed = parsedDTypes.get(str);
  if (parsed === undefined) {
    parsed = fromNumpyStr(str.replace(/\?$/, 'b1')); // '?' is numpy's character code for bool
    if (parsed === undefined) throw new Error(`unsupported numpy dtype ${JSON.stringify(str)} (supported: bool, int8..64, uint8..64, float16/32/64)`);
    if (parsedDTypes.size < 256) parsedDTypes.set(str, parsed);
  }
  return parsed;
}

/** numpy's `dtype.str` as this machine (little-endian) writes it: '<f4', '|u1', '|b1', ... */
export const numpyStr = toNumpyStr;

function byteSwap(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * Reorders column-major (Fortran) elements of `size` bytes from `src` into row-major (C) order in
 * `out`. Elements move as unsigned words: read as floats they would pass through doubles, which
 * quiets signaling NaNs, and 64-bit integers would become BigInts.
 */
function fortranToC(src: Uint8Array, out: Uint8Array, shape: Shape, size: number): void {
  const word = size % 4 === 0 ? 'uint32' : size === 2 ? 'uint16' : 'uint8';
  const w = size / itemSize(word);
  // Typed as Uint32Array; a Uint16Array or Uint8Array for smaller items reads and writes the same way.
  const from = typedView(src, word, src.length / itemSize(word)) as Uint32Array;
  const to = typedView(out, word, out.length / itemSize(word)) as Uint32Array;
  const nd = shape.length;
  const fStride: number[] = new Array<number>(nd);
  let s = 1;
  for (let k = 0; k < nd; k++) {
    fStride[k] = s;
    s *= shape[k]!;
  }
  const index = new Array<number>(nd).fill(0);
  let f = 0;
  for (let c = 0; c < s; c++) {
    for (let j = 0; j < w; j++) to[c * w + j] = from[f * w + j]!;
    for (let k = nd - 1; k >= 0; k--) {
      if (++index[k]! < shape[k]!) {
        f += fStride[k]!;
        break;
      }
      f -= fStride[k]! * (shape[k]! - 1);
      index[k] = 0;
    }
  }
}

/**
 * How ndarrayFromBytes may use the input: copy out of it; view it where the data lies aligned for
 * its dtype; or also move misaligned data down within it, by less than its item size, to the
 * aligned offset below and view it there (the caller vouches that those bytes are its own,
 * already-read header).
 */
export type InputUse = 'copy' | 'view' | 'move';

/**
 * An NDArray over a copy of `bytes`: one copy into aligned memory from `memory` (default: fresh,
 * see arrayMemory), not a view into the decoder's input, which LMDB reuses. Big-endian data is
 * byte-swapped and Fortran-order data reordered to C order. With `use` 'view', little-endian
 * C-order data that is aligned for its dtype where it lies (any uint8, int8 or bool data) is a view
 * of `bytes` instead; with 'move', so is misaligned data, moved down to the aligned offset first.
 */
export function ndarrayFromBytes(bytes: Uint8Array, type: NumpyDType, shape: Shape, fortran = false, use: InputUse = 'copy', memory: ArrayMemory = arrayMemory): NDArray {
  const { dtype, bigEndian } = type;
  const size = itemSize(dtype);
  const count = shapeSize(shape);
  if (bytes.length !== count * size) {
    throw new Error(`array data is ${bytes.length} bytes, but shape ${formatShape(shape)} of ${dtype} needs ${count * size}`);
  }
  if (use !== 'copy' && (size === 1 || !bigEndian) && !(fortran && shape.length > 1)) {
    const shift = bytes.byteOffset % size;
    if (shift !== 0 && use === 'move') {
      new Uint8Array(bytes.buffer, bytes.byteOffset - shift, bytes.length + shift).copyWithin(0, shift);
    }
    if (shift === 0 || use === 'move') {
      return new NDArray(new TYPED_ARRAY_OF[dtype](bytes.buffer, bytes.byteOffset - shift, count) as TypedArrayFor[DType], shape, dtype);
    }
  }
  const reorder = fortran && shape.length > 1;
  // Fortran order is reordered out of a scratch copy into the array's own memory.
  const copy = (reorder ? arrayMemory : memory)(bytes.length);
  copy.set(bytes);
  if (bigEndian && size > 1) byteSwap(copy, size);
  if (!reorder) return new NDArray(typedView(copy, dtype, count), shape, dtype);
  const ordered = memory(bytes.length);
  fortranToC(copy, ordered, shape, size);
  return new NDArray(typedView(ordered, dtype, count), shape, dtype);
}

/** `count` elements of `dtype` over the bytes of `m` (itself for uint8 and bool). Not a closure in ndarrayFromBytes: that would be made per array. */
function typedView(m: Uint8Array, dtype: DType, count: number): TypedArrayFor[DType] {
  return itemSize(dtype) === 1 && dtype !== 'int8' ? m : new TYPED_ARRAY_OF[dtype](m.buffer, m.byteOffset, count);
}

/** A numpy scalar from its raw bytes (a copy). */
export function scalarFromBytes(bytes: Uint8Array, type: NumpyDType): NumpyScalar {
  const array = ndarrayFromBytes(bytes, type, [1]);
  return new NumpyScalar(array.dtype, array.data);
}

/** The raw bytes of a typed array (a view, little-endian, C order). */
export function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Checks a decoded shape: a list of non-negative integers. */
export function checkShape(shape: unknown): Shape {
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
    throw new Error(`array shape must be a list of non-negative ints, got ${String(shape)}`);
  }
  return shape as number[];
}
