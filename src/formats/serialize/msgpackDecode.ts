import type { NDArray } from '../../core/NDArray.ts';
import { decodeError, describeValue, type DecodeContext } from './decodeError.ts';
import { arrayMemory, type ArrayMemory } from './arrayMemory.ts';
import type { LoadsOptions } from './loadsOptions.ts';
import { checkShape, ndarrayFromBytes, parseNumpyDType, scalarFromBytes, type InputUse } from './numpyTypes.ts';
import type { NumpyScalar } from './NumpyScalar.ts';
import { copyBytes, dictFromEntries } from './values.ts';

// A msgpack decoder written for tensorpack's payloads rather than msgpackr's Unpackr plus a
// conversion pass: msgpack-numpy's maps (bin keys b'nd', b'type', b'kind', b'shape', b'data') are
// recognised by their bytes and turned into an NDArray straight from a view of the input, with no
// Map, key strings or intermediate bin copies (measured: 4.3 → ~1 µs per B6 datapoint besides the
// array copy). The state below is module-level: decoding is synchronous, and the only user code it
// calls is the `memory` option, which must not decode.

const EMPTY = new Uint8Array(0);
let src: Uint8Array = EMPTY;
let pos = 0;
/** LoadsOptions.arrayViews (and .alignInPlace) and .memory of the current call. */
let inputUse: InputUse = 'copy';
let memory: ArrayMemory = arrayMemory;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const f32 = new Float32Array(1);
const f64 = new Float64Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const f64Bytes = new Uint8Array(f64.buffer);
const TWO_32 = 2 ** 32;

const keyBytes = (name: string): Uint8Array => Uint8Array.from([0xc4, name.length, ...Buffer.from(name, 'latin1')]);
const TYPE = keyBytes('type');
const KIND = keyBytes('kind');
const SHAPE = keyBytes('shape');
const DATA = keyBytes('data');
const ARRAY_KEYS = ['nd', 'type', 'kind', 'shape', 'data'];
const SCALAR_KEYS = ['nd', 'type', 'data'];

/** Decodes tensorpack's msgpack (with msgpack-numpy maps); errors name the source and key. */
export function msgpackLoads(bytes: Uint8Array, ctx?: DecodeContext, options: LoadsOptions = {}): unknown {
  try {
    if (bytes.length === 0) throw new Error('empty input (0 bytes)');
    src = bytes;
    pos = 0;
    inputUse = options.arrayViews ? (options.alignInPlace ? 'move' : 'view') : 'copy';
    memory = options.memory ?? arrayMemory;
    const value = read();
    if (pos !== bytes.length) throw new Error(`trailing bytes: the value ends at offset ${pos} of ${bytes.length}`);
    return value;
  } catch (error) {
    throw decodeError('msgpack', ctx, error);
  } finally {
    src = EMPTY; // keep no reference to the caller's buffer
  }
}

function need(n: number): void {
  if (src.length - pos < n) throw new Error(`unexpected end of input: needs ${n} bytes at offset ${pos}, ${src.length - pos} left`);
}

/** An unsigned big-endian integer of 1, 2 or 4 bytes. */
function uint(size: 1 | 2 | 4): number {
  need(size);
  const p = pos;
  pos += size;
  if (size === 1) return src[p]!;
  if (size === 2) return (src[p]! << 8) | src[p + 1]!;
  return src[p]! * 0x1000000 + ((src[p + 1]! << 16) | (src[p + 2]! << 8) | src[p + 3]!);
}

function read(): unknown {
  need(1);
  const b = src[pos++]!;
  if (b < 0x80) return b;
  if (b < 0x90) return readMap(b & 0x0f);
  if (b < 0xa0) return readArray(b & 0x0f);
  if (b < 0xc0) return readStr(b & 0x1f);
  if (b >= 0xe0) return b - 0x100;
  switch (b) {
    case 0xc0: return null;
    case 0xc2: return false;
    case 0xc3: return true;
    case 0xc4: return copyBytes(readBinView(uint(1)));
    case 0xc5: return copyBytes(readBinView(uint(2)));
    case 0xc6: return copyBytes(readBinView(uint(4)));
    case 0xc7: return rejectExt(uint(1));
    case 0xc8: return rejectExt(uint(2));
    case 0xc9: return rejectExt(uint(4));
    case 0xca: return readFloat(f32Bytes, f32);
    case 0xcb: return readFloat(f64Bytes, f64);
    case 0xcc: return uint(1);
    case 0xcd: return uint(2);
    case 0xce: return uint(4);
    case 0xcf: return readInt64(false);
    case 0xd0: return (uint(1) << 24) >> 24;
    case 0xd1: return (uint(2) << 16) >> 16;
    case 0xd2: return uint(4) | 0;
    case 0xd3: return readInt64(true);
    case 0xd4: return rejectExt(1);
    case 0xd5: return rejectExt(2);
    case 0xd6: return rejectExt(4);
    case 0xd7: return rejectExt(8);
    case 0xd8: return rejectExt(16);
    case 0xd9: return readStr(uint(1));
    case 0xda: return readStr(uint(2));
    case 0xdb: return readStr(uint(4));
    case 0xdc: return readArray(uint(2));
    case 0xdd: return readArray(uint(4));
    case 0xde: return readMap(uint(2));
    case 0xdf: return readMap(uint(4));
  }
  throw new Error(`invalid msgpack byte 0x${b.toString(16)} at offset ${pos - 1}`);
}

function rejectExt(size: number): never {
  need(1 + size);
  const type = (src[pos]! << 24) >> 24;
  throw new Error(`unsupported msgpack extension type ${type} at offset ${pos}: Python's msgpack datapoints hold none`);
}

/** Big-endian IEEE bytes, reversed into a little-endian scratch float. */
function readFloat(bytes: Uint8Array, value: Float32Array | Float64Array): number {
  const n = bytes.length;
  need(n);
  for (let i = 0; i < n; i++) bytes[n - 1 - i] = src[pos + i]!;
  pos += n;
  return value[0]!;
}

/** A 64-bit int: a number when |x| ≤ 2^53, else a bigint. */
function readInt64(signed: boolean): number | bigint {
  const hiBits = uint(4);
  const lo = uint(4);
  const hi = signed ? hiBits | 0 : hiBits;
  if ((hi >= -0x200000 && hi < 0x200000) || (hi === 0x200000 && lo === 0)) return hi * TWO_32 + lo;
  return (BigInt(hi) << 32n) + BigInt(lo);
}

function readBinView(n: number): Uint8Array {
  need(n);
  pos += n;
  return src.subarray(pos - n, pos);
}

function readStr(n: number): string {
  need(n);
  const start = pos;
  pos += n;
  if (n <= 32) {
    // short ASCII strings (dtype strings, dict keys) without a TextDecoder call
    let s = '';
    for (let i = start; i < pos; i++) {
      const c = src[i]!;
      if (c >= 0x80) return decodeUtf8(start);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decodeUtf8(start);
}

function decodeUtf8(start: number): string {
  try {
    return UTF8.decode(src.subarray(start, pos));
  } catch {
    throw new Error(`the str at offset ${start} is not valid UTF-8`);
  }
}

/** Each element takes at least one byte: a count beyond what is left is truncated input, not a huge allocation. */
function checkCount(n: number, bytesPerItem: number): void {
  if (n * bytesPerItem > src.length - pos) throw new Error(`unexpected end of input: ${n} items announced at offset ${pos}, ${src.length - pos} bytes left`);
}

function readArray(n: number): unknown[] {
  checkCount(n, 1);
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = read();
  return out;
}

function readMap(n: number): unknown {
  checkCount(n, 2);
  // b'nd' as the first key: a msgpack-numpy map
  if (src[pos] === 0xc4 && src[pos + 1] === 2 && src[pos + 2] === 0x6e && src[pos + 3] === 0x64) return readNumpy(n);
  const entries = new Array<[unknown, unknown]>(n);
  for (let i = 0; i < n; i++) {
    const key = read();
    entries[i] = [key, read()];
  }
  return dictFromEntries(entries);
}

/** Whether the next bytes are `key`; consumes them if so. */
function atKey(key: Uint8Array): boolean {
  if (src.length - pos < key.length) return false;
  for (let i = 0; i < key.length; i++) if (src[pos + i] !== key[i]) return false;
  pos += key.length;
  return true;
}

/** msgpack-numpy's ndarray map `{nd: true, type, kind, shape, data}` or scalar map `{nd: false, type, data}`, keys in that order. */
function readNumpy(n: number): NDArray | NumpyScalar {
  const entriesStart = pos;
  pos += 4; // b'nd'
  const isArray = read() === true;
  if (n !== (isArray ? 5 : 3) || !atKey(TYPE)) return wrongKeys(entriesStart, n, isArray);
  const type = read();
  let kind: unknown = EMPTY;
  let shape: unknown;
  if (isArray) {
    if (!atKey(KIND)) return wrongKeys(entriesStart, n, isArray);
    if (src[pos] === 0xc4 && src[pos + 1] === 0) pos += 2;
    else kind = read();
    if (!atKey(SHAPE)) return wrongKeys(entriesStart, n, isArray);
    shape = read();
  }
  if (!atKey(DATA)) return wrongKeys(entriesStart, n, isArray);
  let data: unknown;
  const tag = src[pos];
  if (tag === 0xc4 || tag === 0xc5 || tag === 0xc6) {
    pos++;
    // a view: ndarrayFromBytes copies it (unless arrayViews). At least 8 bytes of this map precede
    // it (the key b'data' and the bin header), so alignInPlace may move it down by up to 7.
    data = readBinView(uint(tag === 0xc4 ? 1 : tag === 0xc5 ? 2 : 4));
  } else data = read();
  const typeStr = type instanceof Uint8Array ? Buffer.from(type).toString('latin1') : type;
  if (typeof typeStr !== 'string') throw new Error(`a msgpack-numpy 'type' must be a dtype string, got ${describeValue(type)}`);
  if (!(data instanceof Uint8Array)) throw new Error(`a msgpack-numpy 'data' must be bin, got ${describeValue(data)}`);
  const dtype = parseNumpyDType(typeStr);
  if (!isArray) return scalarFromBytes(data, dtype);
  if (!(kind instanceof Uint8Array) || kind.length !== 0) {
    throw new Error(`msgpack-numpy 'kind' ${kind instanceof Uint8Array ? JSON.stringify(Buffer.from(kind).toString('latin1')) : describeValue(kind)} is not supported (only plain dtypes, kind b'')`);
  }
  return ndarrayFromBytes(data, dtype, checkShape(shape), false, inputUse, memory);
}

/** Re-reads a map that starts with b'nd' to name its keys in the error. */
function wrongKeys(entriesStart: number, n: number, isArray: boolean): never {
  pos = entriesStart;
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = read();
    keys.push(key instanceof Uint8Array ? Buffer.from(key).toString('latin1') : describeValue(key));
    read();
  }
  throw new Error(`a msgpack-numpy map must have the keys ${(isArray ? ARRAY_KEYS : SCALAR_KEYS).join(',')}, got ${keys.join(',')}`);
}
