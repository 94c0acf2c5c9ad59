import { DataFlow, type Length, type ResetContext } from '../core/DataFlow.ts';
import { checkArg, DataFlowError } from '../core/errors.ts';
import { rngFor, type RNG } from '../core/RNG.ts';
import { sumLengths } from './ConcatData.ts';

/**
 * Mixes flows perfectly by their lengths: each pass yields every datapoint of every flow, in a
 * random interleaving that keeps each flow's own order. Every flow must have a known length.
 * Length: the sum.
 *
 *   a yields 1, 2 and b yields 3 → RandomMixData([a, b]) yields e.g. 1, 3, 2
 */
export class RandomMixData<T> extends DataFlow<T> {
  readonly flows: readonly DataFlow<T>[];
  private readonly seed: number | undefined;
  private rng: RNG | undefined;

  constructor(flows: readonly DataFlow<T>[], options: { seed?: number } = {}) {
    checkArg('RandomMixData', Array.isArray(flows) && flows.length > 0, 'expects a non-empty list of flows');
    super(flows);
    flows.forEach((f, i) => {
      const n = f.length;
      checkArg('RandomMixData', n !== null && Number.isFinite(n), `flow ${i} (${f.flowName}) must have a known finite length, got ${n}`);
    });
    this.flows = flows;
    this.seed = options.seed;
  }

  get length(): Length {
    return sumLengths(this.flows);
  }

  protected override onReset(context: ResetContext): void {
    this.rng = rngFor(this.flowName, this.seed, context);
  }

  /** The flow index of each position of this pass, shuffled. */
  private order(): Uint16Array {
    const order = new Uint16Array(this.length!);
    let pos = 0;
    this.flows.forEach((f, i) => order.fill(i, pos, (pos += f.length!)));
    return this.rng!.shuffle(order);
  }

  private exhausted(i: number): DataFlowError {
    return new DataFlowError(this.flowName, `flow ${i} (${this.flows[i]!.flowName}) ended before its length ${this.flows[i]!.length}`);
  }

  protected override *iterate(): Iterator<T> {
    const its = this.flows.map((f) => DataFlow.iteratorOf(f));
    try {
      for (const i of this.order()) {
        const r = its[i]!.next();
        if (r.done) throw this.exhausted(i);
        yield r.value;
      }
    } finally {
      for (const it of its) it.return?.();
    }
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<T> {
    const its = this.flows.map((f) => DataFlow.asyncIteratorOf(f, signal));
    try {
      for (const i of this.order()) {
        const r = await its[i]!.next();
        if (r.done) throw this.exhausted(i);
        yield r.value;
      }
    } finally {
      await Promise.all(its.map((it) => it.return?.()));
    }
  }
}
