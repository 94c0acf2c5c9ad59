import { shapeSize, type NDArray } from '../core/NDArray.ts';
import type { TypedArray } from '../core/dtype.ts';
import { replaceArrays, reviveNDArrays, type NDArrayMessage } from './replaceArrays.ts';

/** A chunk of datapoints ready for `postMessage`, with the buffers to move rather than copy. */
export interface PackedChunk {
  readonly dps: unknown[];
  /** Whether any datapoint holds an NDArray marker (the receiver skips reviving otherwise). */
  readonly nd: boolean;
  readonly transferList: ArrayBuffer[];
}

/**
 * Thrown when a flow yields an array that an earlier datapoint already moved to the other thread:
 * a moved buffer is detached (empty) on this side, so its data is gone here (or, within one
 * message, both datapoints would show its last contents).
 */
export class DetachedArrayError extends Error {}

/**
 * Prepares datapoints for `postMessage`. With `transfer`, each typed array's buffer joins the
 * transfer list, so it moves instead of being copied; an array that is a view into a larger buffer
 * (Node's Buffer pool, a slab from a decoder) is first copied once into a buffer of its own, since
 * moving the whole slab would take memory the sender still uses, and Node would silently copy a
 * pooled Buffer anyway. Without `transfer`, such a view is copied too, since cloning it would clone
 * its whole buffer. SharedArrayBuffer-backed arrays are shared, never copied.
 */
export function packChunk(dps: readonly unknown[], transfer: boolean): PackedChunk {
  /** Each buffer to move, with the datapoint that first holds it. */
  const buffers = new Map<ArrayBuffer, number>();
  let current = 0;
  let nd = false;
  const own = (a: TypedArray): TypedArray => {
    if (!(a.buffer instanceof ArrayBuffer)) return a;
    const whole = a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && !Buffer.isBuffer(a);
    // Without transfer, postMessage clones a view's whole buffer (a 256 KB slab for a 27 KB JPEG): copy the view alone.
    if (!transfer) return whole ? a : Buffer.isBuffer(a) ? new Uint8Array(a) : (a.slice() as TypedArray);
    if (whole) {
      // The same buffer in an earlier datapoint of this chunk: the flow refilled it, and moving it
      // once would show both datapoints its last contents.
      if ((buffers.get(a.buffer) ?? current) < current) throw new DetachedArrayError(sameArray(`a ${a.constructor.name}`));
      buffers.set(a.buffer, current);
      return a;
    }
    const copy = Buffer.isBuffer(a) ? new Uint8Array(a) : (a.slice() as TypedArray);
    buffers.set(copy.buffer as ArrayBuffer, current);
    return copy;
  };
  const replacer = {
    ndarray(a: NDArray): NDArrayMessage {
      nd = true;
      if (a.data.byteLength === 0 && shapeSize(a.shape) > 0) {
        throw new DetachedArrayError(sameArray(`an NDArray${JSON.stringify(a.shape)}`));
      }
      return { $nd: 1, data: own(a.data), shape: a.shape, dtype: a.dtype };
    },
    typedArray: own,
  };
  const out = new Array<unknown>(dps.length);
  for (current = 0; current < dps.length; current++) out[current] = replaceArrays(dps[current], replacer);
  return { dps: out, nd, transferList: [...buffers.keys()] };
}

const sameArray = (what: string): string =>
  `${what} whose buffer an earlier datapoint already moved to the main thread (the flow yields the same array twice); yield a fresh array per datapoint, or pass { reuseBuffers: true } to copy each datapoint's arrays as it is yielded`;

/** The receiving side of `packChunk`: NDArray markers become NDArrays again (in place). */
export function unpackChunk(dps: unknown[], nd: boolean): unknown[] {
  if (nd) for (let i = 0; i < dps.length; i++) dps[i] = reviveNDArrays(dps[i]);
  return dps;
}

/** Bytes of array data in a datapoint, to cut chunks of large datapoints short. */
export function arrayBytes(x: unknown): number {
  if (typeof x !== 'object' || x === null) return 0;
  if (ArrayBuffer.isView(x)) return x.byteLength;
  if ('data' in x && ArrayBuffer.isView((x as { data: unknown }).data)) return (x as { data: ArrayBufferView }).data.byteLength;
  let n = 0;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (typeof x[i] === 'object') n += arrayBytes(x[i]);
  } else if (Object.getPrototypeOf(x) === Object.prototype) {
    for (const v of Object.values(x)) n += arrayBytes(v);
  }
  return n;
}
