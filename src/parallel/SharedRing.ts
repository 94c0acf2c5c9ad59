import { NDArray } from '../core/NDArray.ts';
import { dtypeOfTypedArray, TYPED_ARRAY_OF, type DType, type TypedArray } from '../core/dtype.ts';
import { replaceArrays, type ArrayReplacer } from './replaceArrays.ts';

/** Default ring size per worker thread for `reuseBuffers`. */
export const DEFAULT_RING_BYTES = 16 << 20;

const align8 = (n: number): number => (n + 7) & ~7;

/** Arrays the ring copies: typed arrays over ordinary (not shared) memory, of a numpy dtype. */
function copied(a: TypedArray): boolean {
  return a.buffer instanceof ArrayBuffer && dtypeOfTypedArray(a) !== undefined;
}

/**
 * The worker side of `reuseBuffers`: a byte ring in one SharedArrayBuffer that the worker copies
 * each datapoint's arrays into as the flow yields it, so the main thread receives views into
 * memory that is written again and again — no fresh allocation per datapoint on either side, and
 * so none of the page faults (~14 µs per 4 KiB here) that fresh multi-MB buffers cost. Since the
 * copy is made at once, the flow may refill and yield the same arrays again.
 *
 * Lifetime: datapoints are placed back to back; each message carries the ring position after its
 * datapoints (`position` when it is sent), and the main side hands that position back with the
 * message's credit once the consumer has asked for the datapoint after the message's last one.
 * Space before a released position is written again. The consumer therefore sees a datapoint's
 * arrays intact until its next `next()` call, and not reliably after.
 */
export class RingWriter {
  private memory: Uint8Array | undefined;
  /** Bytes handed out so far, counting the tail skipped at each wrap: the current position. */
  position = 0;
  /** The position up to which the main side has released. */
  private released = 0;
  /** Free bytes `room()` waits for: what the last refused datapoint (or allocation) needs with the skipped tail, and at least `chunkBytes`. */
  private wanted = 0;
  /**
   * A quarter of the ring: a runner sends its datapoints once they hold this many bytes, and once
   * full, the ring waits for at least this much free space, not just for the refused datapoint's:
   * otherwise each release of a message's space lets one more datapoint in, and the runner settles
   * into one message (and one wake-up on each side) per datapoint.
   */
  readonly chunkBytes: number;
  /** Bytes of the last `allocate`: the next batch will likely want as much. */
  private lastAllocation = 0;
  private spaceFreed: (() => void) | undefined;

  // The two walks over a datapoint's arrays, made once (not per datapoint): count the bytes to
  // copy into `need`, then copy each array to `at` and replace it with a view there.
  private need = 0;
  private at = 0;
  private readonly measure: ArrayReplacer = {
    ndarray: (a: NDArray) => ((this.need += copied(a.data) ? align8(a.data.byteLength) : 0), a),
    typedArray: (a: TypedArray) => ((this.need += copied(a) ? align8(a.byteLength) : 0), a),
  };
  private readonly copy: ArrayReplacer = {
    ndarray: (a: NDArray) => (copied(a.data) ? new NDArray(this.copyArray(a.data), a.shape, a.dtype) : a),
    typedArray: (a: TypedArray) => (copied(a) ? this.copyArray(a) : a),
  };

  constructor(readonly capacity: number) {
    this.chunkBytes = capacity / 4;
  }

  /** The main side is done with everything placed before `position`. */
  release(position: number): void {
    if (position > this.released) this.released = position;
    const wake = this.spaceFreed;
    this.spaceFreed = undefined;
    wake?.();
  }

  /**
   * The datapoint with its arrays copied into the ring (NDArrays stay NDArrays); the datapoint
   * itself when it holds nothing to copy or more than half the ring (it travels the ordinary
   * way); undefined when the ring has no room now (send what is pending, `await room()`, retry).
   * Arrays already in the ring (from `allocate`) stay where they are.
   */
  place(dp: unknown): unknown {
    this.need = 0;
    replaceArrays(dp, this.measure);
    const need = this.need;
    if (need === 0 || need > this.capacity / 2) return dp;
    const at = this.claim(need);
    if (at < 0) return undefined;
    this.at = at;
    return replaceArrays(dp, this.copy);
  }

  /**
   * An array of `length` elements of `dtype` in the ring, for a producer to fill before it yields
   * the datapoint that holds it (a worker's last BatchData stacks its batches here: the bytes are
   * then written once, where the main thread reads them). Its space is released like a placed
   * datapoint's. Undefined when the ring has no room now or it would take over half the ring: the
   * caller then makes an ordinary array, which `place` copies.
   */
  readonly allocate = (dtype: DType, length: number): TypedArray | undefined => {
    const Type = TYPED_ARRAY_OF[dtype];
    const need = align8(length * Type.BYTES_PER_ELEMENT);
    if (need === 0 || need > this.capacity / 2) return undefined;
    const at = this.claim(need);
    if (at < 0) return undefined;
    this.lastAllocation = need;
    return new Type(this.memory!.buffer, at, length);
  };

  /**
   * False when an allocation as large as the last one would not fit now (`room()` then waits until
   * it does). A runner asks between datapoints, so that the next batch is not stacked into fresh
   * memory, to be copied, for want of space the main side is about to release.
   */
  hasRoomForNextAllocation(): boolean {
    return this.lastAllocation === 0 || this.skipFor(this.lastAllocation) >= 0;
  }

  /** The tail to skip before `need` bytes at the current position (they may not wrap), or -1 when they don't fit now. */
  private skipFor(need: number): number {
    const offset = this.position % this.capacity;
    const skip = this.capacity - offset < need ? this.capacity - offset : 0;
    if (this.capacity - (this.position - this.released) >= skip + need) return skip;
    this.wanted = Math.max(skip + need, this.chunkBytes);
    return -1;
  }

  /** Reserves `need` bytes, returning their offset, or -1 when the main side has not released enough. */
  private claim(need: number): number {
    const skip = this.skipFor(need);
    if (skip < 0) return -1;
    this.memory ??= new Uint8Array(new SharedArrayBuffer(this.capacity));
    this.position += skip + need;
    return (this.position - need) % this.capacity;
  }

  private copyArray(a: TypedArray): TypedArray {
    const memory = this.memory!;
    memory.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), this.at);
    const view = new TYPED_ARRAY_OF[dtypeOfTypedArray(a)!](memory.buffer, this.at, a.length);
    this.at += align8(a.byteLength);
    return view;
  }

  /** Resolves once what `place` last refused, or `hasRoomForNextAllocation` found no room for, fits, and a quarter of the ring is free. */
  async room(): Promise<void> {
    while (this.capacity - (this.position - this.released) < this.wanted) await new Promise<void>((r) => (this.spaceFreed = r));
  }
}
