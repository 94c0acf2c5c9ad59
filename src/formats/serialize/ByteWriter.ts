import { DataFlowError } from '../../core/errors.ts';

/** Byte runs at least this long are not copied into a borrowed writer's buffer (see `bytes`). */
const DEFER_MIN = 4096;

/**
 * A growable output buffer for the encoders. `new ByteWriter()` borrows one scratch buffer shared
 * between calls and gives it back in `finish()`, which returns a copy that owns its memory, so
 * results never alias each other; long byte runs (array data) skip the scratch buffer and are
 * copied once, by `finish()`, straight from the caller's memory into the result.
 * `ByteWriter.owned(size)` has a buffer of its own, for a caller that appends many values one
 * after another and hands out views of them (`view`, `reset`), such as a batch of LMDB puts: one
 * copy of each array's bytes, and no allocation per value.
 */
export class ByteWriter {
  private static scratch: Buffer | undefined;
  private buf: Buffer;
  private dv: DataView;
  private readonly borrowed: boolean;
  /** A borrowed writer's long runs, not yet copied: [position in buf, bytes, ...]. */
  private deferred: (number | Uint8Array)[] = [];
  private deferredBytes = 0;
  /** Where the next byte goes in this writer's buffer (not counting deferred runs). */
  pos = 0;

  constructor(own?: Buffer) {
    this.borrowed = own === undefined;
    this.buf = own ?? ByteWriter.scratch ?? Buffer.allocUnsafeSlow(64 * 1024);
    if (this.borrowed) ByteWriter.scratch = undefined;
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** A writer with a buffer of its own, initially `size` bytes (it grows as needed). */
  static owned(size: number): ByteWriter {
    return new ByteWriter(Buffer.allocUnsafeSlow(size));
  }

  /** Makes room for n more bytes. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
    this.dv = new DataView(bigger.buffer, bigger.byteOffset, bigger.byteLength);
  }

  u8(v: number): void {
    this.reserve(1);
    this.buf[this.pos++] = v;
  }

  /** An opcode or tag byte followed by an unsigned big-endian (be) or little-endian integer of `size` bytes. */
  tagged(tag: number, v: number, size: 1 | 2 | 4, littleEndian = false): void {
    this.reserve(1 + size);
    this.buf[this.pos++] = tag;
    if (size === 1) this.buf[this.pos] = v;
    else if (size === 2) this.dv.setUint16(this.pos, v, littleEndian);
    else this.dv.setUint32(this.pos, v, littleEndian);
    this.pos += size;
  }

  i32(v: number, littleEndian: boolean): void {
    this.reserve(4);
    this.dv.setInt32(this.pos, v, littleEndian);
    this.pos += 4;
  }

  u32(v: number, littleEndian: boolean): void {
    this.reserve(4);
    this.dv.setUint32(this.pos, v, littleEndian);
    this.pos += 4;
  }

  f64be(v: number): void {
    this.reserve(8);
    this.dv.setFloat64(this.pos, v);
    this.pos += 8;
  }

  u64(v: bigint, littleEndian: boolean): void {
    this.reserve(8);
    this.dv.setBigUint64(this.pos, BigInt.asUintN(64, v), littleEndian);
    this.pos += 8;
  }

  /**
   * Appends bytes. A borrowed writer only notes a long run and copies it in `finish()`: the
   * encoders call no user code in between, so the bytes cannot change meanwhile.
   */
  bytes(b: Uint8Array): void {
    if (this.borrowed && b.length >= DEFER_MIN) {
      this.deferred.push(this.pos, b);
      this.deferredBytes += b.length;
      return;
    }
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Writes a string's UTF-8 bytes (its byteLength, computed by the caller with Buffer.byteLength). */
  utf8(s: string, byteLength: number): void {
    this.reserve(byteLength);
    this.pos += this.buf.write(s, this.pos, byteLength, 'utf8');
  }

  /** A view of the bytes written at [start, end) of an owned writer: valid until the next `reset` (or growth of the buffer). */
  view(start: number, end: number): Buffer {
    if (this.borrowed) throw new DataFlowError('ByteWriter', 'view() needs a writer made by ByteWriter.owned() (a borrowed one copies long runs only in finish())');
    return this.buf.subarray(start, end);
  }

  /** Forgets what was written, keeping the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** A copy of what was written, in memory of its own; a borrowed scratch buffer is given back. */
  finish(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.pos + this.deferredBytes);
    let from = 0;
    let to = 0;
    for (let i = 0; i < this.deferred.length; i += 2) {
      const at = this.deferred[i] as number;
      const run = this.deferred[i + 1] as Uint8Array;
      to += this.buf.copy(out, to, from, at);
      out.set(run, to);
      to += run.length;
      from = at;
    }
    this.buf.copy(out, to, from, this.pos);
    this.deferred.length = 0;
    this.deferredBytes = 0;
    if (this.borrowed) ByteWriter.scratch = this.buf;
    return out;
  }
}

/** A JS string that UTF-8 can carry (no lone surrogate, which Python's str encoders reject). */
export function isWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}
