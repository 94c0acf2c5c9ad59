/** What every benchmark reports: one row per measured case, with its ratio to a baseline run in the same process. */
export interface BenchRow {
  readonly bench: string;
  readonly case: string;
  /** The measured figure (e.g. datapoints/s). */
  readonly value: number;
  readonly unit: string;
  /** value / baseline value, measured in the same run. */
  readonly ratio?: number;
  /** What the ratio is against. */
  readonly baseline?: string;
  /** The target for the ratio (ratio ≥ target passes). */
  readonly target?: number;
}

/** Median of `runs` timings (seconds) of `fn`, after one warm-up call. */
export async function medianSeconds(fn: () => unknown, runs = 3): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return median(times);
}

/** The middle value (the upper one of an even count). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** Keeps a value observable so V8 cannot drop the loop that made it. */
export let sink: unknown;
export function consume(x: unknown): void {
  sink = x;
}
