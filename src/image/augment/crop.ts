import { DataFlowError, checkArg } from '../../core/errors.ts';
import { dimsOf, type Image } from '../kernels/image.ts';
import type { Interp } from '../kernels/resize.ts';
import { Augmentor, type Transform } from './base.ts';
import { checkInterp, shape2d, shortestEdgeSize, type Shape2D } from './misc.ts';
import { PhotometricTransform, TransformList } from './transformMeta.ts';
import { CropTransform, ResizeTransform } from './transforms.ts';

function checkFits(who: string, img: Image, h: number, w: number): void {
  const dims = dimsOf(img);
  if (dims.h < h || dims.w < w) throw new DataFlowError(who, `cannot crop ${h}x${w} from an image of shape [${img.shape.join(',')}]`);
}

/** The centred window: offsets `int((H - h) * 0.5)`, `int((W - w) * 0.5)`. */
export function centerCrop(H: number, W: number, h: number, w: number): CropTransform {
  return new CropTransform(Math.floor((H - h) * 0.5), Math.floor((W - w) * 0.5), h, w);
}

/** Crops a window of `cropShape` at a random position (two integer draws: y0, then x0). */
export class RandomCrop extends Augmentor {
  readonly cropShape: [number, number];

  constructor(cropShape: Shape2D) {
    super();
    this.cropShape = shape2d('RandomCrop', cropShape);
  }

  getTransform(img: Image): Transform {
    const [ch, cw] = this.cropShape;
    checkFits(this.name, img, ch, cw);
    const { h, w } = dimsOf(img);
    const y0 = this.randInt(0, h - ch + 1);
    const x0 = this.randInt(0, w - cw + 1);
    return new CropTransform(y0, x0, ch, cw);
  }
}

/** Crops the centre window of `cropShape`. */
export class CenterCrop extends Augmentor {
  readonly cropShape: [number, number];

  constructor(cropShape: Shape2D) {
    super();
    this.cropShape = shape2d('CenterCrop', cropShape);
  }

  getTransform(img: Image): Transform {
    const [ch, cw] = this.cropShape;
    checkFits(this.name, img, ch, cw);
    const { h, w } = dimsOf(img);
    return centerCrop(h, w, ch, cw);
  }
}

/**
 * Crops a window whose height is drawn from [hmin, hmax] and width from [wmin, wmax] (inclusive;
 * a missing max is the image's size), at a random position.
 */
export class RandomCropRandomShape extends Augmentor {
  constructor(readonly wmin: number, readonly hmin: number, readonly wmax?: number, readonly hmax?: number) {
    super();
  }

  getTransform(img: Image): Transform {
    const dims = dimsOf(img);
    const h = this.randInt(this.hmin, (this.hmax ?? dims.h) + 1);
    const w = this.randInt(this.wmin, (this.wmax ?? dims.w) + 1);
    const diffh = dims.h - h;
    const diffw = dims.w - w;
    if (diffh < 0 || diffw < 0) throw new DataFlowError(this.name, `drew a ${h}x${w} window, larger than the image of shape [${img.shape.join(',')}]`);
    const y0 = diffh === 0 ? 0 : this.randInt(0, diffh);
    const x0 = diffw === 0 ? 0 : this.randInt(0, diffw);
    return new CropTransform(y0, x0, h, w);
  }
}

export interface GoogleNetOptions {
  /** Fraction of the area to crop. Default [0.08, 1]. */
  cropAreaFraction?: readonly [number, number];
  /** Aspect ratio (w / h) of the crop. Default [0.75, 1.333]. */
  aspectRatioRange?: readonly [number, number];
  /** Output side. Default 224. */
  targetShape?: number;
  interp?: Interp;
}

/**
 * The random crop of "Going Deeper with Convolutions" as in fb.resnet.torch: up to 10 tries of a
 * crop with 8–100 % of the area and aspect ratio 3/4–4/3 (sides swapped half of the time), resized
 * to targetShape²; if none fits, ResizeShortestEdge(targetShape) + CenterCrop(targetShape).
 * Draws per try: area fraction, aspect ratio, swap (uniform, float64 as tensorpack), then x, y.
 */
export class GoogleNetRandomCropAndResize extends Augmentor {
  readonly cropAreaFraction: readonly [number, number];
  readonly aspectRatioRange: readonly [number, number];
  readonly targetShape: number;
  readonly interp: Interp;

  constructor(options: GoogleNetOptions = {}) {
    super();
    this.cropAreaFraction = options.cropAreaFraction ?? [0.08, 1];
    this.aspectRatioRange = options.aspectRatioRange ?? [0.75, 1.333];
    this.targetShape = options.targetShape ?? 224;
    this.interp = options.interp ?? 'linear';
    checkArg(this.name, Number.isInteger(this.targetShape) && this.targetShape > 0, `targetShape must be a positive integer, got ${this.targetShape}`);
    checkInterp(this.name, this.interp);
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    const area = h * w;
    const t = this.targetShape;
    for (let i = 0; i < 10; i++) {
      const targetArea = this.rng.uniform(this.cropAreaFraction[0], this.cropAreaFraction[1]) * area;
      const aspectR = this.rng.uniform(this.aspectRatioRange[0], this.aspectRatioRange[1]);
      let ww = Math.floor(Math.sqrt(targetArea * aspectR) + 0.5);
      let hh = Math.floor(Math.sqrt(targetArea / aspectR) + 0.5);
      if (this.rng.uniform(0, 1) < 0.5) [ww, hh] = [hh, ww];
      if (hh <= h && ww <= w) {
        const x1 = this.randInt(0, w - ww + 1);
        const y1 = this.randInt(0, h - hh + 1);
        return new TransformList([new CropTransform(y1, x1, hh, ww), new ResizeTransform(hh, ww, t, t, this.interp)]);
      }
    }
    const [newH, newW] = shortestEdgeSize(h, w, t);
    return new TransformList([new ResizeTransform(h, w, newH, newW, this.interp), centerCrop(newH, newW, t, t)]);
  }
}

/** A size or a [low, high) range to draw an integer size from. */
export type SizeRange = number | readonly [number, number];

/**
 * Cutout (arXiv:1708.04552): fills an h×w rectangle at a random position with `fill`. Sizes are
 * fixed or drawn from [low, high); then x0, y0 are drawn so that the rectangle fits. Coordinates
 * are unchanged (tensorpack's cutout transform refuses them; nothing moves, so we pass them through).
 */
export class RandomCutout extends Augmentor {
  constructor(readonly hRange: SizeRange, readonly wRange: SizeRange, readonly fill = 0) {
    super();
  }

  private drawSize(r: SizeRange): number {
    return typeof r === 'number' ? r : this.randInt(r[0], r[1]);
  }

  getTransform(img: Image): Transform {
    const h = this.drawSize(this.hRange);
    const w = this.drawSize(this.wRange);
    const dims = dimsOf(img);
    const x0 = this.randInt(0, dims.w + 1 - w);
    const y0 = this.randInt(0, dims.h + 1 - h);
    return new PhotometricTransform((im, inPlace) => {
      const out = inPlace ? im : im.copy();
      const { w: W, c } = dimsOf(out);
      const fill = out.dtype === 'uint8' ? Math.min(255, Math.max(0, Math.trunc(this.fill))) : this.fill;
      for (let y = y0; y < y0 + h; y++) out.data.fill(fill, (y * W + x0) * c, (y * W + x0 + w) * c);
      return out;
    }, `cutout ${h}x${w} at (${x0}, ${y0})`);
  }
}
