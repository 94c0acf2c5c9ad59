/**
 * An iterator as an iterable, for `for...of` and `yield*` (which call its `return()` on an early
 * exit). A class rather than `{ [Symbol.iterator]: () => it }`: that literal makes a new function
 * for every pass, and V8's optimized loop deoptimizes when the function it calls there changes.
 */
export class IteratorIterable<T> implements Iterable<T> {
  constructor(private readonly it: Iterator<T>) {}

  [Symbol.iterator](): Iterator<T> {
    return this.it;
  }
}
