import { NDArray } from '../../../core/NDArray.ts';
import { ByteWriter, isWellFormed } from '../ByteWriter.ts';
import { describeValue, encodeError } from '../decodeError.ts';
import { NumpyScalar } from '../NumpyScalar.ts';
import { bytesOf, numpyStr } from '../numpyTypes.ts';
import { PyFloat } from '../PyFloat.ts';
import { isPlainObject } from '../values.ts';
import { OP } from './opcodes.ts';

// Python's pickler writes lists and dicts in batches of 1000 items (APPENDS / SETITEMS).
const BATCH = 1000;

/** Python's encode_long: minimal little-endian two's complement. */
function encodeLong(v: bigint): Uint8Array {
  const out: number[] = [];
  let x = v;
  for (;;) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
    const signBitSet = (out[out.length - 1]! & 0x80) !== 0;
    if ((x === 0n && !signBitSet) || (x === -1n && signBitSet)) break;
  }
  return Uint8Array.from(out);
}

/**
 * Writes protocol 5 pickles that Python's pickle.loads (with numpy) reads as tensorpack's
 * serializer does: arrays as numpy.core.numeric._frombuffer(bytearray, dtype, shape, 'C') — what
 * numpy itself writes at protocol 5 —, numpy scalars as numpy.core.multiarray.scalar(dtype, bytes).
 * Globals and dtypes are memoized; there are no FRAME opcodes (they are optional for readers).
 */
class PickleWriter {
  private readonly memo = new Map<string, number>();

  constructor(private readonly w: ByteWriter) {}

  private memoized(key: string, write: () => void): void {
    const i = this.memo.get(key);
    if (i !== undefined) {
      if (i < 0x100) this.w.tagged(OP.BINGET, i, 1);
      else this.w.tagged(OP.LONG_BINGET, i, 4, true);
      return;
    }
    write();
    this.w.u8(OP.MEMOIZE);
    this.memo.set(key, this.memo.size);
  }

  private global(module: string, name: string): void {
    this.memoized(`global ${module}.${name}`, () => {
      this.str(module);
      this.str(name);
      this.w.u8(OP.STACK_GLOBAL);
    });
  }

  /** numpy.dtype('f4', False, True) with state (3, '<', None, None, None, -1, -1, 0), as numpy pickles it. */
  private dtype(str: string): void {
    this.memoized(`dtype ${str}`, () => {
      this.global('numpy', 'dtype');
      this.str(str.slice(1));
      this.w.u8(OP.NEWFALSE);
      this.w.u8(OP.NEWTRUE);
      this.w.u8(OP.TUPLE3);
      this.w.u8(OP.REDUCE);
      this.w.u8(OP.MARK);
      this.int(3);
      this.str(str[0]!);
      this.w.u8(OP.NONE);
      this.w.u8(OP.NONE);
      this.w.u8(OP.NONE);
      this.int(-1);
      this.int(-1);
      this.int(0);
      this.w.u8(OP.TUPLE);
      this.w.u8(OP.BUILD);
    });
  }

  private int(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v < 0x100) this.w.tagged(OP.BININT1, v, 1);
    else if (typeof v === 'number' && v >= 0 && v < 0x10000) this.w.tagged(OP.BININT2, v, 2, true);
    else if (typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff) {
      this.w.u8(OP.BININT);
      this.w.i32(v, true);
    } else {
      const bytes = encodeLong(BigInt(v));
      if (bytes.length < 0x100) this.w.tagged(OP.LONG1, bytes.length, 1);
      else this.w.tagged(OP.LONG4, bytes.length, 4, true);
      this.w.bytes(bytes);
    }
  }

  private str(s: string): void {
    if (!isWellFormed(s)) throw encodeError('pickle', `a string with a lone UTF-16 surrogate: ${JSON.stringify(s.slice(0, 40))}`);
    const n = Buffer.byteLength(s, 'utf8');
    if (n < 0x100) this.w.tagged(OP.SHORT_BINUNICODE, n, 1);
    else this.w.tagged(OP.BINUNICODE, n, 4, true);
    this.w.utf8(s, n);
  }

  private binBytes(b: Uint8Array): void {
    if (b.length < 0x100) this.w.tagged(OP.SHORT_BINBYTES, b.length, 1);
    else this.w.tagged(OP.BINBYTES, b.length, 4, true);
    this.w.bytes(b);
  }

  private ndarray(a: NDArray): void {
    this.global('numpy.core.numeric', '_frombuffer');
    this.w.u8(OP.MARK);
    const data = bytesOf(a.data);
    this.w.u8(OP.BYTEARRAY8);
    this.w.u32(data.length, true);
    this.w.u32(Math.floor(data.length / 2 ** 32), true);
    this.w.bytes(data);
    this.dtype(numpyStr(a.dtype));
    this.w.u8(OP.MARK);
    for (const d of a.shape) this.int(d);
    this.w.u8(OP.TUPLE);
    this.str('C');
    this.w.u8(OP.TUPLE);
    this.w.u8(OP.REDUCE);
  }

  private scalar(s: NumpyScalar): void {
    this.global('numpy.core.multiarray', 'scalar');
    this.dtype(numpyStr(s.dtype));
    this.binBytes(bytesOf(s.data));
    this.w.u8(OP.TUPLE2);
    this.w.u8(OP.REDUCE);
  }

  private float(v: number): void {
    this.w.u8(OP.BINFLOAT);
    this.w.f64be(v);
  }

  /** Items in batches: MARK ... APPENDS/SETITEMS, or APPEND/SETITEM for a batch of one. */
  private batched<T>(items: readonly T[], write: (item: T) => void, many: number, one: number): void {
    for (let i = 0; i < items.length; i += BATCH) {
      const end = Math.min(items.length, i + BATCH);
      if (end - i > 1) this.w.u8(OP.MARK);
      for (let k = i; k < end; k++) write(items[k]!);
      this.w.u8(end - i > 1 ? many : one);
    }
  }

  private dict(entries: readonly (readonly [unknown, unknown])[]): void {
    this.w.u8(OP.EMPTY_DICT);
    this.batched(entries, ([k, v]) => {
      if (typeof k === 'object' && k !== null && !(k instanceof Uint8Array) && !(k instanceof PyFloat) && !(k instanceof NumpyScalar)) {
        throw encodeError('pickle', `a dict key ${describeValue(k)}: Python dict keys must be hashable (str, int, float, bool, None, bytes)`);
      }
      this.value(k);
      this.value(v);
    }, OP.SETITEMS, OP.SETITEM);
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        if (Number.isInteger(v) && Math.abs(v) <= 2 ** 53 && !Object.is(v, -0)) this.int(v);
        else this.float(v);
        return;
      case 'string':
        return this.str(v);
      case 'boolean':
        return this.w.u8(v ? OP.NEWTRUE : OP.NEWFALSE);
      case 'bigint':
        return this.int(v);
      case 'object':
        if (v === null) return this.w.u8(OP.NONE);
        if (Array.isArray(v)) {
          this.w.u8(OP.EMPTY_LIST);
          this.batched(v as unknown[], (x) => this.value(x), OP.APPENDS, OP.APPEND);
          return;
        }
        if (v instanceof NDArray) return this.ndarray(v);
        if (v instanceof Uint8Array) return this.binBytes(v);
        if (v instanceof PyFloat) return this.float(v.value);
        if (v instanceof NumpyScalar) return this.scalar(v);
        if (v instanceof Map) return this.dict([...v]);
        if (isPlainObject(v)) return this.dict(Object.entries(v));
    }
    throw encodeError('pickle', `${describeValue(v)}: only null, booleans, numbers, bigints, strings, Buffers, arrays, plain objects, Maps, NDArray, NumpyScalar and PyFloat are`);
  }

  start(): void {
    this.w.u8(OP.PROTO);
    this.w.u8(5);
  }

  stop(): void {
    this.w.u8(OP.STOP);
  }
}

/** Appends a pickle of a value (protocol 5) to `w`; Python's pickle.loads — tensorpack's default loads — reads it. */
export function pickleWrite(w: ByteWriter, value: unknown): void {
  const p = new PickleWriter(w);
  p.start();
  p.value(value);
  p.stop();
}

/** Pickles a value (protocol 5) so that Python's pickle.loads — tensorpack's default loads — reads it. */
export function pickleDumps(value: unknown): Buffer {
  const w = new ByteWriter();
  pickleWrite(w, value);
  return w.finish();
}
