import { ByteWriter, dumpsInto, type SerializerName } from '../formats/serialize/index.ts';

/**
 * `dumps(dp)` for a sender: serializes datapoints one after another into shared slabs of memory
 * and hands out each one's bytes as a view, so there is one allocation per slab (256 KB, or room
 * for two datapoints as big as the last one) instead of a fresh Buffer per datapoint. Bytes once
 * handed out are never written again: ZeroMQ sends a Buffer without copying it, after `send()`
 * returns, and a slab lives as long as any of its views.
 *
 *   const slab = new SlabWriter('msgpack'); slab.dumps([1])   // the bytes of dumps([1], { serializer: 'msgpack' })
 */
export class SlabWriter {
  private writer: ByteWriter | undefined;
  private capacity = 0;
  private last = 0;

  constructor(private readonly serializer: SerializerName) {}

  dumps(dp: unknown): Buffer {
    let w = this.writer;
    if (w === undefined || w.pos + this.last > this.capacity) {
      this.capacity = Math.max(256 * 1024, 2 * this.last);
      w = this.writer = ByteWriter.owned(this.capacity);
    }
    this.last = appendDumps(w, dp, this.serializer);
    return w.view(w.pos - this.last, w.pos);
  }
}

/** Appends `dumps(dp)` to an owned writer and returns its length; on an encoding error nothing is appended. */
export function appendDumps(w: ByteWriter, dp: unknown, serializer: SerializerName): number {
  const start = w.pos;
  try {
    dumpsInto(w, dp, { serializer });
  } catch (e) {
    w.pos = start;
    throw e;
  }
  return w.pos - start;
}
