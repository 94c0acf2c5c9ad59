/**
 * A growable output buffer for the encoders. `new ByteWriter()` borrows one scratch buffer shared
 * between calls and gives it back in `finish()`, which returns a copy that owns its memory, so
 * results never alias each other. `ByteWriter.owned(size)` has a buffer of its own, for a caller
 * that appends many values one after another and hands out views of them (`view`, `reset`), such
 * as a batch of LMDB puts: one copy of each array's bytes, and no allocation per value.
 */
export class ByteWriter {
  private static scratch: Buffer | undefined;
  private buf: Buffer;
  private dv: DataView;
  private readonly borrowed: boolean;
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

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Writes a string's UTF-8 bytes (its byteLength, computed by the caller with Buffer.byteLength). */
  utf8(s: string, byteLength: number): void {
    this.reserve(byteLength);
    this.pos += this.buf.write(s, this.pos, byteLength, 'utf8');
  }

  /** A view of the bytes written at [start, end): valid until the next `reset` (or growth of the buffer). */
  view(start: number, end: number): Buffer {
    return this.buf.subarray(start, end);
  }

  /** Forgets what was written, keeping the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** A copy of what was written, in memory of its own; a borrowed scratch buffer is given back. */
  finish(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    if (this.borrowed) ByteWriter.scratch = this.buf;
    return out;
  }
}

/** A JS string that UTF-8 can carry (no lone surrogate, which Python's str encoders reject). */
export function isWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}
