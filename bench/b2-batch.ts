// B2: 1,000,000 [float32[16], int] → MapDataComponent(x × 2) → BatchData(256), against a
// hand-written loop that doubles into a preallocated batch.
//
// Two sources, read by the loop and by the pipeline alike (what is measured is what lies between
// a source and a batch). "streamed": a generator makes each datapoint when it is read, as decoders
// and readers do. A loop that makes the datapoints inline instead, with no source, is shown for
// scale: V8 then need not keep each tuple. "in memory": all 1,000,000 datapoints (5 M small
// objects) are held in a list; there every fresh batch buffer counts as external memory, which
// makes V8 run full collections over that large heap — the loop, reusing one batch, never does.
// The loop fills one preallocated batch; BatchData's `reuseBuffers` is the same contract (a batch is
// valid until the next is asked for), so the target is on those rows; fresh batches are shown too.
//
// The ceiling rows run the same work through the least a composed pipeline must do: a map stage
// that makes a new datapoint (it may not change its input's tuple) pushed into a batch stage that
// copies it, written by hand with no checks (BatchData checks every component's dtype and shape).
// What separates them from the loop is that the map's result crosses a stage boundary: V8 then
// keeps the tuple, and the doubling and the copy are two passes instead of one.
import { BatchData, DataFromGenerator, DataFromList, MapDataComponent, NDArray } from '../src/index.ts';
import { consume, medianSeconds, type BenchRow } from './lib.ts';

const N = 1_000_000;
const B = 256;

type DP = [NDArray<'float32'>, number];
const make = (i: number): DP => [NDArray.from(new Float32Array(16).fill(i % 7)), i];
// The map doubles in place (each array belongs to one datapoint), as the loop does.
const double = (x: NDArray<'float32'>): NDArray<'float32'> => {
  const d = x.data;
  for (let k = 0; k < d.length; k++) d[k] = d[k]! * 2;
  return x;
};

async function loopSeconds(source: () => Iterable<DP>): Promise<number> {
  const images = new Float32Array(B * 16);
  const labels = new Int32Array(B);
  return medianSeconds(() => {
    let j = 0;
    for (const [x, y] of source()) {
      const d = x.data;
      for (let k = 0; k < 16; k++) images[j * 16 + k] = d[k]! * 2;
      labels[j] = y;
      if (++j === B) { consume(images); j = 0; }
    }
  }, 5);
}

/** For scale: the loop making each datapoint inline, where V8 need not keep the tuple. */
async function inlineSeconds(): Promise<number> {
  const images = new Float32Array(B * 16);
  const labels = new Int32Array(B);
  return medianSeconds(() => {
    let j = 0;
    for (let i = 0; i < N; i++) {
      const [x, y] = make(i);
      const d = x.data;
      for (let k = 0; k < 16; k++) images[j * 16 + k] = d[k]! * 2;
      labels[j] = y;
      if (++j === B) { consume(images); j = 0; }
    }
  }, 5);
}

/** The ceiling: minimal hand-written stages, map (a new tuple) → batch (copy into a preallocated batch). */
class CeilingBatch {
  readonly images = new Float32Array(B * 16);
  readonly labels = new Int32Array(B);
  private j = 0;
  push(dp: DP): void {
    const d = dp[0].data;
    const o = this.images;
    const at = this.j * 16;
    for (let k = 0; k < 16; k++) o[at + k] = d[k]!;
    this.labels[this.j] = dp[1];
    if (++this.j === B) { consume(this.images); this.j = 0; }
  }
}
class CeilingMap {
  constructor(private readonly next: CeilingBatch) {}
  push(dp: DP): void {
    this.next.push([double(dp[0]), dp[1]]);
  }
}

async function ceilingSeconds(source: () => Iterable<DP>): Promise<number> {
  const head = new CeilingMap(new CeilingBatch());
  return medianSeconds(() => { for (const dp of source()) head.push(dp); }, 5);
}

async function oursSeconds(source: DataFromList<DP> | DataFromGenerator<DP>, reuseBuffers = false): Promise<number> {
  const ours = new BatchData(new MapDataComponent(source, double, 0), B, { reuseBuffers });
  ours.resetState();
  return medianSeconds(() => { for (const b of ours) consume(b); }, 5);
}

export async function run(): Promise<BenchRow[]> {
  const generator = () => new DataFromGenerator(function* () { for (let i = 0; i < N; i++) yield make(i); });
  const streamed = await oursSeconds(generator());
  const streamedReuse = await oursSeconds(generator(), true);
  const streamedLoop = await loopSeconds(function* () { for (let i = 0; i < N; i++) yield make(i); });
  const inlineLoop = await inlineSeconds();
  const streamedCeiling = await ceilingSeconds(function* () { for (let i = 0; i < N; i++) yield make(i); });
  const list = Array.from({ length: N }, (_, i) => make(i));
  const inMemory = await oursSeconds(new DataFromList(list, { shuffle: false }));
  const inMemoryReuse = await oursSeconds(new DataFromList(list, { shuffle: false }), true);
  const inMemoryLoop = await loopSeconds(() => list);
  const inMemoryCeiling = await ceilingSeconds(() => list);
  const loop = 'hand-written loop into a preallocated batch';
  return [
    { bench: 'B2', case: 'MapDataComponent + BatchData(256, { reuseBuffers }), streamed', value: N / streamedReuse, unit: 'dp/s', ratio: streamedLoop / streamedReuse, baseline: loop, target: 0.8 },
    { bench: 'B2', case: 'MapDataComponent + BatchData(256, { reuseBuffers }), in memory', value: N / inMemoryReuse, unit: 'dp/s', ratio: inMemoryLoop / inMemoryReuse, baseline: loop, target: 0.8 },
    { bench: 'B2', case: 'MapDataComponent + BatchData(256) (fresh batches), streamed', value: N / streamed, unit: 'dp/s', ratio: streamedLoop / streamed, baseline: loop },
    { bench: 'B2', case: 'MapDataComponent + BatchData(256) (fresh batches), in memory', value: N / inMemory, unit: 'dp/s', ratio: inMemoryLoop / inMemory, baseline: loop },
    { bench: 'B2', case: 'ceiling: hand-written map stage → batch stage, no checks, streamed', value: N / streamedCeiling, unit: 'dp/s', ratio: streamedLoop / streamedCeiling, baseline: loop },
    { bench: 'B2', case: 'ceiling: hand-written map stage → batch stage, no checks, in memory', value: N / inMemoryCeiling, unit: 'dp/s', ratio: inMemoryLoop / inMemoryCeiling, baseline: loop },
    { bench: 'B2', case: 'baseline: loop, streamed', value: N / streamedLoop, unit: 'dp/s' },
    { bench: 'B2', case: 'baseline: loop, in memory', value: N / inMemoryLoop, unit: 'dp/s' },
    { bench: 'B2', case: 'for scale: loop making each datapoint inline (no source)', value: N / inlineLoop, unit: 'dp/s' },
  ];
}
