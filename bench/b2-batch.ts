// B2: 1,000,000 [float32[16], int] → MapDataComponent(x × 2) → BatchData(256), against a
// hand-written loop that doubles into a preallocated batch.
import { DataFromList, MapDataComponent, BatchData, NDArray } from '../src/index.ts';
import { consume, medianSeconds, type BenchRow } from './lib.ts';

const N = 1_000_000;
const B = 256;

export async function run(): Promise<BenchRow[]> {
  const list = Array.from({ length: N }, (_, i) => [NDArray.from(new Float32Array(16).fill(i % 7)), i] as [NDArray<'float32'>, number]);
  // The map doubles in place (the source yields each array once per pass), as the loop does.
  const double = (x: NDArray<'float32'>): NDArray<'float32'> => {
    const d = x.data;
    for (let k = 0; k < d.length; k++) d[k] = d[k]! * 2;
    return x;
  };
  const ours = new BatchData(new MapDataComponent(new DataFromList(list, { shuffle: false }), double, 0), B);
  ours.resetState();
  const t = await medianSeconds(() => { for (const b of ours) consume(b); }, 5);

  const images = new Float32Array(B * 16);
  const labels = new Int32Array(B);
  const loop = await medianSeconds(() => {
    let j = 0;
    for (let i = 0; i < list.length; i++) {
      const [x, y] = list[i]!;
      const d = x.data;
      for (let k = 0; k < 16; k++) images[j * 16 + k] = d[k]! * 2;
      labels[j] = y;
      if (++j === B) { consume(images); j = 0; }
    }
  }, 5);
  return [
    { bench: 'B2', case: 'MapDataComponent + BatchData(256)', value: N / t, unit: 'dp/s', ratio: loop / t, baseline: 'hand-written loop into a preallocated batch', target: 0.8 },
    { bench: 'B2', case: 'baseline: hand-written loop', value: N / loop, unit: 'dp/s' },
  ];
}
