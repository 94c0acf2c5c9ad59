import { DataFlow, type Length } from '../core/DataFlow.ts';
import { checkPositiveInt, DataFlowError } from '../core/errors.ts';

/**
 * Yields exactly `size` datapoints per pass, restarting the upstream when it runs out. With
 * `keepState` (the default, as in tensorpack) the next pass continues where this one stopped.
 * Length: `size`.
 *
 *   ds yields 1,2,3,4,5 → FixedSizeData(ds, 3) yields 1,2,3 ; 4,5,1 ; 2,3,4
 *   with { keepState: false }: 1,2,3 ; 1,2,3
 */
export class FixedSizeData<T> extends DataFlow<T> {
  readonly upstream: DataFlow<T>;
  readonly size: number;
  readonly keepState: boolean;
  private syncIt: Iterator<T> | undefined;
  private asyncIt: AsyncIterator<T> | undefined;

  constructor(ds: DataFlow<T>, size: number, options: { keepState?: boolean } = {}) {
    super([ds]);
    checkPositiveInt('FixedSizeData', 'size', size);
    this.upstream = ds;
    this.size = size;
    this.keepState = options.keepState ?? true;
  }

  get length(): Length {
    return this.size;
  }

  private emptyError(): DataFlowError {
    return new DataFlowError(this.flowName, `upstream ${this.upstream.flowName} yielded nothing; cannot fill ${this.size} datapoints`);
  }

  protected override *iterate(): Iterator<T> {
    let it = (this.keepState && this.syncIt) || DataFlow.iteratorOf(this.upstream);
    let emptyRestarts = 0;
    try {
      for (let n = 0; n < this.size; ) {
        const r = it.next();
        if (r.done) {
          if (++emptyRestarts > 1) throw this.emptyError();
          it = DataFlow.iteratorOf(this.upstream);
          continue;
        }
        emptyRestarts = 0;
        n++;
        yield r.value;
      }
    } finally {
      if (this.keepState) this.syncIt = it;
      else it.return?.();
    }
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<T> {
    let it = (this.keepState && this.asyncIt) || DataFlow.asyncIteratorOf(this.upstream, signal);
    let emptyRestarts = 0;
    try {
      for (let n = 0; n < this.size; ) {
        const r = await it.next();
        if (r.done) {
          if (++emptyRestarts > 1) throw this.emptyError();
          it = DataFlow.asyncIteratorOf(this.upstream, signal);
          continue;
        }
        emptyRestarts = 0;
        n++;
        yield r.value;
      }
    } finally {
      if (this.keepState) this.asyncIt = it;
      else await it.return?.();
    }
  }
}
