import { checkArg } from '../../core/errors.ts';
import { dimsOf, type Image } from '../kernels/image.ts';
import { INTERPS, type Interp } from '../kernels/resize.ts';
import { Augmentor, type Transform } from './base.ts';
import { FlipTransform, NoOpTransform, ResizeTransform, TransposeTransform } from './transforms.ts';

/** An (h, w) shape, or one number for a square (tensorpack's shape2d). */
export type Shape2D = number | readonly [h: number, w: number];

export function shape2d(who: string, shape: Shape2D): [number, number] {
  const s: [number, number] = typeof shape === 'number' ? [shape, shape] : [shape[0], shape[1]];
  checkArg(who, s.every((v) => Number.isInteger(v) && v > 0), `shape must be a positive integer or [h, w] of positive integers, got ${JSON.stringify(shape)}`);
  return s;
}

export function checkInterp(who: string, interp: Interp): void {
  checkArg(who, INTERPS.includes(interp), `interp must be one of ${INTERPS.join(', ')}, got ${String(interp)}`);
}

/**
 * Flips the image horizontally or vertically with probability `prob` (one draw in [0, 1)).
 *   new Flip({ horiz: true })  // left-right half of the time
 */
export class Flip extends Augmentor {
  readonly horiz: boolean;
  readonly prob: number;

  constructor({ horiz = false, vert = false, prob = 0.5 }: { horiz?: boolean; vert?: boolean; prob?: number } = {}) {
    super();
    checkArg('Flip', !(horiz && vert), 'cannot do both horiz and vert; use two Flip augmentors');
    checkArg('Flip', horiz || vert, 'one of horiz or vert must be true');
    this.horiz = horiz;
    this.prob = prob;
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    return this.randRange(0, 1) < this.prob ? new FlipTransform(h, w, this.horiz) : new NoOpTransform();
  }
}

/** Resizes to a fixed (h, w) (`cv2.resize(img, (w, h), interp)`). */
export class Resize extends Augmentor {
  readonly shape: [number, number];

  constructor(shape: Shape2D, readonly interp: Interp = 'linear') {
    super();
    this.shape = shape2d('Resize', shape);
    checkInterp('Resize', interp);
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    return new ResizeTransform(h, w, this.shape[0], this.shape[1], this.interp);
  }
}

/** The size of a resize of the shortest edge to `size`, keeping the aspect ratio (long side `int(scale * long + 0.5)`). */
export function shortestEdgeSize(h: number, w: number, size: number): [number, number] {
  const scale = size / Math.min(h, w);
  return h < w ? [size, Math.floor(scale * w + 0.5)] : [Math.floor(scale * h + 0.5), size];
}

/** Resizes the shortest edge to `size`, keeping the aspect ratio. */
export class ResizeShortestEdge extends Augmentor {
  constructor(readonly size: number, readonly interp: Interp = 'linear') {
    super();
    checkArg('ResizeShortestEdge', Number.isInteger(size) && size > 0, `size must be a positive integer, got ${size}`);
    checkInterp('ResizeShortestEdge', interp);
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    const [newH, newW] = shortestEdgeSize(h, w, this.size);
    return new ResizeTransform(h, w, newH, newW, this.interp);
  }
}

export interface RandomResizeOptions {
  /** Range of the new height (same unit as xrange); unused when aspectRatioThres is 0. */
  yrange?: readonly [number, number];
  /** (xmin, ymin) in pixels, to avoid shrinking too much. Default [0, 0]. */
  minimum?: readonly [number, number];
  /** Redraw when the aspect ratio changes by this fraction or more; 0 keeps it. Default 0.15. */
  aspectRatioThres?: number;
  interp?: Interp;
  /**
   * Whether the ranges are scale factors (true) or sizes in pixels (false). Default: factors when
   * any bound is not an integer — tensorpack decides by Python float vs int, which JavaScript
   * numbers cannot tell apart, so pass it for integer factors such as [1, 2].
   */
  isScale?: boolean;
}

/**
 * Resizes width and height by random amounts, redrawing (up to 50 times, then leaving the size)
 * while the aspect ratio changes by `aspectRatioThres` or more.
 *   new RandomResize([0.8, 1.2], { yrange: [0.8, 1.2] })  // ±20 % per axis
 */
export class RandomResize extends Augmentor {
  readonly xrange: readonly [number, number];
  readonly yrange: readonly [number, number] | undefined;
  readonly minimum: readonly [number, number];
  readonly aspectRatioThres: number;
  readonly interp: Interp;
  readonly isScale: boolean;
  /** How many images were left at their size after 50 failed draws. */
  failures = 0;

  constructor(xrange: readonly [number, number], options: RandomResizeOptions = {}) {
    super();
    this.xrange = xrange;
    this.yrange = options.yrange;
    this.minimum = options.minimum ?? [0, 0];
    this.aspectRatioThres = options.aspectRatioThres ?? 0.15;
    this.interp = options.interp ?? 'linear';
    checkArg('RandomResize', this.aspectRatioThres >= 0, `aspectRatioThres must be ≥ 0, got ${this.aspectRatioThres}`);
    checkArg('RandomResize', this.aspectRatioThres === 0 || this.yrange !== undefined, 'yrange is needed unless aspectRatioThres is 0');
    checkInterp('RandomResize', this.interp);
    this.isScale = options.isScale ?? [...xrange, ...(this.yrange ?? [])].some((v) => !Number.isInteger(v));
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    for (let attempt = 0; attempt <= 50; attempt++) {
      const [destX, destY] = this.drawSize(h, w);
      if (this.aspectRatioThres > 0) {
        const oldr = w / h;
        const newr = destX / destY;
        if (Math.abs(newr - oldr) / oldr >= this.aspectRatioThres + 1e-5) continue;
      }
      return new ResizeTransform(h, w, destY, destX, this.interp);
    }
    this.failures++;
    return new ResizeTransform(h, w, h, w, this.interp);
  }

  private drawSize(h: number, w: number): [number, number] {
    const sx = this.randRange(this.xrange[0], this.xrange[1]);
    let destX: number;
    let destY: number;
    if (this.isScale) {
      const sy = this.aspectRatioThres === 0 ? sx : this.randRange(this.yrange![0], this.yrange![1]);
      destX = Math.max(sx * w, this.minimum[0]);
      destY = Math.max(sy * h, this.minimum[1]);
    } else {
      const sy = this.aspectRatioThres === 0 ? (sx / w) * h : this.randRange(this.yrange![0], this.yrange![1]);
      destX = Math.max(sx, this.minimum[0]);
      destY = Math.max(sy, this.minimum[1]);
    }
    return [Math.floor(destX + 0.5), Math.floor(destY + 0.5)];
  }
}

/** Transposes the image (rows ↔ columns) with probability `prob`. */
export class Transpose extends Augmentor {
  constructor(readonly prob = 0.5) {
    super();
  }

  getTransform(_img: Image): Transform {
    return this.randRange(0, 1) < this.prob ? new TransposeTransform() : new NoOpTransform();
  }
}
