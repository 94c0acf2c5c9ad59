import type { DataFlow, Length } from '../core/DataFlow.ts';
import { checkArg, DataFlowError } from '../core/errors.ts';
import { StageFlow, type Sink, type Stage } from '../core/StageFlow.ts';
import { MapStage } from './MapData.ts';

/** The indices of a tuple type as numbers (0 | 1 | 2 for a triple). */
type TupleIndices<T extends readonly unknown[], Acc extends number[] = []> =
  Acc['length'] extends T['length'] ? Acc[number] : TupleIndices<T, [...Acc, Acc['length']]>;

/** A component index of a tuple datapoint (only those it has; any for an array), or a key of a record datapoint. */
export type ComponentKey<T> = T extends readonly unknown[]
  ? (number extends T['length'] ? number : TupleIndices<T>) | Extract<keyof T, `${number}`>
  : keyof T & string;

type ComponentAt<T, K> = K extends keyof T ? T[K] : K extends number ? (`${K}` extends keyof T ? T[`${K}`] : never) : never;

/** T with its component K replaced by R (tuples stay tuples, records stay records). */
export type WithComponent<T, K, R> = { -readonly [P in keyof T]: P extends K | `${K & number}` ? R : T[P] };

/**
 * Applies `fn` to one component (an index of a tuple or a key of a record); a `null` or
 * `undefined` result drops the datapoint. The datapoint is copied, never changed in place.
 * Length: the upstream's.
 *
 *   ds yields [1, 'a'], [2, 'b'] → MapDataComponent(ds, (x) => x * 10, 0) yields [10, 'a'], [20, 'b']
 */
export class MapDataComponent<T extends object, K extends ComponentKey<T>, R> extends StageFlow<T, WithComponent<T, K, NonNullable<R>>> {
  private readonly fn: (component: ComponentAt<T, K>, index: number) => R;
  readonly component: K;

  constructor(ds: DataFlow<T>, fn: (component: ComponentAt<T, K>, index: number) => R, component: K) {
    super(ds);
    checkArg('MapDataComponent', typeof fn === 'function', `expects a function, got ${typeof fn}`);
    checkArg('MapDataComponent', typeof component === 'number' || typeof component === 'string', `component must be an index or a key, got ${typeof component}`);
    this.fn = fn;
    this.component = component;
  }

  /** One function for every pass: a new one per pass would change the target V8's optimized code calls. */
  private readonly apply = (dp: T, i: number): WithComponent<T, K, NonNullable<R>> | null => {
    const { fn, component: key } = this;
    const record = dp as Record<PropertyKey, unknown>;
    const component = record[key];
    if (component === undefined && !(key in record)) {
      throw new DataFlowError(this.flowName, `datapoint ${i} has no component ${String(key)}`, { index: i });
    }
    const out = fn(component as ComponentAt<T, K>, i);
    if (out == null) return null;
    if (out === component) return dp as unknown as WithComponent<T, K, NonNullable<R>>; // unchanged (e.g. updated in place): no copy needed
    const copy = (Array.isArray(dp) ? dp.slice() : { ...record }) as Record<PropertyKey, unknown>;
    copy[key] = out;
    return copy as WithComponent<T, K, NonNullable<R>>;
  };

  get length(): Length {
    return this.upstream.length;
  }

  createStage(next: Sink<WithComponent<T, K, NonNullable<R>>>): Stage<T, WithComponent<T, K, NonNullable<R>>> {
    return new MapStage(next, this.apply, this.flowName);
  }
}
