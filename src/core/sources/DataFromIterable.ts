import { DataFlow, type Length } from '../DataFlow.ts';
import { checkArg, DataFlowError } from '../errors.ts';

/**
 * Yields the elements of any iterable or async iterable, calling its iterator once per pass.
 * The length is the iterable's `length` or `size` (arrays, sets, maps), or the `length` option.
 *
 *   new DataFromIterable(new Set([[1], [2]])) yields [1], [2]; length 2
 */
export class DataFromIterable<T> extends DataFlow<T> {
  private readonly iterable: Iterable<T> | AsyncIterable<T>;
  private readonly size: Length;
  private consumed = false;

  constructor(iterable: Iterable<T> | AsyncIterable<T>, options: { length?: Length } = {}) {
    super();
    checkArg('DataFromIterable', iterable != null && (Symbol.iterator in Object(iterable) || Symbol.asyncIterator in Object(iterable)),
      'expects an iterable or an async iterable');
    this.iterable = iterable;
    const sized = iterable as { length?: unknown; size?: unknown };
    const own = typeof sized.length === 'number' ? sized.length : typeof sized.size === 'number' ? sized.size : null;
    this.size = options.length !== undefined ? options.length : own;
  }

  get length(): Length {
    return this.size;
  }

  override get isSync(): boolean {
    return Symbol.iterator in Object(this.iterable);
  }

  protected override iterate(): Iterator<T> {
    return this.once((this.iterable as Iterable<T>)[Symbol.iterator]());
  }

  protected override iterateAsync(): AsyncIterator<T> {
    return this.once((this.iterable as AsyncIterable<T>)[Symbol.asyncIterator]());
  }

  /** An iterator that is its own iterable (a generator object) has one pass: a second is an error, not an empty pass. */
  private once<I>(it: I): I {
    if ((it as unknown) !== this.iterable) return it;
    if (this.consumed) {
      throw new DataFlowError(this.flowName, 'its iterable is a one-shot iterator (a generator object?) consumed by an earlier pass; pass a re-iterable such as an array or a DataFromGenerator of a generator function');
    }
    this.consumed = true;
    return it;
  }
}
