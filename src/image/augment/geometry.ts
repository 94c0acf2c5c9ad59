import { checkArg } from '../../core/errors.ts';
import { dimsOf, rint, type Image } from '../kernels/image.ts';
import { rotationMatrix2D, type AffineMatrix, type BorderMode } from '../kernels/warpAffine.ts';
import { Augmentor, type Transform } from './base.ts';
import { TransformList } from './transformMeta.ts';
import { CropTransform, WarpAffineTransform } from './transforms.ts';

// The interpolation of the warps below is OpenCV's INTER_LINEAR, tensorpack's default; the other
// flags are not implemented by the warpAffine kernel.

export interface BorderOptions {
  /** cv2.BORDER_REPLICATE ('replicate', the default) or BORDER_CONSTANT ('constant'). */
  border?: BorderMode;
  /** The fill for 'constant'. Default 0. */
  borderValue?: number;
}

/** Shifts by whole pixels: dx from ±horizFrac·w, dy from ±vertFrac·h, each rounded half to even. */
export class Shift extends Augmentor {
  readonly border: BorderMode;
  readonly borderValue: number;

  constructor(readonly horizFrac = 0, readonly vertFrac = 0, { border = 'replicate', borderValue = 0 }: BorderOptions = {}) {
    super();
    checkArg('Shift', horizFrac < 1 && vertFrac < 1, `fractions must be < 1, got ${horizFrac}, ${vertFrac}`);
    this.border = border;
    this.borderValue = borderValue;
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    const maxDx = this.horizFrac * w;
    const maxDy = this.vertFrac * h;
    const dx = rint(this.randRange(-maxDx, maxDx));
    const dy = rint(this.randRange(-maxDy, maxDy));
    return new WarpAffineTransform([1, 0, dx, 0, 1, dy], [w, h], this.border, this.borderValue);
  }
}

/** `deg // stepDeg * stepDeg` when stepping. */
function stepAngle(deg: number, stepDeg: number | undefined): number {
  return stepDeg ? Math.floor(deg / stepDeg) * stepDeg : deg;
}

function checkStep(who: string, maxDeg: number, stepDeg: number | undefined): void {
  checkArg(who, stepDeg === undefined || (maxDeg === 180 && maxDeg % stepDeg === 0), `stepDeg needs maxDeg 180 and must divide it, got maxDeg ${maxDeg}, stepDeg ${stepDeg}`);
}

export interface RotationOptions extends BorderOptions {
  /** Range of the centre as a fraction of (w, h). Default [0, 1]. */
  centerRange?: readonly [number, number];
  /** Make the angle a multiple of this (needs maxDeg 180). */
  stepDeg?: number;
}

/**
 * Rotates by an angle drawn from ±maxDeg around a random centre. Draws: centre x, centre y (as
 * fractions of w, h), angle. The matrix is `getRotationMatrix2D(centre - 0.5, angle, 1)`; the
 * output keeps the input's size.
 */
export class Rotation extends Augmentor {
  readonly centerRange: readonly [number, number];
  readonly stepDeg: number | undefined;
  readonly border: BorderMode;
  readonly borderValue: number;

  constructor(readonly maxDeg: number, options: RotationOptions = {}) {
    super();
    this.centerRange = options.centerRange ?? [0, 1];
    this.stepDeg = options.stepDeg;
    this.border = options.border ?? 'replicate';
    this.borderValue = options.borderValue ?? 0;
    checkStep('Rotation', maxDeg, this.stepDeg);
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    const cx = w * this.randRange(this.centerRange[0], this.centerRange[1]);
    const cy = h * this.randRange(this.centerRange[0], this.centerRange[1]);
    const deg = stepAngle(this.randRange(-this.maxDeg, this.maxDeg), this.stepDeg);
    return new WarpAffineTransform(rotationMatrix2D(cx - 0.5, cy - 0.5, deg, 1), [w, h], this.border, this.borderValue);
  }
}

/** The largest axis-aligned rectangle inside a w×h rectangle rotated by `angle` degrees. */
export function largestRotatedRect(w: number, h: number, angle: number): [number, number] {
  const a = (angle / 180) * Math.PI;
  if (w <= 0 || h <= 0) return [0, 0];
  const widthIsLonger = w >= h;
  const [sideLong, sideShort] = widthIsLonger ? [w, h] : [h, w];
  const sinA = Math.abs(Math.sin(a));
  const cosA = Math.abs(Math.cos(a));
  let wr: number;
  let hr: number;
  if (sideShort <= 2 * sinA * cosA * sideLong) {
    const x = 0.5 * sideShort;
    [wr, hr] = widthIsLonger ? [x / sinA, x / cosA] : [x / cosA, x / sinA];
  } else {
    const cos2a = cosA * cosA - sinA * sinA;
    [wr, hr] = [(w * cosA - h * sinA) / cos2a, (h * cosA - w * sinA) / cos2a];
  }
  return [rint(wr), rint(hr)];
}

/** Rotates around the centre by ±maxDeg (black border), then crops the largest valid rectangle. */
export class RotationAndCropValid extends Augmentor {
  constructor(readonly maxDeg: number, readonly stepDeg?: number) {
    super();
    checkStep('RotationAndCropValid', maxDeg, stepDeg);
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    const deg = stepAngle(this.randRange(-this.maxDeg, this.maxDeg), this.stepDeg);
    const [cx, cy] = [w * 0.5, h * 0.5];
    const rot = new WarpAffineTransform(rotationMatrix2D(cx - 0.5, cy - 0.5, deg, 1), [w, h], 'constant');
    let [neww, newh] = largestRotatedRect(w, h, deg);
    neww = Math.min(neww, w);
    newh = Math.min(newh, h);
    return new TransformList([rot, new CropTransform(Math.trunc(cy - newh * 0.5), Math.trunc(cx - neww * 0.5), newh, neww)]);
  }
}

export interface AffineOptions extends BorderOptions {
  /** Scale range [a, b]; none keeps the scale. */
  scale?: readonly [number, number];
  /** Max translation as fractions of (w, h). */
  translateFrac?: readonly [number, number];
  /** Max rotation in degrees. Default 0. */
  rotateMaxDeg?: number;
  /** Max shear in degrees. Default 0. */
  shear?: number;
}

/**
 * A random affine map around the image centre: scale, translation, rotation, shear. Draws, in
 * tensorpack's order: scale (if given), dx, dy (if translating), shear (if > 0), angle.
 */
export class Affine extends Augmentor {
  readonly options: Required<Omit<AffineOptions, 'scale' | 'translateFrac'>> & Pick<AffineOptions, 'scale' | 'translateFrac'>;

  constructor(options: AffineOptions = {}) {
    super();
    const { scale, translateFrac, rotateMaxDeg = 0, shear = 0, border = 'replicate', borderValue = 0 } = options;
    checkArg('Affine', shear >= 0, `shear must be between 0 and 180, got ${shear}`);
    this.options = { scale, translateFrac, rotateMaxDeg, shear, border, borderValue };
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    const o = this.options;
    const scale = o.scale ? this.randRange(o.scale[0], o.scale[1]) : 1;
    let dx = 0;
    let dy = 0;
    if (o.translateFrac) {
      const maxDx = o.translateFrac[0] * w;
      const maxDy = o.translateFrac[1] * h;
      dx = rint(this.randRange(-maxDx, maxDx));
      dy = rint(this.randRange(-maxDy, maxDy));
    }
    let sinShear = 0;
    let cosShear = 1;
    if (o.shear > 0) {
      const shear = (this.randRange(-o.shear, o.shear) * Math.PI) / 180;
      sinShear = Math.sin(shear);
      cosShear = Math.cos(shear);
    }
    const [cx, cy] = [w * 0.5 - 0.5, h * 0.5 - 0.5];
    const deg = this.randRange(-o.rotateMaxDeg, o.rotateMaxDeg);
    const m = rotationMatrix2D(cx, cy, deg, scale);
    if (o.shear > 0) {
      const [m00, m01, , m10, m11] = m;
      m[1] = m01 * cosShear + m00 * sinShear;
      m[4] = m11 * cosShear + m10 * sinShear;
      // keep the centre in place
      m[2] = cx * (1 - m00) - cy * m[1];
      m[5] = -cx * m10 + cy * (1 - m[4]);
    }
    m[2] += dx;
    m[5] += dy;
    return new WarpAffineTransform(m as AffineMatrix, [w, h], o.border, o.borderValue);
  }
}
