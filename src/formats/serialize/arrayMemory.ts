/**
 * Memory for decoded array data: a fresh, 8-byte-aligned Uint8Array that no decoder input aliases.
 *
 * Why slabs: a JS ArrayBuffer is freed only by the garbage collector, so giving each decoded
 * array its own ArrayBuffer costs an allocation, a zero-fill and fresh pages every time
 * (measured ~2.2 µs per 10 KB array against ~0.5 µs for the copy alone, and ~2 µs per 3 KB
 * array against ~0.45 µs from a slab; Python's allocator reuses the freed block at once).
 * Medium-sized arrays are therefore carved from shared slabs, as Node's Buffer pool does for
 * small Buffers: 1–8 KB arrays (a 28×28 float32 image off the wire) from 64 KB slabs, 8–64 KB
 * arrays (a JPEG, a 10 KB record) from 256 KB slabs.
 *
 * The trade-off: a slab stays alive while any array in it does. Keeping one pooled array out of
 * a slab keeps the whole slab, at most 64× the array's own size. Tiny arrays (labels, 0-d
 * values), which a flow often keeps while dropping the images beside them, and big ones get
 * their own ArrayBuffer. An array in a slab has a `buffer` larger than itself, usually at a
 * non-zero `byteOffset` (so the parallel runners' transfer lists copy it rather than move the
 * whole slab).
 */

/** A bump allocator over slabs of `slabBytes`, for arrays of `min`..`max` bytes. */
class SlabPool {
  // the first array allocates the first slab
  private slab = new ArrayBuffer(0);
  private used: number;

  constructor(readonly slabBytes: number, readonly min: number, readonly max: number) {
    this.used = slabBytes;
  }

  take(n: number): Uint8Array {
    if (this.used + n > this.slabBytes) {
      this.slab = new ArrayBuffer(this.slabBytes);
      this.used = 0;
    }
    const out = new Uint8Array(this.slab, this.used, n);
    this.used += (n + 7) & ~7;
    return out;
  }
}

const POOLS = [new SlabPool(64 * 1024, 1024, 8 * 1024 - 1), new SlabPool(256 * 1024, 8 * 1024, 64 * 1024)];

/** Where a decoder's array of `n` bytes gets its memory (zeroed or not: the decoder overwrites all of it). */
export type ArrayMemory = (n: number) => Uint8Array;

/** `n` bytes of memory owned by the caller's array (zeroed or not: the caller overwrites all of it). */
export function arrayMemory(n: number): Uint8Array {
  for (const pool of POOLS) if (n >= pool.min && n <= pool.max) return pool.take(n);
  // Big arrays skip the zero-fill (allocating and filling 1 MB: ~111 → ~97 µs); small ones cost next to nothing to zero.
  return n > 64 * 1024 ? new Uint8Array(Buffer.allocUnsafeSlow(n).buffer, 0, n) : new Uint8Array(n);
}
