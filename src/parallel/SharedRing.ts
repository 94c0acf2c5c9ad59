import { NDArray } from '../core/NDArray.ts';
import { dtypeOfTypedArray, TYPED_ARRAY_OF, type TypedArray } from '../core/dtype.ts';
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
  /** Bytes the last refused datapoint needs (with the skipped tail). */
  private wanted = 0;
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

  constructor(readonly capacity: number) {}

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
   */
  place(dp: unknown): unknown {
    this.need = 0;
    replaceArrays(dp, this.measure);
    const need = this.need;
    if (need === 0 || need > this.capacity / 2) return dp;
    const offset = this.position % this.capacity;
    const skip = this.capacity - offset < need ? this.capacity - offset : 0;
    if (this.capacity - (this.position - this.released) < skip + need) {
      this.wanted = skip + need;
      return undefined;
    }
    this.position += skip;
    this.memory ??= new Uint8Array(new SharedArrayBuffer(this.capacity));
    this.at = this.position % this.capacity;
    this.position += need;
    return replaceArrays(dp, this.copy);
  }

  private copyArray(a: TypedArray): TypedArray {
    const memory = this.memory!;
    memory.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), this.at);
    const view = new TYPED_ARRAY_OF[dtypeOfTypedArray(a)!](memory.buffer, this.at, a.length);
    this.at += align8(a.byteLength);
    return view;
  }

  /** Resolves once the datapoint `place` last refused fits. */
  async room(): Promise<void> {
    while (this.capacity - (this.position - this.released) < this.wanted) await new Promise<void>((r) => (this.spaceFreed = r));
  }
}
