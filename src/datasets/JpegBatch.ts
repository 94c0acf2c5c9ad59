import { NDArray } from '../core/NDArray.ts';
import { DataFlowError } from '../core/errors.ts';

/**
 * A batch of `[jpeg, label]` datapoints packed for a worker thread: every JPEG's bytes back to
 * back in one buffer of their own, where JPEG k ends at `ends[k]`, and the labels as int32.
 *
 * Why pack: a message to a worker clones each ArrayBuffer it references whole. The JPEGs that
 * LMDBSerializer.load yields are views into 256 KB slabs (msgpack loads pools arrays of 8–64 KB),
 * so after LocallyShuffleData a chunk of 50 of them referenced ~45 slabs, and each ~27 KB JPEG cost
 * ~230 KB of copying and fresh worker memory. Packed, a batch of 64 sends exactly its 1.7 MB.
 */
export interface JpegBatch {
  readonly bytes: Uint8Array;
  readonly ends: Int32Array;
  readonly labels: Int32Array;
  /** Where the worker writes the batch of images (a SharedArrayBuffer view from BatchSlots); absent: a new array. */
  readonly out?: Uint8Array;
}

const FLOW = 'packJpegBatch';

/**
 * Packs BatchData's `useList` batch of `[jpeg, label]` datapoints (one list of JPEG arrays, one of labels).
 *
 *   packJpegBatch([[jpeg 27012 B, jpeg 26880 B], [417, 3]])
 *     → { bytes: 53892 B, ends: Int32 [27012, 53892], labels: Int32 [417, 3] }
 *
 * Throws a DataFlowError naming batch `index` and the datapoint when a JPEG is not a 1-D uint8
 * NDArray or a label is not an int32 integer.
 */
export function packJpegBatch([jpegs, labels]: [NDArray<'uint8'>[], number[]], index: number): JpegBatch {
  let total = 0;
  for (let k = 0; k < jpegs.length; k++) {
    const j = jpegs[k];
    if (!(j instanceof NDArray) || j.dtype !== 'uint8' || j.ndim !== 1) {
      throw new DataFlowError(FLOW, `datapoint ${k} of batch ${index}: the JPEG must be a 1-D uint8 NDArray, got ${j instanceof NDArray ? j.toString() : typeof j}`, { index });
    }
    const label = labels[k];
    if (typeof label !== 'number' || (label | 0) !== label) {
      throw new DataFlowError(FLOW, `datapoint ${k} of batch ${index}: the label must be an int32 integer, got ${String(label)}`, { index });
    }
    total += j.data.length;
  }
  const bytes = new Uint8Array(total);
  const ends = new Int32Array(jpegs.length);
  for (let k = 0, at = 0; k < jpegs.length; k++) {
    bytes.set(jpegs[k]!.data, at);
    at += jpegs[k]!.data.length;
    ends[k] = at;
  }
  return { bytes, ends, labels: Int32Array.from(labels) };
}

/** JPEG k of a packed batch, as a view of its bytes. */
export function jpegOf(batch: JpegBatch, k: number): Uint8Array {
  return batch.bytes.subarray(k === 0 ? 0 : batch.ends[k - 1]!, batch.ends[k]!);
}
