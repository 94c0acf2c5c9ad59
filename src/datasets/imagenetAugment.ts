import type { NDArray } from '../core/NDArray.ts';
import { RNG } from '../core/RNG.ts';
import type { Augmentor } from '../image/augment/base.ts';
import { GoogleNetRandomCropAndResize } from '../image/augment/crop.ts';
import { BrightnessScale } from '../image/augment/imgproc.ts';
import { Flip } from '../image/augment/misc.ts';
import { JpegDecoder } from '../image/decode/JpegDecoder.ts';
import type { Image } from '../image/kernels/image.ts';
import type { FnRef } from '../parallel/FlowRef.ts';
import type { MapContext } from '../parallel/mapperWorker.ts';

/** A datapoint of an ImageNet-style LMDB: the JPEG bytes as a 1-D uint8 array, and the label. */
export type JpegDatapoint = readonly [jpeg: NDArray<'uint8'>, label: number];
/** What the augmentation yields: an HWC uint8 image and the label. */
export type ImageDatapoint = [image: NDArray<'uint8'>, label: number];

export interface ImagenetAugmentOptions {
  /** Output side of the random crop. Default 224. */
  readonly size?: number;
  /** Channel order of the decoded image. Default 'rgb'; tensorpack's ImageNet examples use 'bgr'. */
  readonly order?: 'rgb' | 'bgr';
}

/**
 * The training augmentation of tensorpack's ImageNet examples (fbresnet_augmentor), cut to what
 * keeps uint8: decode → GoogleNetRandomCropAndResize(size) → Flip(horiz) → BrightnessScale(0.6–1.4).
 * A factory, for the parallel mappers: each worker calls it once and gets the map function
 * `([jpeg, label], index, ctx) → [image, label]`, which decodes into one reused buffer (the crop
 * copies out of it) and draws every random parameter from `ctx.rng` — the datapoint's own stream,
 * so the output does not depend on which worker mapped it.
 *
 *   new MultiThreadMapData(ds, 2, imagenetAugmentRef({ size: 224 }))
 *     ds yields [jpeg 256×256, 3] → yields [NDArray<uint8>[224,224,3], 3]
 */
export function imagenetAugment(options: ImagenetAugmentOptions = {}): (dp: JpegDatapoint, index: number, ctx: MapContext) => ImageDatapoint {
  const decoder = new JpegDecoder();
  const order = options.order ?? 'rgb';
  const augmentors = imagenetAugmentors(options);
  return ([jpeg, label], _index, ctx) => {
    const decoded = decoder.decodeShared(jpeg.data, { order });
    let img: Image = decoded;
    for (const aug of augmentors) {
      aug.useRandomSource(ctx.rng);
      // In place once the image is ours, never on the decoder's shared buffer.
      img = aug.getTransform(img).applyImage(img, img !== decoded);
    }
    // Every crop copies, so this never holds; it guards the reused buffer against a future change.
    return [(img === decoded ? decoded.copy() : img) as NDArray<'uint8'>, label];
  };
}

/** The augmentors `imagenetAugment` applies after decoding, in order (new instances each call). */
export function imagenetAugmentors(options: ImagenetAugmentOptions = {}): Augmentor[] {
  return [new GoogleNetRandomCropAndResize({ targetShape: options.size ?? 224 }), new Flip({ horiz: true }), new BrightnessScale([0.6, 1.4])];
}

/** The reference that sends `imagenetAugment(options)` to the mapper's workers. */
export function imagenetAugmentRef(options: ImagenetAugmentOptions = {}): FnRef {
  return { module: new URL(import.meta.url), export: 'imagenetAugment', args: [options] };
}

/**
 * Where a worker's time goes: runs decode and each augmentor of `imagenetAugment` over `jpegs` in
 * this thread (twice; the first pass warms up) and returns the mean milliseconds per image of each.
 *
 *   timeAugmentSteps(jpegs)  // [{ step: 'decode', ms: 0.33 }, { step: 'GoogleNetRandomCropAndResize', ms: ... }, ...]
 */
export function timeAugmentSteps(jpegs: readonly Uint8Array[], options: ImagenetAugmentOptions = {}): { step: string; ms: number }[] {
  const decoder = new JpegDecoder();
  const steps = imagenetAugmentors(options);
  const rng = new RNG(1);
  steps.forEach((a) => a.useRandomSource(rng));
  const ms = new Float64Array(steps.length + 1);
  for (let pass = 0; pass < 2; pass++) {
    ms.fill(0);
    for (const jpeg of jpegs) {
      let t = performance.now();
      const decoded = decoder.decodeShared(jpeg, { order: options.order });
      let img: Image = decoded;
      ms[0]! += performance.now() - t;
      for (let k = 0; k < steps.length; k++) {
        t = performance.now();
        img = steps[k]!.getTransform(img).applyImage(img, img !== decoded);
        ms[k + 1]! += performance.now() - t;
      }
    }
  }
  return ['decode', ...steps.map((a) => a.name)].map((step, k) => ({ step, ms: ms[k]! / Math.max(1, jpegs.length) }));
}
