// B4: a CPU-bound map (~0.5 ms per item) over 20,000 items: MultiThreadMapData and
// MultiProcessMapData with 2 workers against serial MapData in the same run, start-up included
// (and reported on its own). Target: ≥ 1.8× serial.
import { DataFromList } from '../src/core/sources/DataFromList.ts';
import { MapData } from '../src/transforms/MapData.ts';
import { MultiProcessMapData } from '../src/parallel/MultiProcessMapData.ts';
import { MultiThreadMapData } from '../src/parallel/MultiThreadMapData.ts';
import type { ParallelMapper } from '../src/parallel/ParallelMapper.ts';
import { consume, median, type BenchRow } from './lib.ts';

type P = readonly [number];
const N = 20_000;

/** A deterministic CPU-bound map of `rounds` rounds; imported by the workers through its reference. */
export function work(rounds: number) {
  return ([x]: P): P => {
    let s = x;
    for (let k = 0; k < rounds; k++) s = (s * 1103515245 + 12345) % 2147483648;
    return [s];
  };
}

/** Rounds that take about `ms` milliseconds here. */
function calibrate(ms: number): number {
  let rounds = 10_000;
  for (;;) {
    const f = work(rounds);
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) consume(f([i]));
    const per = (performance.now() - t0) / 50;
    if (per > ms / 4) return Math.round((rounds * ms) / per);
    rounds *= 4;
  }
}

async function seconds(fn: () => Promise<void> | void): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

export async function run(): Promise<BenchRow[]> {
  const rounds = calibrate(0.5);
  const list: P[] = Array.from({ length: N }, (_, i) => [i] as const);
  const ds = new DataFromList(list, { shuffle: false });
  const tiny = new DataFromList(list.slice(0, 2), { shuffle: false });
  const ref = { module: new URL(import.meta.url), export: 'work', args: [rounds] };
  const mappers = [
    ['MultiThreadMapData', (u: DataFromList<P>): ParallelMapper<P, P> => new MultiThreadMapData<P, P>(u, 2, ref, { strict: true })],
    ['MultiProcessMapData', (u: DataFromList<P>): ParallelMapper<P, P> => new MultiProcessMapData<P, P>(u, 2, ref, { strict: true })],
  ] as const;
  // Serial and parallel runs interleaved, 3 rounds, medians: the load other processes put on the
  // machine drifts, and each ratio should compare runs made under the same load.
  const serial: number[] = [];
  const times = mappers.map(() => ({ startup: [] as number[], total: [] as number[] }));
  for (let round = 0; round < 3; round++) {
    const serialFlow = new MapData(ds, work(rounds));
    serial.push(await seconds(() => { for (const dp of serialFlow) consume(dp); }));
    for (const [k, [name, make]] of mappers.entries()) {
      times[k]!.startup.push(await seconds(async () => { for await (const dp of make(tiny)) consume(dp); }));
      let n = 0;
      times[k]!.total.push(await seconds(async () => { for await (const dp of make(ds)) { consume(dp); n++; } }));
      if (n !== N) throw new Error(`${name} yielded ${n} of ${N}`);
    }
  }
  const rows: BenchRow[] = [];
  for (const [k, [name]] of mappers.entries()) {
    const total = median(times[k]!.total);
    rows.push(
      { bench: 'B4', case: `${name}, 2 workers, 20k × 0.5 ms, start-up included`, value: N / total, unit: 'dp/s', ratio: median(serial) / total, baseline: 'serial MapData', target: 1.8 },
      { bench: 'B4', case: `${name} start-up (2 workers, a 2-item pass)`, value: median(times[k]!.startup) * 1000, unit: 'ms' },
    );
  }
  rows.push({ bench: 'B4', case: 'baseline: serial MapData', value: N / median(serial), unit: 'dp/s' });
  return rows;
}
