import { DataFlow, type Datapoint, type Length } from '../core/DataFlow.ts';
import { checkArg, DataFlowError } from '../core/errors.ts';

type Concat<Ts extends readonly unknown[]> = Ts extends readonly [infer A extends readonly unknown[], ...infer Rest]
  ? [...A, ...Concat<Rest>] : [];
type Merge<Ts extends readonly unknown[]> = Ts extends readonly [infer A, ...infer Rest] ? A & Merge<Rest> : unknown;

/** The joined datapoint: tuples concatenated, records merged. */
export type Joined<Ts extends readonly unknown[]> = Ts extends readonly (readonly unknown[])[] ? Concat<Ts> : Merge<Ts>;

type FlowsOf<Ts extends readonly unknown[]> = { readonly [K in keyof Ts]: DataFlow<Ts[K]> };

/**
 * Joins flows side by side: the i-th datapoints of all flows make one. Tuples are concatenated,
 * records merged (a key present in two flows is an error). Stops when the shortest ends, as in
 * tensorpack. Length: the minimum.
 *
 *   a yields [1], [2] and b yields ['x'], ['y'] → JoinData([a, b]) yields [1, 'x'], [2, 'y']
 */
export class JoinData<const Ts extends readonly Datapoint[]> extends DataFlow<Joined<Ts>> {
  readonly flows: FlowsOf<Ts>;

  constructor(flows: FlowsOf<Ts>) {
    checkArg('JoinData', Array.isArray(flows) && flows.length > 0, 'expects a non-empty list of flows');
    super(flows);
    this.flows = flows;
  }

  get length(): Length {
    let min: Length = Infinity;
    for (const f of this.flows as readonly DataFlow<unknown>[]) {
      const n = f.length;
      if (n === null) return null;
      min = Math.min(min, n);
    }
    return min;
  }

  private join(parts: unknown[], index: number): Joined<Ts> {
    if (parts.every((p) => Array.isArray(p))) return (parts as unknown[][]).flat(1) as Joined<Ts>;
    const out: Record<string, unknown> = {};
    parts.forEach((p, f) => {
      if (typeof p !== 'object' || p === null || Array.isArray(p)) {
        throw new DataFlowError(this.flowName, `datapoint ${index} of flow ${f} is not a record while others are; cannot join tuples with records`, { index });
      }
      for (const [k, v] of Object.entries(p)) {
        if (k in out) throw new DataFlowError(this.flowName, `datapoint ${index}: key '${k}' is in two flows`, { index });
        out[k] = v;
      }
    });
    return out as Joined<Ts>;
  }

  protected override *iterate(): Iterator<Joined<Ts>> {
    const its = (this.flows as readonly DataFlow<unknown>[]).map((f) => DataFlow.iteratorOf(f));
    try {
      for (let index = 0; ; index++) {
        const parts: unknown[] = [];
        for (const it of its) {
          const r = it.next();
          if (r.done) return;
          parts.push(r.value);
        }
        yield this.join(parts, index);
      }
    } finally {
      for (const it of its) it.return?.();
    }
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<Joined<Ts>> {
    const its = (this.flows as readonly DataFlow<unknown>[]).map((f) => DataFlow.asyncIteratorOf(f, signal));
    try {
      for (let index = 0; ; index++) {
        const results = await Promise.all(its.map((it) => it.next()));
        if (results.some((r) => r.done)) return;
        yield this.join(results.map((r) => r.value), index);
      }
    } finally {
      await Promise.all(its.map((it) => it.return?.()));
    }
  }
}
