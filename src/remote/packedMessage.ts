import { ByteWriter, type SerializerName } from '../formats/serialize/index.ts';
import { appendDumps } from './SlabWriter.ts';

/**
 * The TS-to-TS packed message: several serialized datapoints in one ZeroMQ frame, so that
 * zeromq.js's costs per message (a promise, a native Buffer with a finalizer, a trip through
 * libzmq's pipes) are paid once per batch instead of once per datapoint.
 *
 *   bytes 0-3     c1 44 46 50 ("\xc1DFP")
 *   bytes 4-7     n, uint32 little-endian: how many datapoints
 *   next 4n       their byte lengths, uint32 little-endian
 *   then          the n datapoints as tensorpack frames (`dumps(dp)`, msgpack or pickle), back to back
 *
 * No tensorpack frame starts with these bytes: 0xc1 is the one byte msgpack never uses, and no
 * pickle opcode (a pickle starts with PROTO, 0x80, or an ASCII opcode for protocols 0-1). So a
 * receiver tells packed messages from tensorpack's per message, and one consumer can take both.
 *
 *   packed([1], [2]) = c1 44 46 50 | 02 00 00 00 | 02 00 00 00 | 02 00 00 00 | 91 01 | 91 02   (msgpack)
 */
export const PACK_MAGIC: readonly number[] = [0xc1, 0x44, 0x46, 0x50];

const HEADER = 8;

/** True when a frame starts with PACK_MAGIC. */
export function isPacked(frame: Uint8Array): boolean {
  return frame.length >= HEADER && frame[0] === PACK_MAGIC[0] && frame[1] === PACK_MAGIC[1] && frame[2] === PACK_MAGIC[2] && frame[3] === PACK_MAGIC[3];
}

/** The datapoint frames of a packed message (views into it), or what is wrong with it. */
export function unpackFrames(frame: Buffer): Buffer[] | string {
  const n = frame.readUInt32LE(4);
  const dataStart = HEADER + 4 * n;
  if (n === 0) return 'a packed message of 0 datapoints';
  if (dataStart > frame.length) return `a packed message of ${n} datapoints needs ${dataStart} header bytes, has ${frame.length} bytes in all`;
  const frames: Buffer[] = new Array<Buffer>(n);
  let at = dataStart;
  for (let i = 0; i < n; i++) {
    const length = frame.readUInt32LE(HEADER + 4 * i);
    if (at + length > frame.length) return `a packed message's datapoint ${i} (${length} bytes) runs past its end (${frame.length} bytes)`;
    frames[i] = frame.subarray(at, at + length);
    at += length;
  }
  if (at !== frame.length) return `a packed message of ${n} datapoints holds ${frame.length - at} bytes after its last one`;
  return frames;
}

/**
 * Serializes datapoints one after another straight into the next packed message (one copy of
 * each array's bytes): `add(dp)` up to `capacity` times, then `finish()`. Every message gets
 * memory of its own, since ZeroMQ sends a Buffer without copying it, after `send()` returns.
 */
export class PackWriter {
  private writer: ByteWriter | undefined;
  private readonly lengths: number[] = [];
  /** The last message's size: the next one's first allocation. */
  private sizeHint = 64 * 1024;

  constructor(
    readonly capacity: number,
    private readonly serializer: SerializerName,
  ) {}

  /** Datapoints added since the last `finish()`. */
  get count(): number {
    return this.lengths.length;
  }

  /** Appends `dumps(dp)`; on an encoding error nothing is added. */
  add(dp: unknown): void {
    let w = this.writer;
    if (w === undefined) {
      w = this.writer = ByteWriter.owned(this.sizeHint);
      w.reserve(HEADER + 4 * this.capacity);
      w.pos = HEADER + 4 * this.capacity;
    }
    this.lengths.push(appendDumps(w, dp, this.serializer));
  }

  /** The packed message of the datapoints added since the last call (at least one). */
  finish(): Buffer {
    const w = this.writer!;
    const n = this.lengths.length;
    // The header ends where the first datapoint starts: unused length slots are cut off the front.
    const start = 4 * (this.capacity - n);
    const message = w.view(start, w.pos);
    for (let i = 0; i < 4; i++) message[i] = PACK_MAGIC[i]!;
    message.writeUInt32LE(n, 4);
    for (let i = 0; i < n; i++) message.writeUInt32LE(this.lengths[i]!, HEADER + 4 * i);
    this.sizeHint = w.pos;
    this.writer = undefined;
    this.lengths.length = 0;
    return message;
  }
}
