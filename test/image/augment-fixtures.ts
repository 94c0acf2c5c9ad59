import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { NDArray } from '../../src/core/NDArray.ts';
import { readNpy } from '../../src/formats/numpy/readNpy.ts';
import {
  Brightness, BrightnessScale, CenterCrop, Clip, Contrast, FixedDraws, Flip, Gamma, Grayscale, MeanVarianceNormalize,
  MinMaxNormalize, Resize, ResizeShortestEdge, Rotation, ToFloat32, ToUint8, Transpose, type Augmentor, type Image,
} from '../../src/image/augment/index.ts';

/** tensorpack's imgaug outputs (see the fixtures' README): inputs, constructors, fixed draws, outputs. */
export const FIXTURES = join(import.meta.dirname, '../../../shared/fixtures/tensorpack/images');

export interface ManifestEntry {
  augmentor: string;
  constructor: string;
  input: string;
  output: string;
  output_dtype: string;
  output_shape: number[];
  fixed_draws?: number[];
}

export const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { augmented: ManifestEntry[] };

export function loadImage(name: string): Image {
  return readNpy(readFileSync(join(FIXTURES, name)), name) as Image;
}

export type Family = 'convert' | 'crop' | 'geometry' | 'imgproc' | 'misc';

/**
 * Each of tensorpack's constructor expressions in the manifest, as our augmentor. `draws` turns the
 * recorded fixed draws into ours: tensorpack's Rotation draws the centre as one size-2 call that
 * the stand-in answered with one value, we draw x and y separately.
 */
export const AUGMENTORS: Record<string, { family: Family; make: () => Augmentor; draws?: (fixed: number[]) => number[] }> = {
  'imgaug.Flip(horiz=True, prob=1.0)': { family: 'misc', make: () => new Flip({ horiz: true, prob: 1 }) },
  'imgaug.Flip(vert=True, prob=1.0)': { family: 'misc', make: () => new Flip({ vert: true, prob: 1 }) },
  'imgaug.Transpose(prob=1.0)': { family: 'misc', make: () => new Transpose(1) },
  'imgaug.Resize((24, 40), interp=cv2.INTER_NEAREST)': { family: 'misc', make: () => new Resize([24, 40], 'nearest') },
  'imgaug.Resize((24, 40), interp=cv2.INTER_LINEAR)': { family: 'misc', make: () => new Resize([24, 40], 'linear') },
  'imgaug.Resize((24, 40), interp=cv2.INTER_AREA)': { family: 'misc', make: () => new Resize([24, 40], 'area') },
  'imgaug.Resize((70, 45), interp=cv2.INTER_NEAREST)': { family: 'misc', make: () => new Resize([70, 45], 'nearest') },
  'imgaug.Resize((70, 45), interp=cv2.INTER_LINEAR)': { family: 'misc', make: () => new Resize([70, 45], 'linear') },
  'imgaug.ResizeShortestEdge(20)': { family: 'misc', make: () => new ResizeShortestEdge(20) },
  'imgaug.CenterCrop((20, 30))': { family: 'crop', make: () => new CenterCrop([20, 30]) },
  'imgaug.CenterCrop(17)': { family: 'crop', make: () => new CenterCrop(17) },
  'imgaug.Rotation(max_deg=180)': { family: 'geometry', make: () => new Rotation(180), draws: ([center, deg]) => [center!, center!, deg!] },
  'imgaug.ToFloat32()': { family: 'convert', make: () => new ToFloat32() },
  'imgaug.ToUint8()': { family: 'convert', make: () => new ToUint8() },
  'imgaug.Grayscale(keepdims=True, rgb=False)': { family: 'convert', make: () => new Grayscale({ keepdims: true, rgb: false }) },
  'imgaug.Brightness(40, clip=True)': { family: 'imgproc', make: () => new Brightness(40, true) },
  'imgaug.Brightness(40, clip=False)': { family: 'imgproc', make: () => new Brightness(40, false) },
  'imgaug.BrightnessScale((0.5, 1.5), clip=True)': { family: 'imgproc', make: () => new BrightnessScale([0.5, 1.5], true) },
  'imgaug.Contrast((0.5, 1.5), rgb=None, clip=True)': { family: 'imgproc', make: () => new Contrast([0.5, 1.5], { clip: true }) },
  'imgaug.Contrast((0.5, 1.5), rgb=False, clip=True)': { family: 'imgproc', make: () => new Contrast([0.5, 1.5], { rgb: false, clip: true }) },
  'imgaug.Gamma((-0.5, 0.5))': { family: 'imgproc', make: () => new Gamma([-0.5, 0.5]) },
  'imgaug.MinMaxNormalize(0, 1)': { family: 'imgproc', make: () => new MinMaxNormalize(0, 1) },
  'imgaug.MeanVarianceNormalize(all_channel=True)': { family: 'imgproc', make: () => new MeanVarianceNormalize(true) },
  'imgaug.Clip(0, 255)': { family: 'imgproc', make: () => new Clip(0, 255) },
};

export function entriesOf(family: Family): ManifestEntry[] {
  return manifest.augmented.filter((e) => AUGMENTORS[e.constructor]?.family === family);
}

/** Our output for a manifest entry: the augmentor fed tensorpack's draws, applied to the same input. */
export function augmentEntry(e: ManifestEntry): { out: Image; expected: NDArray } {
  const spec = AUGMENTORS[e.constructor]!;
  const aug = spec.make();
  if (e.fixed_draws) aug.useRandomSource(new FixedDraws(spec.draws ? spec.draws(e.fixed_draws) : e.fixed_draws));
  return { out: aug.augment(loadImage(e.input)), expected: readNpy(readFileSync(join(FIXTURES, e.output)), e.output) };
}

/** Asserts same dtype and shape, and every value within `tolerance` (0: identical). Returns the largest difference. */
export function assertClose(out: NDArray, expected: NDArray, tolerance = 0, label = ''): number {
  assert.equal(out.dtype, expected.dtype, `${label}: dtype`);
  assert.deepEqual([...out.shape], [...expected.shape], `${label}: shape`);
  let worst = 0;
  for (let i = 0; i < expected.size; i++) worst = Math.max(worst, Math.abs((out.data[i] as number) - (expected.data[i] as number)));
  assert.ok(worst <= tolerance, `${label}: largest difference ${worst} > ${tolerance}`);
  return worst;
}

/** One test per manifest entry of the family: our output must equal tensorpack's value for value. */
export function itMatchesTensorpack(family: Family): void {
  for (const e of entriesOf(family)) {
    const draws = e.fixed_draws ? ` with draws ${JSON.stringify(e.fixed_draws)}` : '';
    it(`${e.constructor}${draws} on ${e.input} equals tensorpack's output exactly`, () => {
      const { out, expected } = augmentEntry(e);
      assertClose(out, expected, 0, e.output);
    });
  }
}
