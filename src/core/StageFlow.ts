import { DataFlow } from './DataFlow.ts';

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
    const buf: O[] = [];
    const { head, source } = this.fuse(collector(buf));
    for (const dp of DataFlow.iteratorOfIterable(source)) {
      head.push(dp);
      if (buf.length !== 0) {
        for (let i = 0; i < buf.length; i++) yield buf[i]!;
        buf.length = 0;
      }
    }
    head.flush();
    for (let i = 0; i < buf.length; i++) yield buf[i]!;
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<O> {
    const buf: O[] = [];
    const { head, source } = this.fuse(collector(buf));
    for await (const dp of DataFlow.asyncIterableOf(source, signal)) {
      head.push(dp);
      if (buf.length !== 0) {
        for (let i = 0; i < buf.length; i++) yield buf[i]!;
        buf.length = 0;
      }
    }
    head.flush();
    for (let i = 0; i < buf.length; i++) yield buf[i]!;
  }
}

function collector<T>(buf: T[]): Sink<unknown> {
  return {
    push(dp) {
      buf.push(dp as T);
    },
    flush() {},
  };
}
