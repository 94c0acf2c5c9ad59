/**
 * Byte arrays that are handed back once their owner is done with them, and handed out again.
 *
 * Why: a stream of fresh ArrayBuffers (a 27 KB JPEG copied out of LMDB per image) is freed only by
 * the garbage collector, and their external memory makes V8 run full collections every ~100 ms;
 * fresh memory also costs page faults on first touch. Where one piece of code knows that an
 * array is dead (it has just copied it elsewhere), `give` returns its block, and the next `take`
 * of the same size class gets it back warm. Measured on B7's main thread: 27 → 16 µs per image,
 * and the GC helper threads' ~20 → ~8 µs.
 *
 * Blocks come in size classes four to each power of two (64 B to 1 MiB: ..., 16, 20, 24, 28, 32,
 * 40 KiB, ...), so a block wastes at most a fifth of itself (a 27 KB JPEG takes 28 KiB), carved
 * from 8 MiB chunks, each block 16-byte aligned. Bigger arrays get memory of their own and are not
 * pooled. The pool keeps only the blocks given back and the chunk it is carving: memory that is
 * never given back is collected as usual, with its chunk once no other block of it is in use.
 *
 * `give` is a promise that nothing reads or writes the array any more: the next `take` of its
 * class hands the same memory out again.
 */
export class MemoryPool {
  private readonly free = new Map<number, Uint8Array[]>();
  private readonly carved = new WeakSet<ArrayBuffer>();
  private chunk = new ArrayBuffer(0);
  private used = 0;

  /** `n` bytes holding whatever they held before (the caller overwrites them): a block given back earlier, or a new one. Bound, so it can be passed as a function. */
  readonly take = (n: number): Uint8Array => {
    const size = classOf(n);
    if (size > MAX_BLOCK) return new Uint8Array(n);
    const block = this.free.get(size)?.pop() ?? this.carve(size);
    return n === size ? block : block.subarray(0, n);
  };

  /** Returns the block of `array`, exactly as `take` returned it, to the pool; arrays from elsewhere are ignored. */
  give(array: Uint8Array): void {
    if (!(array.buffer instanceof ArrayBuffer) || !this.carved.has(array.buffer)) return;
    const size = classOf(array.byteLength);
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(new Uint8Array(array.buffer, array.byteOffset, size));
  }

  private carve(size: number): Uint8Array {
    if (this.used + size > this.chunk.byteLength) {
      this.chunk = new ArrayBuffer(CHUNK);
      this.carved.add(this.chunk);
      this.used = 0;
    }
    const block = new Uint8Array(this.chunk, this.used, size);
    this.used += size;
    return block;
  }
}

const MIN_BLOCK = 64;
const MAX_BLOCK = 1 << 20;
const CHUNK = 8 << 20;

/**
 * The size class of an n-byte array (n itself beyond the largest class): for 2^p < n ≤ 2^(p+1),
 * the next multiple of 2^(p-2), i.e. one of 1.25, 1.5, 1.75 and 2 × 2^p; at least 64.
 */
function classOf(n: number): number {
  if (n > MAX_BLOCK) return n;
  if (n <= MIN_BLOCK) return MIN_BLOCK;
  const step = 2 ** (29 - Math.clz32(n - 1));
  return Math.ceil(n / step) * step;
}
