// B1 through MultiThreadRunner: a source of [i] → 3 maps + filter runs in one worker thread and
// its tiny datapoints travel to the main thread in chunks. Target: ≥ 1 M datapoints/s.
import { DataFromList } from '../src/core/sources/DataFromList.ts';
import { MapData } from '../src/transforms/MapData.ts';
import { FilterData } from '../src/transforms/FilterData.ts';
import { MultiThreadRunner } from '../src/parallel/MultiThreadRunner.ts';
import { consume, medianSeconds, type BenchRow } from './lib.ts';

type P = readonly [number];
const N = 1_000_000;

/** The B1 chain; imported by the worker thread through its reference. */
export function chain(n: number) {
  const list: P[] = Array.from({ length: n }, (_, i) => [i] as const);
  const mapped = new MapData(new MapData(new MapData(new DataFromList(list, { shuffle: false }), ([x]: P): P => [x + 1]), ([x]: P): P => [x * 2]), ([x]: P): P => [x - 3]);
  return new FilterData(mapped, ([x]: P) => x % 3 !== 0);
}

export async function run(): Promise<BenchRow[]> {
  const local = chain(N);
  local.resetState();
  const inProcess = await medianSeconds(async () => { for await (const dp of local) consume(dp); });
  // 2 M datapoints per pass (the worker's chain yields 2/3 of its 1 M per pass and runs again).
  const size = 2_000_000;
  const threaded = new MultiThreadRunner<P>({ module: new URL(import.meta.url), export: 'chain', args: [N] }, 1, { size });
  const startup = await medianSeconds(async () => { for await (const dp of threaded) { consume(dp); break; } });
  const total = await medianSeconds(async () => { for await (const dp of threaded) consume(dp); });
  const rate = size / total;
  const steady = size / (total - startup);
  const localRate = (N * 2) / 3 / inProcess;
  return [
    { bench: 'B1-threads', case: 'MultiThreadRunner(1 thread), [i] → 3 maps + filter, start-up excluded', value: steady, unit: 'dp/s', ratio: steady / 1e6, baseline: '1 M dp/s (absolute target)', target: 1 },
    { bench: 'B1-threads', case: 'MultiThreadRunner(1 thread), 2 M datapoints, start-up included', value: rate, unit: 'dp/s', ratio: rate / 1e6, baseline: '1 M dp/s (absolute target)' },
    { bench: 'B1-threads', case: 'MultiThreadRunner(1 thread), [i] → 3 maps + filter', value: rate, unit: 'dp/s', ratio: rate / localRate, baseline: 'same chain in-process, for await' },
    { bench: 'B1-threads', case: 'thread start-up + first datapoint', value: startup * 1000, unit: 'ms' },
    { bench: 'B1-threads', case: 'baseline: same chain in-process, for await', value: localRate, unit: 'dp/s' },
  ];
}
