// B7a: the augmentation kernels of the ImageNet-style pipeline, per image, against the single-core
// libjpeg-turbo decode of the same 256×256 quality-90 JPEGs measured in the same run: what the
// demo's augmentation (GoogleNetRandomCropAndResize + Flip + BrightnessScale) costs next to a decode.
// B7's own augmentation, crop 224 + flip, is one native copy per image (see B7); no target here.
// Flip and BrightnessScale run in place on the 224×224×3 crop, as the pipeline applies them.
import { RNG } from '../src/core/RNG.ts';
import { SyntheticJpegDataset } from '../src/datasets/SyntheticJpegDataset.ts';
import type { Augmentor } from '../src/image/augment/base.ts';
import { GoogleNetRandomCropAndResize } from '../src/image/augment/crop.ts';
import { BrightnessScale } from '../src/image/augment/imgproc.ts';
import { Flip } from '../src/image/augment/misc.ts';
import { JpegDecoder } from '../src/image/decode/JpegDecoder.ts';
import type { Image } from '../src/image/kernels/image.ts';
import { resize } from '../src/image/kernels/resize.ts';
import { consume, median, medianSeconds, type BenchRow } from './lib.ts';

const IMAGES_PER_RUN = 400;
const RUNS = 9;

/** Median ms per image of `fn(i)` called for i = 0..IMAGES_PER_RUN-1. */
async function msPerImage(fn: (i: number) => unknown): Promise<number> {
  const s = await medianSeconds(() => {
    for (let i = 0; i < IMAGES_PER_RUN; i++) consume(fn(i));
  }, RUNS);
  return (s * 1000) / IMAGES_PER_RUN;
}

/** `augs` applied as the pipeline applies them: each sees the previous output, in place once the image is a copy. */
function chain(img: Image, augs: readonly Augmentor[]): Image {
  let cur = img;
  for (const aug of augs) cur = aug.getTransform(cur).applyImage(cur, cur !== img);
  return cur;
}

export async function run(): Promise<BenchRow[]> {
  const bench = 'B7a augment';
  const jpegs: Uint8Array[] = [];
  for (const [jpeg] of new SyntheticJpegDataset({ count: 16 })) jpegs.push(jpeg.data);
  const decoder = new JpegDecoder();
  const images = jpegs.map((j) => decoder.decode(j) as Image);
  const n = images.length;
  const decode = (i: number): unknown => decoder.decodeShared(jpegs[i % n]!);

  const seeded = <A extends Augmentor>(aug: A): A => {
    aug.reset(1);
    return aug;
  };
  const crop = seeded(new GoogleNetRandomCropAndResize({ targetShape: 224 }));
  const flip = seeded(new Flip({ horiz: true, prob: 1 }));
  const brightness = seeded(new BrightnessScale([0.6, 1.4]));
  const pipeline = [crop, seeded(new Flip({ horiz: true })), brightness];
  const rng = new RNG(2);
  const crops = images.map((img) => chain(img, [crop]));
  // photometric ops on fresh pixels each run (in place drifts them toward 0 and 255)
  const fresh = crops.map((c) => c.copy());
  const refill = (i: number): Image => {
    const t = fresh[i % n]!;
    (t.data as Uint8Array).set(crops[i % n]!.data as Uint8Array);
    return t;
  };

  const cases: [string, (i: number) => unknown][] = [
    ['resize linear 256²→224²×3', (i) => resize(images[i % n]!, 224, 224, 'linear')],
    ['GoogleNetRandomCropAndResize(224) on 256²×3', (i) => chain(images[i % n]!, [crop])],
    ['Flip(horiz, prob 1) on 224²×3, in place', (i) => flip.getTransform(fresh[i % n]!).applyImage(fresh[i % n]!, true)],
    ['BrightnessScale(0.6–1.4) on 224²×3, in place', (i) => brightness.getTransform(crops[0]!).applyImage(refill(i), true)],
    ['chain: crop 224 + flip + brightness on 256²×3', (i) => chain(images[(i + rng.int(n)) % n]!, pipeline)],
  ];
  const fmt = (ms: number): string => Math.round(1000 / ms).toLocaleString('en-US');
  const decodes: number[] = [];
  const rows: BenchRow[] = [];
  for (const [name, fn] of cases) {
    // the machine's load varies: each case is paired with a decode timing taken just before it
    const tDecode = await msPerImage(decode);
    decodes.push(tDecode);
    // the brightness refill copy is timed alone and taken off
    const ms = (await msPerImage(fn)) - (name.startsWith('Brightness') ? await msPerImage(refill) : 0);
    const baseline = `libjpeg-turbo decode of a 256² q90 JPEG, 1 core, timed just before (${tDecode.toFixed(3)} ms)`;
    rows.push({ bench, case: `${name} (${fmt(ms)} images/s)`, value: ms, unit: 'ms/image', ratio: tDecode / ms, baseline });
  }
  const tDecode = median(decodes);
  return [{ bench, case: `decode 256² q90 JPEG, libjpeg-turbo, 1 core, median (${fmt(tDecode)} images/s)`, value: tDecode, unit: 'ms/image' }, ...rows];
}
