// `npm run demo:core`: the core pipeline on data it generates — FakeData → map (normalize) →
// LocallyShuffleData → BatchData — timed stage by stage with TestDataSpeed (live progress bar
// on a TTY), then a throughput table.
import Table from 'cli-table3';
import { FakeData, NDArray, type DataFlow } from '../src/index.ts';

const SIZE = 20_000;
const images = new FakeData([[28, 28], [1]], { size: SIZE, dtype: ['uint8', 'int32'], domain: [0, 256], seed: 42 });
const normalized = images.map(([img, label]) => {
  const out = new Float32Array(img.size);
  for (let i = 0; i < out.length; i++) out[i] = (img.data[i]! - 127.5) / 127.5;
  return [NDArray.from(out, img.shape), label.data[0]!] as const;
});
const shuffled = normalized.shuffle(5_000, { seed: 7 });
const batched = shuffled.batch(64);

const stages: [string, DataFlow<unknown>, number][] = [
  ['FakeData 28×28 uint8 + label', images, 1],
  ['→ map (normalize to float32)', normalized, 1],
  ['→ LocallyShuffleData(5000)', shuffled, 1],
  ['→ BatchData(64)', batched, 64],
];

const table = new Table({ head: ['stage', 'images/s'], colAligns: ['left', 'right'], style: { head: [], border: [] } });
for (const [stage, flow, perItem] of stages) {
  process.stderr.write(`\n${stage}\n`);
  const { perSecond } = flow.speed({ size: flow.length! * 2 }).start();
  const dps = perSecond * perItem; // a batch holds 64 images
  table.push([stage, Math.round(dps).toLocaleString('en-US')]);
}
console.log('\nThroughput (one process):');
console.log(table.toString());
const [imagesBatch, labels] = [...batched][0]!;
console.log(`first batch: images ${imagesBatch.toString()}, labels ${labels.toString()}`);
