// B5: [224×224×3 uint8, label] datapoints, and BatchData(32) batches of them (4.8 MB), from one
// worker thread to the main thread, against a same-process memcpy of the same bytes.
// Target: effective GB/s ≥ 0.5× memcpy.
import { DataFromGenerator } from '../src/core/sources/DataFromGenerator.ts';
import { NDArray } from '../src/core/NDArray.ts';
import { BatchData } from '../src/transforms/BatchData.ts';
import { MultiThreadRunner } from '../src/parallel/MultiThreadRunner.ts';
import { MultiProcessRunnerZMQ } from '../src/parallel/MultiProcessRunnerZMQ.ts';
import { consume, medianSeconds, type BenchRow } from './lib.ts';

const SHAPE = [224, 224, 3] as const;
const BYTES = 224 * 224 * 3;

/** Fresh image datapoints (each written once, as a decoder would); imported by the worker. */
export function images() {
  const template = new Uint8Array(BYTES).map((_, i) => i & 255);
  return new DataFromGenerator(function* () {
    for (let i = 0; i < 2000; i++) yield [NDArray.from(template.slice(), SHAPE), i] as const;
  }, { size: 2000 });
}

/** The same images batched by 32 in the worker. */
export function batches() {
  return new BatchData(images(), 32);
}

export async function run(): Promise<BenchRow[]> {
  const src = new Uint8Array(BYTES * 32).fill(7);
  const dst = new Uint8Array(BYTES * 32);
  const copies = 200;
  const memcpy = await medianSeconds(() => { for (let i = 0; i < copies; i++) { dst.set(src); consume(dst[i]); } }, 5);
  const memcpyGBs = (copies * src.byteLength) / memcpy / 1e9;

  const measure = async (runner: AsyncIterable<unknown>, bytesPer: number, count: number): Promise<number> => {
    const s = await medianSeconds(async () => {
      let n = 0;
      for await (const dp of runner) {
        consume(dp);
        if (++n === count) break;
      }
    }, 3);
    return (count * bytesPer) / s / 1e9;
  };
  const self = new URL(import.meta.url);
  const rows: BenchRow[] = [];
  // Each pass starts its worker; the start-up is inside the timing, so passes are long (≥ 0.6 GB).
  const perDp = await measure(new MultiThreadRunner({ module: self, export: 'images' }, 1, { size: 4000 }), BYTES, 4000);
  const perBatch = await measure(new MultiThreadRunner({ module: self, export: 'batches' }, 1, { size: 125, bufferSize: 4 }), 32 * BYTES, 125);
  const zmq = await measure(new MultiProcessRunnerZMQ({ module: self, export: 'batches' }, 1, { size: 60, hwm: 2 }), 32 * BYTES, 60);
  rows.push(
    { bench: 'B5', case: 'MultiThreadRunner, [224×224×3 uint8, label] datapoints', value: perDp, unit: 'GB/s', ratio: perDp / memcpyGBs, baseline: 'same-process memcpy', target: 0.5 },
    { bench: 'B5', case: 'MultiThreadRunner, BatchData(32) batches (4.8 MB)', value: perBatch, unit: 'GB/s', ratio: perBatch / memcpyGBs, baseline: 'same-process memcpy', target: 0.5 },
    { bench: 'B5', case: 'MultiProcessRunnerZMQ, BatchData(32) batches', value: zmq, unit: 'GB/s', ratio: zmq / memcpyGBs, baseline: 'same-process memcpy' },
    { bench: 'B5', case: 'baseline: same-process memcpy (4.8 MB, reused buffers)', value: memcpyGBs, unit: 'GB/s' },
  );
  return rows;
}
