// B5: [224×224×3 uint8, label] datapoints, and BatchData(32) batches of them (4.8 MB), from one
// worker to the main thread, against a same-process memcpy of the same bytes.
// Target: effective GB/s ≥ 0.5× memcpy, in steady state (worker start-up is reported on its own).
import { DataFromGenerator } from '../src/core/sources/DataFromGenerator.ts';
import { NDArray } from '../src/core/NDArray.ts';
import { BatchData } from '../src/transforms/BatchData.ts';
import { MultiThreadRunner } from '../src/parallel/MultiThreadRunner.ts';
import { MultiProcessRunnerZMQ } from '../src/parallel/MultiProcessRunnerZMQ.ts';
import type { ParallelRunner } from '../src/parallel/ParallelRunner.ts';
import { consume, median, medianSeconds, type BenchRow } from './lib.ts';

const SHAPE = [224, 224, 3] as const;
const BYTES = 224 * 224 * 3;
const template = (k: number): Uint8Array => new Uint8Array(BYTES).map((_, i) => (i + k) & 255);

/** A fresh image per datapoint (written once into a new array, as a decoder would); imported by the worker. */
export function fresh() {
  const t = template(0);
  return new DataFromGenerator(function* () {
    for (let i = 0; i < 2000; i++) yield [NDArray.from(t.slice(), SHAPE), i] as const;
  }, { size: 2000 });
}

/**
 * 16 images decoded once and yielded over and over (a cache, or DataFromList over decoded images):
 * the worker's flow costs almost nothing, so what is measured is moving the bytes.
 */
export function prepared() {
  const images = Array.from({ length: 16 }, (_, k) => NDArray.from(template(k), SHAPE));
  return new DataFromGenerator(function* () {
    for (let i = 0; i < 2000; i++) yield [images[i % 16]!, i] as const;
  }, { size: 2000 });
}

/** The prepared images, on SharedArrayBuffers: a runner shares such arrays with the main thread, never copies them. */
export function shared() {
  const images = Array.from({ length: 16 }, (_, k) => {
    const data = new Uint8Array(new SharedArrayBuffer(BYTES));
    data.set(template(k));
    return NDArray.from(data, SHAPE);
  });
  return new DataFromGenerator(function* () {
    for (let i = 0; i < 2000; i++) yield [images[i % 16]!, i] as const;
  }, { size: 2000 });
}

/** The prepared images batched by 32 in the worker (BatchData stacks each batch into a new 4.8 MB array, or with the runner's reuseBuffers into its ring). */
export function batches() {
  return new BatchData(prepared(), 32);
}

/** Medians over 3 runs (after one warm-up) of a fresh runner each: start-up to the first datapoint, and GB/s after it. */
async function measure(make: () => ParallelRunner<unknown>, bytesPer: number, count: number): Promise<{ startup: number; gbs: number }> {
  const startups: number[] = [];
  const rates: number[] = [];
  for (let run = 0; run < 4; run++) {
    const t0 = performance.now();
    let t1 = 0;
    let n = 0;
    for await (const dp of make()) {
      consume(dp);
      if (++n === 1) t1 = performance.now();
      if (n === count) break;
    }
    const t2 = performance.now();
    if (run === 0) continue;
    startups.push(t1 - t0);
    rates.push(((count - 1) * bytesPer) / ((t2 - t1) / 1000) / 1e9);
  }
  return { startup: median(startups), gbs: median(rates) };
}

export async function run(): Promise<BenchRow[]> {
  const src = new Uint8Array(BYTES * 32).fill(7);
  const dst = new Uint8Array(BYTES * 32);
  const copies = 200;
  const memcpy = await medianSeconds(() => { for (let i = 0; i < copies; i++) { dst.set(src); consume(dst[i]); } }, 5);
  const memcpyGBs = (copies * src.byteLength) / memcpy / 1e9;
  // For scale: copying bytes that do not fit in the caches (the figure the issue quotes, ~15 GB/s).
  const far = new Uint8Array(256 << 20).fill(1);
  const farDst = new Uint8Array(256 << 20).fill(2);
  const farMemcpy = await medianSeconds(() => { farDst.set(far); consume(farDst[7]); }, 3);

  const ref = (name: string) => ({ module: new URL(import.meta.url), export: name });
  const N = 8000;
  const B = 250;
  const cases: [string, () => ParallelRunner<unknown>, number, number, number | undefined][] = [
    ['MultiThreadRunner { reuseBuffers }, prepared datapoints (one copy into the ring)', () => new MultiThreadRunner(ref('prepared'), 1, { size: Infinity, reuseBuffers: true }), BYTES, N, 0.5],
    ['MultiThreadRunner { transfer: false }, prepared datapoints (structured clone)', () => new MultiThreadRunner(ref('prepared'), 1, { size: Infinity, transfer: false }), BYTES, N, undefined],
    ['MultiThreadRunner, prepared datapoints on SharedArrayBuffers (shared, no copy)', () => new MultiThreadRunner(ref('shared'), 1, { size: Infinity }), BYTES, N, undefined],
    ['MultiThreadRunner (arrays moved), a fresh image per datapoint', () => new MultiThreadRunner(ref('fresh'), 1, { size: Infinity }), BYTES, N, undefined],
    ['MultiThreadRunner { reuseBuffers }, a fresh image per datapoint', () => new MultiThreadRunner(ref('fresh'), 1, { size: Infinity, reuseBuffers: true }), BYTES, N, undefined],
    ['MultiThreadRunner { reuseBuffers }, BatchData(32) batches (4.8 MB, stacked in the ring)', () => new MultiThreadRunner(ref('batches'), 1, { size: Infinity, reuseBuffers: true }), 32 * BYTES, B, 0.5],
    ['MultiThreadRunner (arrays moved), BatchData(32) batches', () => new MultiThreadRunner(ref('batches'), 1, { size: Infinity, bufferSize: 4 }), 32 * BYTES, B, undefined],
    ['MultiProcessRunnerZMQ, BatchData(32) batches', () => new MultiProcessRunnerZMQ(ref('batches'), 1, { size: Infinity, hwm: 2 }), 32 * BYTES, B / 2, undefined],
  ];
  const rows: BenchRow[] = [];
  for (const [name, make, bytes, count, target] of cases) {
    const { startup, gbs } = await measure(make, bytes, count);
    rows.push(
      { bench: 'B5', case: `${name}, steady state`, value: gbs, unit: 'GB/s', ratio: gbs / memcpyGBs, baseline: 'same-process memcpy', ...(target === undefined ? {} : { target }) },
      { bench: 'B5', case: `${name}: start-up to the first datapoint`, value: startup, unit: 'ms' },
    );
  }
  rows.push(
    { bench: 'B5', case: 'baseline: same-process memcpy (4.8 MB, reused buffers)', value: memcpyGBs, unit: 'GB/s' },
    { bench: 'B5', case: 'for scale: same-process memcpy of 256 MB (beyond the caches)', value: far.byteLength / farMemcpy / 1e9, unit: 'GB/s' },
  );
  return rows;
}
