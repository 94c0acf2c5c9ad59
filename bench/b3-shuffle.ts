// B3: LocallyShuffleData(10,000) over 1,000,000 small datapoints, against a hand-written
// random-replacement shuffle buffer: as a generator (what one writes to use it in a pipeline;
// the issue's ~8.9 M/s figure is of this kind) and inlined into the consuming loop (the limit).
import { DataFromList, LocallyShuffleData } from '../src/index.ts';
import { consume, medianSeconds, type BenchRow } from './lib.ts';

const N = 1_000_000;
const SIZE = 10_000;

export async function run(): Promise<BenchRow[]> {
  const list = Array.from({ length: N }, (_, i) => [i] as const);
  const ours = new LocallyShuffleData(new DataFromList(list, { shuffle: false }), SIZE, { seed: 1 });
  ours.resetState();
  const t = await medianSeconds(() => { for (const dp of ours) consume(dp); }, 5);
  const tp = new LocallyShuffleData(new DataFromList(list, { shuffle: false }), SIZE, { seed: 1, shuffleInterval: SIZE / 3 | 0 });
  tp.resetState();
  const tTp = await medianSeconds(() => { for (const dp of tp) consume(dp); }, 3);

  function* source() { for (let i = 0; i < list.length; i++) yield list[i]!; }
  function* shuffleBuffer<T>(it: Iterable<T>, size: number) {
    const buf: T[] = [];
    for (const dp of it) {
      if (buf.length < size) { buf.push(dp); continue; }
      const j = Math.floor(Math.random() * size);
      yield buf[j]!;
      buf[j] = dp;
    }
    yield* buf;
  }
  const generator = await medianSeconds(() => { for (const dp of shuffleBuffer(source(), SIZE)) consume(dp); }, 5);

  const loop = await medianSeconds(() => {
    const buf: (readonly [number])[] = [];
    for (let i = 0; i < list.length; i++) {
      if (buf.length < SIZE) { buf.push(list[i]!); continue; }
      const j = Math.floor(Math.random() * SIZE);
      consume(buf[j]);
      buf[j] = list[i]!;
    }
    for (const dp of buf) consume(dp);
  }, 5);
  return [
    { bench: 'B3', case: 'LocallyShuffleData(10000)', value: N / t, unit: 'dp/s', ratio: generator / t, baseline: 'hand-written shuffle-buffer generator', target: 0.8 },
    { bench: 'B3', case: 'LocallyShuffleData(10000)', value: N / t, unit: 'dp/s', ratio: loop / t, baseline: 'shuffle buffer inlined in the consuming loop (the limit)' },
    { bench: 'B3', case: "LocallyShuffleData(10000, { shuffleInterval }) (tensorpack's algorithm)", value: N / tTp, unit: 'dp/s', ratio: generator / tTp, baseline: 'hand-written shuffle-buffer generator' },
    { bench: 'B3', case: 'baseline: shuffle-buffer generator', value: N / generator, unit: 'dp/s' },
    { bench: 'B3', case: 'baseline: inlined loop', value: N / loop, unit: 'dp/s' },
  ];
}
