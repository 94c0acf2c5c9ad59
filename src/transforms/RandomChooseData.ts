import { DataFlow, type Length, type ResetContext } from '../core/DataFlow.ts';
import { checkArg } from '../core/errors.ts';
import { rngFor, type RNG } from '../core/RNG.ts';
import { drawFrom, drawFromAsync } from './drawFrom.ts';

/**
 * At each step picks one flow at random (by `weights`, uniform by default) and yields its next
 * datapoint; stops as soon as the chosen flow is exhausted, as in tensorpack. Length: unknown.
 *
 *   RandomChooseData([a, b], { weights: [0.9, 0.1] }) yields mostly a's datapoints
 */
export class RandomChooseData<T> extends DataFlow<T> {
  readonly flows: readonly DataFlow<T>[];
  readonly weights: readonly number[];
  private readonly seed: number | undefined;
  private rng: RNG | undefined;

  constructor(flows: readonly DataFlow<T>[], options: { weights?: readonly number[]; seed?: number } = {}) {
    checkArg('RandomChooseData', Array.isArray(flows) && flows.length > 0, 'expects a non-empty list of flows');
    super(flows);
    this.flows = flows;
    const weights = options.weights ?? flows.map(() => 1 / flows.length);
    checkArg('RandomChooseData', weights.length === flows.length, `got ${weights.length} weights for ${flows.length} flows`);
    checkArg('RandomChooseData', weights.every((w) => Number.isFinite(w) && w >= 0), `weights must be non-negative numbers, got [${weights.join(', ')}]`);
    const sum = weights.reduce((a, b) => a + b, 0);
    checkArg('RandomChooseData', Math.abs(sum - 1) <= 1e-6, `weights must sum to 1 (±1e-6), got [${weights.join(', ')}] summing to ${sum}`);
    this.weights = weights;
    this.seed = options.seed;
  }

  get length(): Length {
    return null;
  }

  protected override onReset(context: ResetContext): void {
    this.rng = rngFor(this.flowName, this.seed, context);
  }

  /** Endless draws of a flow index by the weights; the pass ends when the drawn flow has. */
  private *picks(): Generator<number> {
    for (;;) yield this.rng!.choice(this.weights);
  }

  protected override iterate(): Iterator<T> {
    return drawFrom(this.flows.map((f) => DataFlow.iteratorOf(f)), this.picks(), () => {});
  }

  protected override iterateAsync(signal: AbortSignal | undefined): AsyncIterator<T> {
    return drawFromAsync(this.flows.map((f) => DataFlow.asyncIteratorOf(f, signal)), this.picks(), () => {});
  }
}
