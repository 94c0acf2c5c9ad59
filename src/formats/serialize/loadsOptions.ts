import type { ArrayMemory } from './arrayMemory.ts';

/** How `loads` decodes. */
export interface LoadsOptions {
  /**
   * msgpack: arrays whose data lies aligned for their dtype in the input (any uint8, int8 or bool
   * array) are views of the input instead of copies. Only for input that stays unchanged as long
   * as the arrays are used (a message of its own, not LMDB's reused read buffer); a view keeps the
   * whole input alive. pickle: arrays are always copies. Default false.
   */
  readonly arrayViews?: boolean;
  /**
   * msgpack, with arrayViews: an array whose data lies misaligned for its dtype (msgpack-numpy
   * puts a float32 image's data wherever its header ends) is moved down within the input, by less
   * than its item size, over its own already-read header, and viewed there instead of copied out
   * (a 1 MB float32 array: no fresh megabyte to fault in). The input is changed: only for input
   * that nothing else reads. Default false.
   */
  readonly alignInPlace?: boolean;
  /**
   * Where the arrays copied out of the input get their memory, 8-byte aligned (e.g. a
   * MemoryPool's `take`, when the consumer gives each array back once done with it); msgpack and
   * pickle alike. Default: arrayMemory (fresh memory, small arrays from shared slabs).
   */
  readonly memory?: ArrayMemory;
}
