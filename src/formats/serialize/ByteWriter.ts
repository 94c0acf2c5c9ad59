/**
 * A growable output buffer for the encoders. One scratch buffer is reused between calls (taken
 * while a writer works, given back by `finish()`); `finish()` returns a copy that owns its memory,
 * so results never alias each other.
 */
export class ByteWriter {
  private static scratch: Buffer | undefined;
  private buf: Buffer;
  private view: DataView;
  pos = 0;

  constructor() {
    this.buf = ByteWriter.scratch ?? Buffer.allocUnsafeSlow(64 * 1024);
    ByteWriter.scratch = undefined;
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Makes room for n more bytes. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
    this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.byteLength);
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
    else if (size === 2) this.view.setUint16(this.pos, v, littleEndian);
    else this.view.setUint32(this.pos, v, littleEndian);
    this.pos += size;
  }

  i32(v: number, littleEndian: boolean): void {
    this.reserve(4);
    this.view.setInt32(this.pos, v, littleEndian);
    this.pos += 4;
  }

  u32(v: number, littleEndian: boolean): void {
    this.reserve(4);
    this.view.setUint32(this.pos, v, littleEndian);
    this.pos += 4;
  }

  f64be(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.pos, v);
    this.pos += 8;
  }

  u64(v: bigint, littleEndian: boolean): void {
    this.reserve(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, v), littleEndian);
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

  finish(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    ByteWriter.scratch = this.buf;
    return out;
  }
}

/** A JS string that UTF-8 can carry (no lone surrogate, which Python's str encoders reject). */
export function isWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}
