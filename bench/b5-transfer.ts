// B5: [224×224×3 uint8, label] datapoints, and BatchData(32) batches of them (4.8 MB), from one
// worker to the main thread, against a same-process memcpy of the same bytes.
// Target: effective GB/s ≥ 0.5× memcpy, in steady state (worker start-up is reported on its own).
import { DataFromGenerator } from '../src/core/sources/DataFromGenerator.ts';
import { NDArray } from '../src/core/NDArray.ts';
import { BatchData } from '../src/transforms/BatchData.ts';
import { MultiThreadRunner } from '../src/parallel/MultiThreadRunner.ts';
import { MultiProcessRunnerZMQ } from '../src/parallel/MultiProcessRunnerZMQ.ts';
import type { ParallelRunner } from '../src/parallel/ParallelRunner.ts';
import { DEFAULT_RING_BYTES } from '../src/parallel/SharedRing.ts';
import { consume, median, medianSeconds, type BenchRow } from './lib.ts';

const SHAPE = [224, 224, 3] as const;
const BYTES = 224 * 224 * 3;
/**
 * Distinct images the prepared flows cycle through: 77 MB, more than this machine's caches (32 MB
 * L3), as an epoch's images are. With a few cache-resident images, every copy, the baseline's
 * included, would measure the cache rather than memory.
 */
const IMAGES = 512;
const PATTERN = new Uint8Array(BYTES + 256).map((_, i) => i & 255);
/** Image `k`: bytes (i + k) & 255. */
const template = (k: number): Uint8Array => PATTERN.slice(k & 255, (k & 255) + BYTES);

/** A fresh image per datapoint (written once into a new array, as a decoder would); imported by the worker. */
export function fresh() {
  const t = template(0);
  return new DataFromGenerator(function* () {
    for (let i = 0; i < 2000; i++) yield [NDArray.from(t.slice(), SHAPE), i] as const;
  }, { size: 2000 });
}

/**
 * The images decoded once and yielded in turn (a cache, or DataFromList over decoded images): the
 * worker's flow costs almost nothing, so what is measured is moving the bytes.
 */
export function prepared() {
  const images = Array.from({ length: IMAGES }, (_, k) => NDArray.from(template(k), SHAPE));
  return new DataFromGenerator(function* () {
    for (let i = 0; i < IMAGES; i++) yield [images[i]!, i] as const;
  }, { size: IMAGES });
}

/** The prepared images, on SharedArrayBuffers: a runner shares such arrays with the main thread, never copies them. */
export function shared() {
  const images = Array.from({ length: IMAGES }, (_, k) => {
    const data = new Uint8Array(new SharedArrayBuffer(BYTES));
    data.set(template(k));
    return NDArray.from(data, SHAPE);
  });
  return new DataFromGenerator(function* () {
    for (let i = 0; i < IMAGES; i++) yield [images[i]!, i] as const;
  }, { size: IMAGES });
}

/** The prepared images batched by 32 in the worker (BatchData stacks each batch into a new 4.8 MB array, or with the runner's reuseBuffers into its ring). */
export function batches() {
  return new BatchData(prepared(), 32);
}

/**
 * Over 3 runs (after one warm-up) of a fresh runner each: medians of the start-up to the first
 * datapoint, of GB/s after it, and of its ratio to `baseline()` (GB/s) measured right after that run
 * (this machine's memory bandwidth drifts by tens of percent within minutes).
 */
async function measure(make: () => ParallelRunner<unknown>, bytesPer: number, count: number, baseline: () => number): Promise<{ startup: number; gbs: number; ratio: number; baselines: number[] }> {
  const startups: number[] = [];
  const rates: number[] = [];
  const baselines: number[] = [];
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
    baselines.push(baseline());
  }
  return { startup: median(startups), gbs: median(rates), ratio: median(rates.map((r, i) => r / baselines[i]!)), baselines };
}

export async function run(): Promise<BenchRow[]> {
  // The baseline: the same images copied in turn into a buffer of the ring's default size, wrapping
  // around: the runner's copy, without the thread.
  const images = Array.from({ length: IMAGES }, (_, k) => template(k));
  const ringSized = new Uint8Array(DEFAULT_RING_BYTES).fill(1);
  const slots = Math.floor(DEFAULT_RING_BYTES / BYTES);
  const memcpyPasses = 4;
  /** The median of 3 timings of 4 passes. */
  const memcpyGBs = (): number => median([0, 1, 2].map(() => {
    const t0 = performance.now();
    for (let i = 0; i < memcpyPasses * IMAGES; i++) ringSized.set(images[i % IMAGES]!, (i % slots) * BYTES);
    consume(ringSized[7]);
    return (memcpyPasses * IMAGES * BYTES) / ((performance.now() - t0) / 1000) / 1e9;
  }));
  memcpyGBs(); // warm-up
  const memcpyRuns: number[] = [];
  // For scale: the same images stacked into one reused 4.8 MB batch (that stays in the cache), and
  // one batch copied over and over (all in the cache: B5's baseline until session 7).
  const batch = new Uint8Array(BYTES * 32);
  const passes = 4;
  const stackedGBs = (passes * IMAGES * BYTES) / await medianSeconds(() => {
    for (let pass = 0; pass < passes; pass++) for (let i = 0; i < IMAGES; i++) batch.set(images[i]!, (i % 32) * BYTES);
    consume(batch[7]);
  }, 5) / 1e9;
  const cachedBatch = new Uint8Array(BYTES * 32).fill(7);
  const cachedCopies = 200;
  const cachedGBs = (cachedCopies * cachedBatch.byteLength) / await medianSeconds(() => {
    for (let i = 0; i < cachedCopies; i++) { batch.set(cachedBatch); consume(batch[i]); }
  }, 5) / 1e9;

  const ref = (name: string) => ({ module: new URL(import.meta.url), export: name });
  const N = 30_000;
  const B = 1000;
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
    const { startup, gbs, ratio, baselines } = await measure(make, bytes, count, memcpyGBs);
    memcpyRuns.push(...baselines);
    rows.push(
      { bench: 'B5', case: `${name}, steady state`, value: gbs, unit: 'GB/s', ratio, baseline: 'same-process memcpy of the same images, after each run', ...(target === undefined ? {} : { target }) },
      ...(target === undefined ? [] : [
        { bench: 'B5', case: `${name}, steady state`, value: gbs, unit: 'GB/s', ratio: gbs / stackedGBs, baseline: 'the same images stacked into a reused batch' },
        { bench: 'B5', case: `${name}, steady state`, value: gbs, unit: 'GB/s', ratio: gbs / cachedGBs, baseline: 'memcpy of one batch, in the cache' },
      ]),
      { bench: 'B5', case: `${name}: start-up to the first datapoint`, value: startup, unit: 'ms' },
    );
  }
  rows.push(
    { bench: 'B5', case: `baseline: same-process memcpy of the same images (${IMAGES} × 150 KB, 77 MB) in turn into a 16 MB buffer (median of all runs)`, value: median(memcpyRuns), unit: 'GB/s' },
    { bench: 'B5', case: 'for scale: the same images stacked into one reused 4.8 MB batch (the batch stays in the cache)', value: stackedGBs, unit: 'GB/s' },
    { bench: 'B5', case: 'for scale: one 4.8 MB batch copied into another, over and over (all in the cache)', value: cachedGBs, unit: 'GB/s' },
  );
  return rows;
}
