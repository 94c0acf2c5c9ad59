import { DataFlow, type Length, type ResetContext } from '../core/DataFlow.ts';
import { checkArg, DataFlowError } from '../core/errors.ts';
import { rngFor, type RNG } from '../core/RNG.ts';
import { sumLengths } from './ConcatData.ts';
import { drawFrom, drawFromAsync } from './drawFrom.ts';

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

  /** A flow that ends before its length is an error: the mix was planned by the lengths. */
  private exhausted = (i: number): never => {
    throw new DataFlowError(this.flowName, `flow ${i} (${this.flows[i]!.flowName}) ended before its length ${this.flows[i]!.length}`);
  };

  protected override iterate(): Iterator<T> {
    return drawFrom(this.flows.map((f) => DataFlow.iteratorOf(f)), this.order(), this.exhausted);
  }

  protected override iterateAsync(signal: AbortSignal | undefined): AsyncIterator<T> {
    return drawFromAsync(this.flows.map((f) => DataFlow.asyncIteratorOf(f, signal)), this.order(), this.exhausted);
  }
}
