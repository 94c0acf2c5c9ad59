import type { DataFlow, Length } from '../core/DataFlow.ts';
import { NDArray, formatShape } from '../core/NDArray.ts';
import { Stage, StageFlow, type Sink } from '../core/StageFlow.ts';

export interface PrintDataOptions {
  /** How many datapoints of each pass to describe. Default 1. */
  readonly num?: number;
  /** A label for the log lines. Default 'PrintData'. */
  readonly name?: string;
  /** Where lines go. Default console.error. */
  readonly log?: (line: string) => void;
}

/** One line per component: its type, and for arrays the dtype, shape and value range. */
export function describeComponent(v: unknown): string {
  if (v instanceof NDArray) {
    if (v.size === 0) return `NDArray<${v.dtype}> shape=${formatShape(v.shape)} (empty)`;
    const values: Iterable<number | bigint> = v.dtype === 'float16' ? v.toArray() : v.data; // float16: decoded, not its bits
    let min: number | bigint = Infinity;
    let max: number | bigint = -Infinity;
    for (const x of values) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    return `NDArray<${v.dtype}> shape=${formatShape(v.shape)} range=[${String(min)}, ${String(max)}]`;
  }
  if (Buffer.isBuffer(v)) return `bytes len=${v.length}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name} len=${(v as unknown as ArrayLike<unknown>).length}`;
  if (Array.isArray(v)) return `list len=${v.length}${v.length ? ` of ${typeof v[0]}` : ''}`;
  if (v === null) return 'null';
  if (typeof v === 'string') return `string len=${v.length}`;
  // Classes of other layers (e.g. a numpy scalar) describe themselves.
  if (typeof v === 'object' && v.toString !== Object.prototype.toString) return String(v);
  if (typeof v === 'object') return `object keys=${Object.keys(v).join(',')}`;
  return `${typeof v} value=${String(v)}`;
}

/**
 * Passes datapoints through and describes the first `num` of each pass: for each component its
 * type, dtype, shape and value range. Length: the upstream's.
 *
 *   [PrintData] datapoint 0 has 2 components:
 *     0: NDArray<float32> shape=[28,28] range=[0, 0.99]
 *     1: number value=3
 */
export class PrintData<T> extends StageFlow<T, T> {
  readonly num: number;
  readonly label: string;
  private readonly log: (line: string) => void;

  constructor(ds: DataFlow<T>, options: PrintDataOptions = {}) {
    super(ds);
    this.num = options.num ?? 1;
    this.label = options.name ?? 'PrintData';
    this.log = options.log ?? ((line) => console.error(line));
  }

  get length(): Length {
    return this.upstream.length;
  }

  createStage(next: Sink<T>): Stage<T, T> {
    let index = 0;
    const { num, label, log } = this;
    return new (class extends Stage<T, T> {
      push(dp: T): void {
        if (index < num) {
          const entries = Array.isArray(dp) ? dp.map((v, i) => [String(i), v] as const) : Object.entries(dp as object);
          const lines = entries.map(([k, v]) => `  ${k}: ${describeComponent(v)}`);
          log(`[${label}] datapoint ${index} has ${entries.length} components:\n${lines.join('\n')}`);
        }
        index++;
        this.next.push(dp);
      }
    })(next);
  }
}
