import { Packr } from 'msgpackr';
import { NDArray } from '../core/NDArray.ts';
import { dtypeOfTypedArray, TYPED_ARRAY_OF, type DType, type TypedArray } from '../core/dtype.ts';
import { replaceArrays } from './replaceArrays.ts';
import type { DataMessage, TaskMessage } from './protocol.ts';

/**
 * The internal wire format between our own processes (over ZeroMQ): a multipart message whose
 * first frame is msgpack (the datapoints with every array replaced by `{ $f: k, dtype, shape }`)
 * and whose frame k is array k's raw bytes.
 *
 * Why not tensorpack's format (msgpack-numpy, in src/formats/serialize): it copies every array
 * into the msgpack buffer and back out, and the receiver gets arrays at arbitrary offsets that
 * must be copied again to be aligned for Float32Array and friends. Here each array is its own
 * frame, so each side copies each array once (the sender into its frame, since ZeroMQ may read it after
 * send() resolved), and the receiver gets each array in a buffer of its own (an aligned view,
 * copied only when ZeroMQ hands back a misaligned one). Both ends are this code, so
 * nothing else needs to read it.
 */
const packr = new Packr({ useRecords: false, moreTypes: false, int64AsType: 'bigint', mapsAsObjects: true });

interface ArrayFrameRef {
  readonly $f: number;
  readonly dtype: DType;
  /** The NDArray's shape; absent for a bare typed array. */
  readonly shape?: readonly number[];
}

/** One message as ZeroMQ frames: the msgpack header, then one frame per array. */
export function encodeMessage(msg: DataMessage | TaskMessage): Buffer[] {
  const frames: Buffer[] = [];
  const frameOf = (a: TypedArray): number => {
    // A copy: ZeroMQ may still read a frame after send() resolves, and the flow may refill its array.
    frames.push(Buffer.copyBytesFrom(a));
    return frames.length;
  };
  const replacer = {
    ndarray: (a: NDArray): ArrayFrameRef => ({ $f: frameOf(a.data), dtype: a.dtype, shape: a.shape }),
    typedArray: (a: TypedArray): unknown => {
      const dtype = dtypeOfTypedArray(a);
      return dtype === undefined ? a : { $f: frameOf(a), dtype };
    },
  };
  const dps = msg.dps.map((dp) => replaceArrays(dp, replacer));
  return [packr.pack({ ...msg, dps, nd: frames.length > 0 }), ...frames];
}

/** The inverse of `encodeMessage`; arrays come back as NDArrays or typed arrays over the frames. */
export function decodeMessage<M extends DataMessage | TaskMessage>(frames: readonly Buffer[]): M {
  const msg = packr.unpack(frames[0]!) as M;
  if (msg.nd) for (let i = 0; i < msg.dps.length; i++) msg.dps[i] = revive(msg.dps[i], frames);
  return { ...msg, nd: false };
}

function revive(x: unknown, frames: readonly Buffer[]): unknown {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x)) return x;
  const ref = x as ArrayFrameRef;
  if (typeof ref.$f === 'number') {
    const data = arrayOver(frames[ref.$f]!, ref.dtype);
    return ref.shape === undefined ? data : new NDArray(data, ref.shape, ref.dtype);
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) x[i] = revive(x[i], frames);
  } else {
    const o = x as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = revive(o[k], frames);
  }
  return x;
}

function arrayOver(frame: Buffer, dtype: DType): TypedArray {
  const C = TYPED_ARRAY_OF[dtype];
  const n = frame.byteLength / C.BYTES_PER_ELEMENT;
  if (frame.byteOffset % C.BYTES_PER_ELEMENT === 0) return new C(frame.buffer, frame.byteOffset, n);
  const aligned = new Uint8Array(frame.byteLength);
  aligned.set(frame);
  return new C(aligned.buffer, 0, n);
}
