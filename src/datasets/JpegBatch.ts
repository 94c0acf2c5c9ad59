import { NDArray } from '../core/NDArray.ts';
import { DataFlowError } from '../core/errors.ts';

/**
 * A batch of `[jpeg, label]` datapoints packed for a worker thread: the labels as int32, the ends
 * of the JPEGs (JPEG k ends at `ends[k]` and starts at the first multiple of 8 from the end of
 * JPEG k - 1), and every JPEG's bytes — all three in one buffer of their own, in that order.
 *
 * Why pack: a message to a worker clones each ArrayBuffer it references whole. The JPEGs that
 * LMDBSerializer.load yields are views into larger buffers (256 KB slabs, as msgpack loads pools
 * arrays of 8–64 KB; imagenetTrainFlow's MemoryPool carves 8 MiB chunks), so after
 * LocallyShuffleData a chunk of 50 of them referenced ~45 slabs, and each ~27 KB JPEG cost
 * ~230 KB of copying and fresh worker memory. Packed, a batch of 64 sends exactly its 1.7 MB; packed
 * into a shared buffer (a BatchSlots slot), it sends none.
 *
 * For workers that read the LMDB themselves (packKeyBatch), the packed items are the datapoints'
 * keys instead of their JPEGs, and the workers fill in the labels.
 */
export interface JpegBatch {
  readonly bytes: Uint8Array;
  readonly ends: Int32Array;
  readonly labels: Int32Array;
  /** Where the worker writes the batch of images (a SharedArrayBuffer view from BatchSlots); absent: a new array. */
  readonly out?: Uint8Array;
}

/** Where packJpegBatch puts a batch: `bytes` bytes (a new array, or a view of a shared slot) whose offset is a multiple of 8. */
export type PackInto = (bytes: number) => Uint8Array;

const FLOW = 'packJpegBatch';

/**
 * Where a JPEG ending at `end` lets the next one start. Each JPEG starts 8-byte aligned, as its
 * source in a slab or a MemoryPool block does: V8 copies into a SharedArrayBuffer a word at a
 * time only when source and destination are both 8-byte aligned, else a byte at a time (measured: 7.8 against 1.9 µs per
 * 27 KB JPEG, most of the main thread's packing time).
 */
const startAfter = (end: number): number => (end + 7) & ~7;

/**
 * Packs BatchData's `useList` batch of `[jpeg, label]` datapoints (one list of JPEG arrays, one of
 * labels) into one buffer from `into` (default: a new array).
 *
 *   packJpegBatch([[jpeg 27012 B, jpeg 26880 B], [417, 3]])
 *     → { labels: Int32 [417, 3], ends: Int32 [27012, 53896], bytes: 53896 B }, in one buffer of 53912 B
 *       (the second JPEG starts at 27016)
 *
 * Throws a DataFlowError naming batch `index` and the datapoint when a JPEG is not a 1-D uint8
 * NDArray or a label is not an int32 integer.
 */
export function packJpegBatch([jpegs, labels]: [NDArray<'uint8'>[], number[]], index: number, into: PackInto = (n) => new Uint8Array(n)): JpegBatch {
  const parts = jpegs.map((jpeg, k) => checkJpegDatapoint(jpeg, labels[k], () => `datapoint ${k} of batch ${index}`, index).data);
  const batch = packParts(parts, into);
  batch.labels.set(labels);
  return batch;
}

/**
 * Packs a batch of LMDB keys (BatchData's `useList` batch of `[key]` datapoints) the way
 * packJpegBatch packs JPEGs, for workers that read the `[jpeg, label]` values themselves: `bytes`
 * holds the keys, and `labels` is left for the worker to fill in.
 *
 *   packKeyBatch([[Buffer '00000007', Buffer '00000003']]) → { labels: Int32 [0, 0], ends: Int32 [8, 16], bytes: 16 B }
 */
export function packKeyBatch([keys]: [Uint8Array[]], index: number, into: PackInto = (n) => new Uint8Array(n)): JpegBatch {
  keys.forEach((key, k) => {
    if (!(key instanceof Uint8Array)) throw new DataFlowError('packKeyBatch', `datapoint ${k} of batch ${index}: the key must be bytes, got ${typeof key}`, { index });
  });
  return packParts(keys, into);
}

/**
 * Checks a `[jpeg, label]` datapoint (`flow` and `where()`, called only for an error, name it): the
 * JPEG must be a 1-D uint8 NDArray and the label an int32 integer. Returns the JPEG.
 */
export function checkJpegDatapoint(jpeg: unknown, label: unknown, where: () => string, index: number, flow = FLOW): NDArray<'uint8'> {
  if (!(jpeg instanceof NDArray) || jpeg.dtype !== 'uint8' || jpeg.ndim !== 1) {
    throw new DataFlowError(flow, `${where()}: the JPEG must be a 1-D uint8 NDArray, got ${jpeg instanceof NDArray ? jpeg.toString() : typeof jpeg}`, { index });
  }
  if (typeof label !== 'number' || (label | 0) !== label) {
    throw new DataFlowError(flow, `${where()}: the label must be an int32 integer, got ${String(label)}`, { index });
  }
  return jpeg as NDArray<'uint8'>;
}

/** `parts` in one buffer from `into`: room for n labels, the parts' ends, then the parts, each starting 8-byte aligned. */
function packParts(parts: readonly Uint8Array[], into: PackInto): JpegBatch {
  const n = parts.length;
  let total = 0;
  for (const part of parts) total = startAfter(total + part.length);
  const mem = into(8 * n + total);
  const batch = {
    labels: new Int32Array(mem.buffer, mem.byteOffset, n),
    ends: new Int32Array(mem.buffer, mem.byteOffset + 4 * n, n),
    bytes: mem.subarray(8 * n),
  };
  for (let k = 0, at = 0; k < n; k++) {
    const part = parts[k]!;
    batch.bytes.set(part, at);
    batch.ends[k] = at + part.length;
    at = startAfter(at + part.length);
  }
  return batch;
}

/** Item k of a packed batch (its JPEG, or its key), as a view of its bytes. */
export function jpegOf(batch: JpegBatch, k: number): Uint8Array {
  return batch.bytes.subarray(k === 0 ? 0 : startAfter(batch.ends[k - 1]!), batch.ends[k]!);
}
