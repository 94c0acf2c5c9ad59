import { DataFlow, type Length } from '../DataFlow.ts';
import { checkArg, DataFlowError } from '../errors.ts';
import { IteratorIterable } from '../IteratorIterable.ts';

type AnyIterator<T> = Iterator<T> | AsyncIterator<T>;
export type GeneratorSource<T> = (() => AnyIterator<T>) | AnyIterator<T>;

/**
 * Yields what a generator yields. Given a generator *function* (sync or async), it calls it once
 * per pass, so the flow is re-iterable; given a generator *object*, it yields it once and a second
 * pass is an error. `length` is `size` if given, else unknown (`null`) — never a TypeError.
 *
 *   new DataFromGenerator(function* () { yield [1]; yield [2]; }) yields [1], [2] on every pass
 */
export class DataFromGenerator<T> extends DataFlow<T> {
  private readonly source: GeneratorSource<T>;
  private readonly size: Length;
  private readonly async: boolean;
  private consumed = false;
  private running = false;

  constructor(source: GeneratorSource<T>, options: { size?: number; async?: boolean } = {}) {
    super();
    const isFn = typeof source === 'function';
    checkArg('DataFromGenerator', isFn || (typeof source === 'object' && source !== null && typeof source.next === 'function'),
      'expects a generator function or an iterator');
    this.source = source;
    this.size = options.size ?? null;
    this.async = options.async ?? (isFn ? source.constructor.name === 'AsyncGeneratorFunction' : Symbol.asyncIterator in source);
  }

  get length(): Length {
    return this.size;
  }

  override get isSync(): boolean {
    return !this.async;
  }

  private open(): AnyIterator<T> {
    if (typeof this.source === 'function') return this.source(); // a new generator per pass: passes may overlap
    if (this.running) throw new DataFlowError(this.flowName, 'is already being iterated; a generator cannot be iterated twice at once');
    if (this.consumed) throw new DataFlowError(this.flowName, 'its generator object was consumed by an earlier pass; pass a generator function to iterate more than once');
    this.consumed = true;
    return this.source;
  }

  protected override iterate(): Iterator<T> {
    // A generator function's own generator is the pass (no wrapper to resume per datapoint).
    if (typeof this.source === 'function') return this.source() as Iterator<T>;
    return this.guarded(this.open() as Iterator<T>);
  }

  private *guarded(it: Iterator<T>): Iterator<T> {
    this.running = true;
    try {
      yield* new IteratorIterable(it);
    } finally {
      this.running = false;
    }
  }

  protected override async *iterateAsync(): AsyncGenerator<T> {
    const it = this.open();
    this.running = true;
    try {
      yield* { [Symbol.asyncIterator]: () => it as AsyncIterator<T> };
    } finally {
      this.running = false;
    }
  }
}
