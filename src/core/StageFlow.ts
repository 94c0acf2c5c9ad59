import { DataFlow } from './DataFlow.ts';
import { IteratorIterable } from './IteratorIterable.ts';

/** Where a stage sends its output: the next stage, or the collector of the pass. */
export interface Sink<T> {
  push(dp: T): void;
  /** The upstream pass has ended: emit what is held, then flush the next sink. */
  flush(): void;
}

/**
 * The per-pass state of a single-upstream transform. Created fresh for each pass, so a flow may be
 * iterated again (or twice at once) without sharing state.
 */
export abstract class Stage<I, O> implements Sink<I> {
  constructor(protected readonly next: Sink<O>) {}
  abstract push(dp: I): void;
  flush(): void {
    this.next.flush();
  }
}

/**
 * A transform of one upstream flow written as a push-based Stage. Consecutive StageFlows fuse:
 * iterating `ds.map(f).map(g).filter(p).batch(32)` runs one loop over the source that calls the four
 * stages directly, instead of four nested generators. The same stages serve the sync and the async
 * pass, so each transform is written once.
 */
export abstract class StageFlow<I, O> extends DataFlow<O> {
  readonly upstream: DataFlow<I>;

  protected constructor(upstream: DataFlow<I>) {
    super([upstream]);
    this.upstream = upstream;
  }

  /** This flow's stage for one pass, sending its output to `next`. */
  abstract createStage(next: Sink<O>): Stage<I, O>;

  /** Walks down the fused chain: the stages wired source-side first, and the source below them. */
  private fuse(out: Sink<unknown>): { head: Sink<unknown>; source: DataFlow<unknown> } {
    let sink: Sink<unknown> = out;
    let flow = this as unknown as DataFlow<unknown>;
    while (flow instanceof StageFlow) {
      sink = flow.createStage(sink);
      flow = flow.upstream;
    }
    return { head: sink, source: flow };
  }

  protected override *iterate(): Iterator<O> {
    const out = new Collector<O>();
    const { head, source } = this.fuse(out);
    const chunks = DataFlow.chunksOf(source);
    // Two copies of the same loop on purpose: this is the hottest code of the library, and folding the
    // per-datapoint source into chunks would add a generator step (or read ahead) per datapoint.
    if (chunks) {
      for (const chunk of new IteratorIterable(chunks)) {
        for (let j = 0; j < chunk.length; j++) {
          head.push(chunk[j]);
          if (out.n !== 0) {
            for (let i = 0; i < out.n; i++) yield out.take(i);
            out.n = 0;
          }
        }
      }
    } else {
      for (const dp of DataFlow.iteratorOfIterable(source)) {
        head.push(dp);
        if (out.n !== 0) {
          for (let i = 0; i < out.n; i++) yield out.take(i);
          out.n = 0;
        }
      }
    }
    head.flush();
    for (let i = 0; i < out.n; i++) yield out.take(i);
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<O> {
    const out = new Collector<O>();
    const { head, source } = this.fuse(out);
    for await (const dp of DataFlow.asyncIterableOf(source, signal)) {
      head.push(dp);
      if (out.n !== 0) {
        for (let i = 0; i < out.n; i++) yield out.take(i);
        out.n = 0;
      }
    }
    head.flush();
    for (let i = 0; i < out.n; i++) yield out.take(i);
  }
}

/**
 * The end of a fused chain: holds what the last stage emitted for one input. Reset by a counter,
 * not by `length = 0`, which would give the array's storage back and regrow it for every datapoint.
 */
class Collector<T> implements Sink<unknown> {
  private readonly items: T[] = [];
  n = 0;

  push(dp: unknown): void {
    this.items[this.n++] = dp as T;
  }

  flush(): void {}

  /** The i-th held datapoint, released so the collector does not keep it alive. */
  take(i: number): T {
    const dp = this.items[i]!;
    this.items[i] = undefined as T;
    return dp;
  }
}
