// The ImageNet-style training pipeline of tensorpack's "efficient dataflow" tutorial, on synthetic
// data it generates:
//
//   SyntheticJpegDataset (256×256 JPEGs, quality 90) → LMDBSerializer.save   (once, progress bar)
//   LMDBSerializer.load → LocallyShuffleData(1000) → BatchData(64, useList) → packJpegBatch
//     → MultiThreadMapData(2 threads: decode + GoogleNetRandomCropAndResize(224) + Flip + BrightnessScale,
//        each image straight into its slot of a uint8 batch) → consumer
//
// Each stage is timed on its own (TestDataSpeed: a live bar on a TTY), with the CPU time all
// threads of this process spent per image (on a shared machine images/s varies with the load, and
// CPU per image less so), then two more passes with benchmark B7's cheaper augmentation (crop +
// flip): LMDB read on the main thread, as above, then in the workers (`readInWorkers`).
// `npx tsx examples/imagenet.ts [images]` (default 2,000; the LMDB is cached in the OS temp dir).
import Table from 'cli-table3';
import {
  imagenetAugment, imagenetTrainFlow, JpegDecoder, MapData, RNG, syntheticJpegLmdb, TestDataSpeed, timeAugmentSteps,
  type DataFlow, type JpegDatapoint,
} from '../src/index.ts';

const IMAGES = Number(process.argv[2] ?? 2000);
const WORKERS = 2;
const BATCH = 64;

let t0 = performance.now();
const path = await syntheticJpegLmdb({ count: IMAGES });
console.log(`LMDB of ${IMAGES} synthetic JPEGs: ${path} (${((performance.now() - t0) / 1000).toFixed(1)} s; reused on the next run)`);

const { read, shuffled, packed, batched } = imagenetTrainFlow(path, { workers: WORKERS, batchSize: BATCH, seed: 1 });
const reusing = imagenetTrainFlow(path, { workers: WORKERS, batchSize: BATCH, seed: 1, reuseBuffers: true }).batched;

// For the stage table only: decoding alone, and the whole map function, in this one thread.
const decoder = new JpegDecoder();
const decodedOnly = new MapData(shuffled, ([jpeg, label]: JpegDatapoint) => [decoder.decodeShared(jpeg.data), label] as const);
const augment = imagenetAugment();
const rng = new RNG(1);
const augmentedHere = new MapData(shuffled, (dp: JpegDatapoint, i: number) => augment(dp, i, { worker: 0, rng }));

const stages: [string, DataFlow<unknown>, number][] = [
  ['LMDBSerializer.load (read + msgpack decode)', read, 1],
  ['→ LocallyShuffleData(1000)', shuffled, 1],
  [`→ BatchData(${BATCH}, useList) + packJpegBatch`, packed, BATCH],
  ['→ JPEG decode only, 1 thread', decodedOnly, 1],
  ['→ decode + crop 224 + flip + brightness, 1 thread', augmentedHere, 1],
  [`→ the same, batched, in MultiThreadMapData(${WORKERS}) [the pipeline]`, batched, BATCH],
  ['   the pipeline with reuseBuffers', reusing, BATCH],
];
// Plain tables: no colours (they would be escape codes in a log).
const plain = { style: { head: [], border: [] } };
const throughput = new Table({ head: ['stage', 'images/s', 'ms/image', 'CPU ms/image'], colAligns: ['left', 'right', 'right', 'right'], ...plain });
for (const [stage, flow, perItem] of stages) {
  process.stderr.write(`\n${stage}\n`);
  const speed = new TestDataSpeed(flow, { size: Math.floor(IMAGES / perItem) });
  speed.resetState({ seed: 1 });
  const cpu = process.cpuUsage();
  const { perSecond, count } = await speed.startAsync();
  const { user, system } = process.cpuUsage(cpu);
  const images = perSecond * perItem;
  throughput.push([stage, Math.round(images).toLocaleString('en-US'), (1000 / images).toFixed(3), ((user + system) / 1000 / (count * perItem)).toFixed(3)]);
}
console.log('\nThroughput, stage by stage (each row includes the stages above it; CPU: all threads of this process):');
console.log(throughput.toString());

const jpegs: Uint8Array[] = [];
for (const [jpeg] of read) if (jpegs.push(jpeg.data) === 500) break;
console.log('\nInside the map function (one thread, mean of 500 images):');
const steps = new Table({ head: ['step', 'ms/image'], colAligns: ['left', 'right'], ...plain });
steps.push(...timeAugmentSteps(jpegs).map(({ step, ms }) => [step, ms.toFixed(3)]));
console.log(steps.toString());

// Two more passes, of benchmark B7's pipeline: RandomCrop(224) + Flip with reuseBuffers, the
// augmentation tensorpack's ~1,280 images/s figure is for; each timed from its first batch, once
// the threads have started.
async function timeCropFlip(readInWorkers: boolean): Promise<{ first: string; images: number; seconds: number }> {
  const flow = imagenetTrainFlow(path, { workers: WORKERS, batchSize: BATCH, seed: 1, reuseBuffers: true, augmentation: 'crop-flip', readInWorkers }).batched;
  let images = 0;
  let first = '';
  let start = 0;
  for await (const [imgs, labels] of flow) {
    if (first === '') {
      first = `first batch: images ${imgs.toString()}, labels ${labels.toString()}`;
      start = performance.now();
    } else {
      images += imgs.shape[0]!;
    }
  }
  return { first, images, seconds: (performance.now() - start) / 1000 };
}
for (const readInWorkers of [false, true]) {
  const { first, images, seconds } = await timeCropFlip(readInWorkers);
  if (!readInWorkers) console.log(first);
  const how = readInWorkers ? 'and with the LMDB read in the workers (readInWorkers)' : 'one more pass, crop 224 + flip with reuseBuffers (benchmark B7\'s pipeline)';
  console.log(`${how}: ${images} images after the first batch in ${seconds.toFixed(2)} s = ${Math.round(images / seconds).toLocaleString('en-US')} images/s (tensorpack's figure: ~1,280 images/s)`);
}
