import { NDArray } from '../../core/NDArray.ts';
import type { DType } from '../../core/dtype.ts';
import { ByteWriter, isWellFormed } from './ByteWriter.ts';
import { describeValue, encodeError } from './decodeError.ts';
import { NumpyScalar } from './NumpyScalar.ts';
import { bytesOf, numpyStr } from './numpyTypes.ts';
import { PyFloat } from './PyFloat.ts';
import { isPlainObject } from './values.ts';

// Our own writer rather than msgpackr's Packr: Python's msgpack picks the smallest int format
// (uint64 `cf` for large positive ints, int64 `d3` for large negative ones), while Packr writes
// safe integers beyond 32 bits as float64, bigints always as `d3`, plain objects as map16, and
// offers no per-value hook except process-global extensions. Byte equality needs the formats below.

const TWO_32 = 2 ** 32;

function writeInt(w: ByteWriter, v: number): void {
  if (v >= 0) {
    if (v < 0x80) w.u8(v);
    else if (v < 0x100) w.tagged(0xcc, v, 1);
    else if (v < 0x10000) w.tagged(0xcd, v, 2);
    else if (v < TWO_32) w.tagged(0xce, v, 4);
    else {
      w.tagged(0xcf, Math.floor(v / TWO_32), 4);
      w.u32(v % TWO_32, false);
    }
  } else if (v >= -0x20) w.u8(v & 0xff);
  else if (v >= -0x80) w.tagged(0xd0, v & 0xff, 1);
  else if (v >= -0x8000) w.tagged(0xd1, v & 0xffff, 2);
  else if (v >= -0x80000000) w.tagged(0xd2, v >>> 0, 4);
  else {
    const hi = Math.floor(v / TWO_32);
    w.tagged(0xd3, hi >>> 0, 4);
    w.u32(v - hi * TWO_32, false);
  }
}

function writeBigInt(w: ByteWriter, v: bigint): void {
  if (v >= -(2n ** 53n) && v <= 2n ** 53n) return writeInt(w, Number(v));
  if (v >= 2n ** 64n || v < -(2n ** 63n)) throw encodeError('msgpack', `the int ${v}: msgpack ints hold 64 bits`);
  w.u8(v > 0n ? 0xcf : 0xd3);
  w.u64(v, false);
}

function writeFloat(w: ByteWriter, v: number): void {
  w.u8(0xcb);
  w.f64be(v);
}

function writeLength(w: ByteWriter, n: number, fix: number, fixMax: number, tag8: number | undefined, tag16: number): void {
  if (n < fixMax) w.u8(fix | n);
  else if (tag8 !== undefined && n < 0x100) w.tagged(tag8, n, 1);
  else if (n < 0x10000) w.tagged(tag16, n, 2);
  else w.tagged(tag16 + 1, n, 4);
}

function writeStr(w: ByteWriter, s: string): void {
  if (!isWellFormed(s)) throw encodeError('msgpack', `a string with a lone UTF-16 surrogate: ${JSON.stringify(s.slice(0, 40))}`);
  const n = Buffer.byteLength(s, 'utf8');
  writeLength(w, n, 0xa0, 32, 0xd9, 0xda);
  w.utf8(s, n);
}

function writeBin(w: ByteWriter, b: Uint8Array): void {
  if (b.length < 0x100) w.tagged(0xc4, b.length, 1);
  else if (b.length < 0x10000) w.tagged(0xc5, b.length, 2);
  else w.tagged(0xc6, b.length, 4);
  w.bytes(b);
}

const KEY = (name: string): Uint8Array => {
  const key = Buffer.from(name, 'latin1');
  return Buffer.concat([Buffer.from([0xc4, key.length]), key]);
};
const ND = KEY('nd');
const TYPE = KEY('type');
const KIND_EMPTY = Buffer.concat([KEY('kind'), Buffer.from([0xc4, 0])]);
const SHAPE = KEY('shape');
const DATA = KEY('data');

/** The heads of msgpack-numpy's maps, the same bytes for every array (or scalar) of a dtype: made once per dtype. */
const ARRAY_HEADS = new Map<DType, Uint8Array>();
const SCALAR_HEADS = new Map<DType, Uint8Array>();

/** The start of msgpack-numpy's maps: {b'nd': isArray, b'type': dtype.str, and for arrays b'kind': b'', ... */
function writeNumpyHead(w: ByteWriter, isArray: boolean, dtype: DType): void {
  const heads = isArray ? ARRAY_HEADS : SCALAR_HEADS;
  let head = heads.get(dtype);
  if (head === undefined) {
    const h = ByteWriter.owned(64);
    h.u8(isArray ? 0x85 : 0x83);
    h.bytes(ND);
    h.u8(isArray ? 0xc3 : 0xc2);
    h.bytes(TYPE);
    writeStr(h, numpyStr(dtype));
    if (isArray) h.bytes(KIND_EMPTY);
    head = h.view(0, h.pos);
    heads.set(dtype, head);
  }
  w.bytes(head);
}

/** msgpack-numpy's map, keys in its order: {b'nd': True, b'type', b'kind': b'', b'shape', b'data' (C order)}. */
function writeNDArray(w: ByteWriter, a: NDArray): void {
  writeNumpyHead(w, true, a.dtype);
  w.bytes(SHAPE);
  writeLength(w, a.shape.length, 0x90, 16, undefined, 0xdc);
  for (const d of a.shape) writeInt(w, d);
  w.bytes(DATA);
  writeBin(w, bytesOf(a.data));
}

/** msgpack-numpy's scalar map {b'nd': False, b'type', b'data'}. */
function writeScalar(w: ByteWriter, s: NumpyScalar): void {
  writeNumpyHead(w, false, s.dtype);
  w.bytes(DATA);
  writeBin(w, bytesOf(s.data));
}

function writeValue(w: ByteWriter, v: unknown): void {
  switch (typeof v) {
    case 'number':
      if (Number.isInteger(v) && Math.abs(v) <= 2 ** 53 && !Object.is(v, -0)) writeInt(w, v);
      else writeFloat(w, v);
      return;
    case 'string':
      return writeStr(w, v);
    case 'boolean':
      return w.u8(v ? 0xc3 : 0xc2);
    case 'bigint':
      return writeBigInt(w, v);
    case 'object':
      if (v === null) return w.u8(0xc0);
      if (Array.isArray(v)) {
        writeLength(w, v.length, 0x90, 16, undefined, 0xdc);
        for (const x of v as unknown[]) writeValue(w, x);
        return;
      }
      if (v instanceof NDArray) return writeNDArray(w, v);
      if (v instanceof Uint8Array) return writeBin(w, v);
      if (v instanceof PyFloat) return writeFloat(w, v.value);
      if (v instanceof NumpyScalar) return writeScalar(w, v);
      if (v instanceof Map) {
        writeLength(w, v.size, 0x80, 16, undefined, 0xde);
        for (const [k, x] of v) {
          writeValue(w, k);
          writeValue(w, x);
        }
        return;
      }
      if (isPlainObject(v)) {
        const keys = Object.keys(v);
        writeLength(w, keys.length, 0x80, 16, undefined, 0xde);
        for (const k of keys) {
          writeStr(w, k);
          writeValue(w, v[k]);
        }
        return;
      }
  }
  throw encodeError('msgpack', `${describeValue(v)}: only null, booleans, numbers, bigints, strings, Buffers, arrays, plain objects, Maps, NDArray, NumpyScalar and PyFloat are`);
}

/** Appends a value to `w` as tensorpack's msgpack serializer (msgpack + msgpack-numpy) writes it, byte for byte. */
export function msgpackWrite(w: ByteWriter, value: unknown): void {
  writeValue(w, value);
}

/** Encodes a value as tensorpack's msgpack serializer (msgpack + msgpack-numpy) writes it, byte for byte. */
export function msgpackDumps(value: unknown): Buffer {
  const w = new ByteWriter();
  writeValue(w, value);
  return w.finish();
}
