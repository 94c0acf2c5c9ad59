import { formatShape, NDArray, shapesEqual, shapeSize } from '../core/NDArray.ts';
import { DataFlowError } from '../core/errors.ts';
import { RNG } from '../core/RNG.ts';
import type { Augmentor, RandomSource } from '../image/augment/base.ts';
import { GoogleNetRandomCropAndResize, RandomCrop } from '../image/augment/crop.ts';
import { CropTransform, FlipTransform } from '../image/augment/transforms.ts';
import { BrightnessScale } from '../image/augment/imgproc.ts';
import { Flip } from '../image/augment/misc.ts';
import { JpegDecoder } from '../image/decode/JpegDecoder.ts';
import { cropFlipInto } from '../image/kernels/cropFlip.ts';
import type { Image } from '../image/kernels/image.ts';
import type { FnRef } from '../parallel/FlowRef.ts';
import type { MapContext } from '../parallel/mapperWorker.ts';
import { jpegOf, type JpegBatch } from './JpegBatch.ts';
import { lmdbJpegReader } from './lmdbJpegReader.ts';

/** A datapoint of an ImageNet-style LMDB: the JPEG bytes as a 1-D uint8 array, and the label. */
export type JpegDatapoint = readonly [jpeg: NDArray<'uint8'>, label: number];
/** What the augmentation yields: an HWC uint8 image and the label. */
export type ImageDatapoint = [image: NDArray<'uint8'>, label: number];

export interface ImagenetAugmentOptions {
  /** Output side of the random crop. Default 224. */
  readonly size?: number;
  /** Channel order of the decoded image. Default 'rgb'; tensorpack's ImageNet examples use 'bgr'. */
  readonly order?: 'rgb' | 'bgr';
  /**
   * 'googlenet' (default): GoogleNetRandomCropAndResize(size) → Flip(horiz) → BrightnessScale(0.6–1.4),
   * the training augmentation of tensorpack's ImageNet examples. 'crop-flip': RandomCrop(size) →
   * Flip(horiz), the cheap augmentation of benchmark B7 (and of many small-image recipes); in
   * batches it is written by one native copy per image straight into the batch (cropFlipInto).
   */
  readonly augmentation?: 'googlenet' | 'crop-flip';
}

/**
 * The training augmentation of tensorpack's ImageNet examples (fbresnet_augmentor), cut to what
 * keeps uint8: decode → GoogleNetRandomCropAndResize(size) → Flip(horiz) → BrightnessScale(0.6–1.4)
 * (or, with `augmentation: 'crop-flip'`, decode → RandomCrop(size) → Flip(horiz)).
 * A factory, for the parallel mappers: each worker calls it once and gets the map function
 * `([jpeg, label], index, ctx) → [image, label]`, which decodes into one reused buffer (the crop
 * copies out of it) and draws every random parameter from `ctx.rng` — the datapoint's own stream,
 * so the output does not depend on which worker mapped it.
 *
 *   new MultiThreadMapData(ds, 2, imagenetAugmentRef({ size: 224 }))
 *     ds yields [jpeg 256×256, 3] → yields [NDArray<uint8>[224,224,3], 3]
 */
export function imagenetAugment(options: ImagenetAugmentOptions = {}): (dp: JpegDatapoint, index: number, ctx: MapContext) => ImageDatapoint {
  const augmentOne = imageAugmenter(options);
  return ([jpeg, label], _index, ctx) => {
    const { img, shared } = augmentOne(jpeg.data, ctx.rng);
    return [(shared ? img.copy() : img) as NDArray<'uint8'>, label];
  };
}

export interface ImagenetAugmentBatchOptions extends ImagenetAugmentOptions {
  /**
   * The `[jpeg, label]` LMDB the batches' keys refer to: each batch then holds keys (packKeyBatch),
   * and the worker reads the JPEGs and labels itself (lmdbJpegReader). Absent: the batches hold
   * the JPEGs and labels (packJpegBatch).
   */
  readonly lmdb?: string;
}

/**
 * `imagenetAugment` for a whole batch at once, the map function of imagenetTrainFlow's workers:
 * each image of a packed JpegBatch is decoded, augmented and written straight into its slot of
 * one new batch array, which then moves to the main thread whole (one message and one transfer per
 * batch instead of one per image, and no BatchData copy there). The random draws of image k come
 * from `ctx.rng` (the batch's own stream) after those of images 0..k-1. With `batch.out` (a shared
 * buffer from BatchSlots) the images go there and nothing is allocated. The labels are
 * `batch.labels` itself: in a shared slot, they go back as a view of it.
 *
 *   new MultiThreadMapData(packed, 2, imagenetAugmentBatchRef({ size: 224 }))
 *     packed yields JpegBatch(64 JPEGs, labels) → yields [NDArray<uint8>[64,224,224,3], NDArray<int32>[64]]
 */
export function imagenetAugmentBatch(options: ImagenetAugmentBatchOptions = {}): (batch: JpegBatch, index: number, ctx: MapContext) => [NDArray<'uint8'>, NDArray<'int32'>] {
  const augmentOne = options.augmentation === 'crop-flip' ? cropFlipAugmenter(options) : chainAugmenter(options);
  const jpegAt = options.lmdb === undefined ? (batch: JpegBatch, k: number) => jpegOf(batch, k) : lmdbJpegReader(options.lmdb);
  return (batch, index, ctx) => {
    const n = batch.labels.length;
    let out: Uint8Array | undefined;
    let shape: readonly number[] = [];
    let size = 0;
    for (let k = 0; k < n; k++) {
      let img: AugmentedImage;
      try {
        img = augmentOne(jpegAt(batch, k, index), ctx.rng);
      } catch (e) {
        throw new DataFlowError('imagenetAugmentBatch', `image ${k} of batch ${index}: ${e instanceof Error ? e.message : String(e)}`, { index, cause: e });
      }
      if (out === undefined) {
        shape = img.shape;
        size = shapeSize(shape);
        // Every byte is written below: no zeroing of 9.6 MB (a plain array over a buffer of its own, so it moves).
        out = batch.out ?? new Uint8Array(Buffer.allocUnsafeSlow(n * size).buffer, 0, n * size);
      }
      if (!shapesEqual(img.shape, shape) || size * n !== out.length) {
        throw new DataFlowError('imagenetAugmentBatch', `image ${k} of batch ${index} has shape ${formatShape(img.shape)}: ${n} of them do not fill the batch's ${out.length} bytes`, { index });
      }
      img.writeTo(out, k * size);
    }
    return [new NDArray(out ?? new Uint8Array(0), [n, ...shape], 'uint8'), new NDArray(batch.labels, [n], 'int32')];
  };
}

/** One augmented image of a batch: its shape, and how to write it into the batch's array. */
interface AugmentedImage {
  readonly shape: readonly number[];
  writeTo(out: Uint8Array, offset: number): void;
}

/** Decode + the augmentor chain; the result is copied into the batch. */
function chainAugmenter(options: ImagenetAugmentOptions): (jpeg: Uint8Array, rng: RandomSource) => AugmentedImage {
  const augmentOne = imageAugmenter(options);
  return (jpeg, rng) => {
    const { img } = augmentOne(jpeg, rng);
    return { shape: img.shape, writeTo: (out, offset) => out.set(img.data as Uint8Array, offset) };
  };
}

/**
 * Decode, then RandomCrop + Flip drawn exactly as the augmentor chain draws them, written by one
 * native copy from the decoder's buffer into the batch (the chain would copy the crop, mirror it
 * with a per-byte loop, then copy it into the batch: ~0.13 ms per 224² image against ~0.02 ms).
 */
function cropFlipAugmenter(options: ImagenetAugmentOptions): (jpeg: Uint8Array, rng: RandomSource) => AugmentedImage {
  const decoder = new JpegDecoder();
  const order = options.order ?? 'rgb';
  const [crop, flip] = imagenetAugmentors(options) as [RandomCrop, Flip];
  return (jpeg, rng) => {
    const decoded = decoder.decodeShared(jpeg, { order });
    crop.useRandomSource(rng);
    flip.useRandomSource(rng);
    const window = crop.getTransform(decoded) as CropTransform;
    const mirror = flip.getTransform(decoded) instanceof FlipTransform;
    return { shape: [window.h, window.w, decoded.shape[2]!], writeTo: (out, offset) => cropFlipInto(decoded, window, mirror, out, offset) };
  };
}

/**
 * Decode + the augmentors, one image at a time, drawing from `rng`. The result is the decoder's
 * reused buffer (`shared`) only if no augmentor copied it, which the crop always does.
 */
function imageAugmenter(options: ImagenetAugmentOptions): (jpeg: Uint8Array, rng: RandomSource) => { img: Image; shared: boolean } {
  const decoder = new JpegDecoder();
  const order = options.order ?? 'rgb';
  const augmentors = imagenetAugmentors(options);
  return (jpeg, rng) => {
    const decoded = decoder.decodeShared(jpeg, { order });
    let img: Image = decoded;
    for (const aug of augmentors) {
      aug.useRandomSource(rng);
      // In place once the image is ours, never on the decoder's shared buffer.
      img = aug.getTransform(img).applyImage(img, img !== decoded);
    }
    return { img, shared: img === decoded };
  };
}

/** The augmentors `imagenetAugment` applies after decoding, in order (new instances each call). */
export function imagenetAugmentors(options: ImagenetAugmentOptions = {}): Augmentor[] {
  const size = options.size ?? 224;
  if (options.augmentation === 'crop-flip') return [new RandomCrop(size), new Flip({ horiz: true })];
  return [new GoogleNetRandomCropAndResize({ targetShape: size }), new Flip({ horiz: true }), new BrightnessScale([0.6, 1.4])];
}

/** The reference that sends `imagenetAugment(options)` to the mapper's workers. */
export function imagenetAugmentRef(options: ImagenetAugmentOptions = {}): FnRef {
  return { module: new URL(import.meta.url), export: 'imagenetAugment', args: [options] };
}

/** The reference that sends `imagenetAugmentBatch(options)` to the mapper's workers. */
export function imagenetAugmentBatchRef(options: ImagenetAugmentBatchOptions = {}): FnRef {
  return { module: new URL(import.meta.url), export: 'imagenetAugmentBatch', args: [options] };
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
