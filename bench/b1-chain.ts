// B1: a source of 1,000,000 [i] → 3 maps + filter → consume; sync and async paths against a
// hand-written generator chain, a plain for loop, and tfjs-data on the same chain.
import { DataFromList } from '../src/index.ts';
import { consume, medianSeconds, type BenchRow } from './lib.ts';

type P = readonly [number];
const f1 = ([x]: P): P => [x + 1];
const f2 = ([x]: P): P => [x * 2];
const f3 = ([x]: P): P => [x - 3];
const keep = ([x]: P): boolean => x % 3 !== 0;

const N = 1_000_000;
const TFJS_N = 100_000;

function* gen(list: readonly P[]) { for (const dp of list) yield dp; }
function* map(it: Iterable<P>, f: (p: P) => P) { for (const dp of it) yield f(dp); }
function* filter(it: Iterable<P>, p: (dp: P) => boolean) { for (const dp of it) if (p(dp)) yield dp; }

export async function run(): Promise<BenchRow[]> {
  const list: P[] = Array.from({ length: N }, (_, i) => [i] as const);
  const ours = new DataFromList(list, { shuffle: false }).map(f1).map(f2).map(f3).filter(keep);
  ours.resetState();

  const sync = await medianSeconds(() => { let n = 0; for (const dp of ours) { n++; consume(dp); } return n; }, 5);
  const asyncT = await medianSeconds(async () => { for await (const dp of ours) consume(dp); });
  const generators = await medianSeconds(() => { for (const dp of filter(map(map(map(gen(list), f1), f2), f3), keep)) consume(dp); }, 5);
  const loop = await medianSeconds(() => {
    for (let i = 0; i < list.length; i++) { const dp = f3(f2(f1(list[i]!))); if (keep(dp)) consume(dp); }
  }, 5);

  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const tfd = await import('@tensorflow/tfjs-data');
  await tf.setBackend('cpu');
  const small = list.slice(0, TFJS_N) as unknown as number[][];
  const tfjsT = await medianSeconds(() => tfd.array(small).map((d) => f1(d as unknown as P) as unknown as number[])
    .map((d) => f2(d as unknown as P) as unknown as number[]).map((d) => f3(d as unknown as P) as unknown as number[])
    .filter((d) => keep(d as unknown as P)).forEachAsync((d) => consume(d)), 1);

  const rate = (s: number, n = N) => n / s;
  const tfjs = rate(tfjsT, TFJS_N);
  return [
    { bench: 'B1', case: 'sync 3 maps + filter', value: rate(sync), unit: 'dp/s', ratio: generators / sync, baseline: 'hand-written sync generator chain', target: 1.0 },
    { bench: 'B1', case: 'sync 3 maps + filter', value: rate(sync), unit: 'dp/s', ratio: loop / sync, baseline: 'plain for loop (the limit)' },
    { bench: 'B1', case: 'sync 3 maps + filter', value: rate(sync), unit: 'dp/s', ratio: rate(sync) / tfjs, baseline: 'tfjs-data', target: 20 },
    { bench: 'B1', case: 'async (for await) 3 maps + filter', value: rate(asyncT), unit: 'dp/s', ratio: rate(asyncT) / tfjs, baseline: 'tfjs-data', target: 3 },
    { bench: 'B1', case: 'baseline: tfjs-data', value: tfjs, unit: 'dp/s' },
    { bench: 'B1', case: 'baseline: generator chain', value: rate(generators), unit: 'dp/s' },
    { bench: 'B1', case: 'baseline: for loop', value: rate(loop), unit: 'dp/s' },
  ];
}
