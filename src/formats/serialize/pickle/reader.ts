import { NDArray } from '../../../core/NDArray.ts';
import { decodeError, describeValue, type DecodeContext } from '../decodeError.ts';
import { NumpyScalar } from '../NumpyScalar.ts';
import { copyBytes, isObjectKey, setEntry } from '../values.ts';
import { findGlobal, PendingArray, PyDType, PyGlobal, withArrayMemory } from './globals.ts';
import type { LoadsOptions } from '../loadsOptions.ts';
import { describeOpcode, OP } from './opcodes.ts';

const TWO_53 = 2 ** 53;

/** Little-endian two's complement (LONG1/LONG4) → number when |x| ≤ 2^53, else bigint. */
function decodeLong(b: Buffer, start: number, n: number): number | bigint {
  if (n === 0) return 0;
  if (n <= 6) {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + b[start + i]!;
    return b[start + n - 1]! & 0x80 ? v - 256 ** n : v;
  }
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[start + i]!);
  if (b[start + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
  return v >= -TWO_53 && v <= TWO_53 ? Number(v) : v;
}

/**
 * A pickle VM for protocols 2–5 restricted to what datapoints hold. It builds JS values directly;
 * globals come only from the whitelist in globals.ts. Dicts are Maps while being filled (SETITEMS
 * can arrive after a dict was memoized) and become plain objects at the end (see `resolve`).
 */
class PickleReader {
  private readonly b: Buffer;
  private pos = 0;
  private stack: unknown[] = [];
  private readonly marks: unknown[][] = [];
  private readonly memo: unknown[] = [];

  constructor(bytes: Uint8Array) {
    this.b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): number {
    const at = this.pos;
    if (n > this.b.length - at) throw new Error(`truncated pickle: needs ${n} more bytes at offset ${at}, ${this.b.length - at} left`);
    this.pos += n;
    return at;
  }

  private u8(): number {
    return this.b[this.need(1)]!;
  }

  private u32(): number {
    return this.b.readUInt32LE(this.need(4));
  }

  private u64(): number {
    const v = this.b.readBigUInt64LE(this.need(8));
    const left = this.b.length - this.pos;
    if (v > BigInt(left)) throw new Error(`truncated pickle: needs ${v} more bytes at offset ${this.pos}, ${left} left`);
    return Number(v);
  }

  /** A view into the input: consumers that keep bytes copy them (resolve, the numpy constructors). */
  private bytes(n: number): Buffer {
    const at = this.need(n);
    return this.b.subarray(at, at + n);
  }

  private str(n: number): string {
    const at = this.need(n);
    return this.b.toString('utf8', at, at + n);
  }

  /** The text of GLOBAL's "module\nname\n" lines. */
  private line(): string {
    const end = this.b.indexOf(0x0a, this.pos);
    if (end < 0) throw new Error(`truncated pickle: a GLOBAL line at offset ${this.pos} has no end`);
    const s = this.b.toString('latin1', this.pos, end);
    this.pos = end + 1;
    return s;
  }

  private pop(): unknown {
    if (this.stack.length === 0) throw new Error(`pickle stack underflow at offset ${this.pos - 1}`);
    return this.stack.pop();
  }

  private top(): unknown {
    if (this.stack.length === 0) throw new Error(`pickle stack underflow at offset ${this.pos - 1}`);
    return this.stack[this.stack.length - 1];
  }

  /** The items pushed since the last MARK, which is popped. */
  private popMark(): unknown[] {
    const items = this.stack;
    const before = this.marks.pop();
    if (before === undefined) throw new Error(`pickle opcode at offset ${this.pos - 1} needs a MARK, none is open`);
    this.stack = before;
    return items;
  }

  private get(i: number): unknown {
    if (!(i in this.memo)) throw new Error(`pickle memo has no entry ${i}`);
    return this.memo[i];
  }

  private call(fn: unknown, args: unknown): unknown {
    if (!(fn instanceof PyGlobal)) throw new Error(`pickle calls ${describeValue(fn)}, which is not an allowed global`);
    if (!Array.isArray(args)) throw new Error(`${fn.name} called with ${describeValue(args)} instead of an argument tuple`);
    return fn.call(args);
  }

  private list(): unknown[] {
    const l = this.top();
    if (!Array.isArray(l)) throw new Error(`APPEND(S) at offset ${this.pos - 1} on ${describeValue(l)}, not a list`);
    return l;
  }

  private dict(): Map<unknown, unknown> {
    const d = this.top();
    if (!(d instanceof Map)) throw new Error(`SETITEM(S) at offset ${this.pos - 1} on ${describeValue(d)}, not a dict`);
    return d;
  }

  read(): unknown {
    const b = this.b;
    for (;;) {
      const op = this.u8();
      switch (op) {
        case OP.PROTO: {
          const v = this.u8();
          if (v < 2 || v > 5) throw new Error(`unsupported pickle protocol ${v} (2 to 5 are)`);
          break;
        }
        case OP.FRAME: this.u64(); break; // frames only group bytes; the data is already contiguous
        case OP.STOP: {
          if (this.stack.length !== 1 || this.marks.length !== 0) throw new Error(`pickle STOP with ${this.stack.length} values on the stack and ${this.marks.length} open MARKs`);
          if (this.pos !== b.length) throw new Error(`${b.length - this.pos} bytes after the pickle's STOP`);
          return resolve(this.stack[0], new Map());
        }
        case OP.MARK: this.marks.push(this.stack); this.stack = []; break;
        case OP.POP: this.pop(); break;
        case OP.POP_MARK: this.popMark(); break;
        case OP.DUP: this.stack.push(this.top()); break;
        case OP.NONE: this.stack.push(null); break;
        case OP.NEWTRUE: this.stack.push(true); break;
        case OP.NEWFALSE: this.stack.push(false); break;
        case OP.BININT: this.stack.push(b.readInt32LE(this.need(4))); break;
        case OP.BININT1: this.stack.push(this.u8()); break;
        case OP.BININT2: this.stack.push(b.readUInt16LE(this.need(2))); break;
        case OP.LONG1: { const n = this.u8(); this.stack.push(decodeLong(b, this.need(n), n)); break; }
        case OP.LONG4: { const n = this.u32(); this.stack.push(decodeLong(b, this.need(n), n)); break; }
        case OP.BINFLOAT: this.stack.push(b.readDoubleBE(this.need(8))); break;
        case OP.SHORT_BINUNICODE: this.stack.push(this.str(this.u8())); break;
        case OP.BINUNICODE: this.stack.push(this.str(this.u32())); break;
        case OP.BINUNICODE8: this.stack.push(this.str(this.u64())); break;
        case OP.SHORT_BINBYTES: this.stack.push(this.bytes(this.u8())); break;
        case OP.BINBYTES: this.stack.push(this.bytes(this.u32())); break;
        case OP.BINBYTES8: case OP.BYTEARRAY8: this.stack.push(this.bytes(this.u64())); break;
        case OP.EMPTY_LIST: this.stack.push([]); break;
        case OP.APPEND: { const v = this.pop(); this.list().push(v); break; }
        case OP.APPENDS: { const items = this.popMark(); const l = this.list(); for (const x of items) l.push(x); break; }
        case OP.LIST: case OP.TUPLE: { const items = this.popMark(); this.stack.push(items); break; }
        case OP.EMPTY_TUPLE: this.stack.push([]); break;
        case OP.TUPLE1: this.stack.push([this.pop()]); break;
        case OP.TUPLE2: { const y = this.pop(); this.stack.push([this.pop(), y]); break; }
        case OP.TUPLE3: { const z = this.pop(); const y = this.pop(); this.stack.push([this.pop(), y, z]); break; }
        case OP.EMPTY_DICT: this.stack.push(new Map()); break;
        case OP.DICT: { const d = new Map(); this.setItems(d, this.popMark()); this.stack.push(d); break; }
        case OP.SETITEM: { const v = this.pop(); const k = this.pop(); this.dict().set(k, v); break; }
        case OP.SETITEMS: { const items = this.popMark(); this.setItems(this.dict(), items); break; }
        case OP.MEMOIZE: this.memo[this.memo.length] = this.top(); break;
        case OP.BINPUT: this.memo[this.u8()] = this.top(); break;
        case OP.LONG_BINPUT: this.memo[this.u32()] = this.top(); break;
        case OP.BINGET: this.stack.push(this.get(this.u8())); break;
        case OP.LONG_BINGET: this.stack.push(this.get(this.u32())); break;
        case OP.GLOBAL: { const module = this.line(); this.stack.push(findGlobal(module, this.line())); break; }
        case OP.STACK_GLOBAL: {
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') throw new Error('STACK_GLOBAL needs two strs');
          this.stack.push(findGlobal(module, name));
          break;
        }
        case OP.REDUCE: case OP.NEWOBJ: { const args = this.pop(); this.stack.push(this.call(this.pop(), args)); break; }
        case OP.BUILD: {
          const state = this.pop();
          const obj = this.top();
          if (obj instanceof PendingArray || obj instanceof PyDType) obj.setState(state);
          else throw new Error(`BUILD on ${describeValue(obj)} is not supported`);
          break;
        }
        default:
          throw new Error(`unsupported pickle opcode ${describeOpcode(op)} at offset ${this.pos - 1}`);
      }
    }
  }

  private setItems(d: Map<unknown, unknown>, items: unknown[]): void {
    if (items.length % 2 !== 0) throw new Error(`SETITEMS at offset ${this.pos - 1} with an odd number of items`);
    for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
  }
}

/**
 * The unpickled graph → our values: dicts become plain objects (str keys) or Maps, pending
 * arrays their NDArray; shared and cyclic references stay shared.
 */
function resolve(v: unknown, seen: Map<object, unknown>): unknown {
  if (typeof v !== 'object' || v === null || v instanceof NDArray || v instanceof NumpyScalar) return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (v instanceof Uint8Array) {
    const own = copyBytes(v);
    seen.set(v, own);
    return own;
  }
  if (Array.isArray(v)) {
    seen.set(v, v);
    for (let i = 0; i < v.length; i++) v[i] = resolve(v[i], seen);
    return v;
  }
  if (v instanceof Map) {
    let allObjectKeys = true;
    for (const k of v.keys()) if (!isObjectKey(k)) allObjectKeys = false;
    if (allObjectKeys) {
      const obj: Record<string, unknown> = {};
      seen.set(v, obj);
      for (const [k, x] of v) setEntry(obj, k as string, resolve(x, seen));
      return obj;
    }
    const out = new Map<unknown, unknown>();
    seen.set(v, out);
    for (const [k, x] of v) out.set(resolve(k, seen), resolve(x, seen));
    return out;
  }
  if (v instanceof PendingArray) {
    const built = v.value;
    if (built instanceof NDArray) return built;
    const out = resolve(built, seen); // an object array: its elements are raw unpickled values
    seen.set(v, out);
    return out;
  }
  if (v instanceof PyDType) throw new Error(`a bare numpy dtype (${v.name}) is not a supported value`);
  if (v instanceof PyGlobal) throw new Error(`a bare global (${v.name}) is not a supported value`);
  throw new Error(`unsupported unpickled value ${describeValue(v)}`);
}

/** Unpickles protocols 2–5 (what tensorpack's pickle serializer writes); errors name the source and key. */
export function pickleLoads(bytes: Uint8Array, ctx?: DecodeContext, options: Pick<LoadsOptions, 'memory'> = {}): unknown {
  try {
    if (bytes.length === 0) throw new Error('empty input (0 bytes)');
    return withArrayMemory(options.memory, () => new PickleReader(bytes).read());
  } catch (error) {
    throw decodeError('pickle', ctx, error);
  }
}
