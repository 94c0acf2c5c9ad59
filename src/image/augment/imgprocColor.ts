import { checkArg, DataFlowError } from '../../core/errors.ts';
import { cvtColor } from '../kernels/color.ts';
import { gaussianBlur } from '../kernels/gaussianBlur.ts';
import { dimsOf, type Image } from '../kernels/image.ts';
import { Augmentor, type Transform } from './base.ts';
import { clip255, mapPixels, mapValues } from './pixels.ts';
import { PhotometricTransform } from './transformMeta.ts';

const f32 = Math.fround;

function check3(who: string, img: Image): void {
  if (dimsOf(img).c !== 3 || img.ndim !== 3) throw new DataFlowError(who, `needs a 3-channel image, got shape [${img.shape.join(',')}]`);
}

/**
 * Shifts the hue by an offset drawn from `range` (in OpenCV's 8-bit hue unit, 0–180): through
 * HSV, `H = (H + offset) % 180` for uint8 (`(H + 2 * offset) % 360` for float32), and back.
 * `rgb` says whether the input is RGB (default) or BGR.
 */
export class Hue extends Augmentor {
  constructor(readonly range: readonly [number, number] = [0, 180], readonly rgb = true) {
    super();
  }

  getTransform(img: Image): Transform {
    check3(this.name, img);
    const hue = this.randRange(this.range[0], this.range[1]);
    return new PhotometricTransform((im) => {
      check3(this.name, im);
      const hsv = cvtColor(im, this.rgb ? 'RGB2HSV' : 'BGR2HSV');
      const [period, step] = im.dtype === 'uint8' ? [180, hue] : [360, 2 * hue];
      const d = hsv.data;
      for (let i = 0; i < d.length; i += 3) {
        const v = f32(d[i]! + step) % period;
        d[i] = v < 0 ? v + period : v;
      }
      return cvtColor(hsv, this.rgb ? 'HSV2RGB' : 'HSV2BGR');
    }, `hue ${hue}`);
  }
}

/**
 * Blends with the gray image (fb.resnet.torch): `x * v + gray * (1 - v)`, v = 1 + a draw from
 * [-alpha, alpha). `rgb` (default true) says the input is RGB. uint8 results are clipped to
 * [0, 255] (tensorpack's `clip=False` leaves numpy's undefined out-of-range cast).
 */
export class Saturation extends Augmentor {
  constructor(readonly alpha = 0.4, readonly rgb = true, readonly clip = true) {
    super();
    checkArg('Saturation', alpha < 1, `alpha must be < 1, got ${alpha}`);
  }

  getTransform(img: Image): Transform {
    check3(this.name, img);
    const v = 1 + this.randRange(-this.alpha, this.alpha);
    return new PhotometricTransform((im, inPlace) => {
      check3(this.name, im);
      const gray = cvtColor(im, this.rgb ? 'RGB2GRAY' : 'BGR2GRAY').data;
      const clip = this.clip || im.dtype === 'uint8';
      let i = 0;
      return mapPixels(im, inPlace, im.dtype, (x, k) => {
        const y = x * v + gray[i]! * (1 - v);
        if (k === 2) i++;
        return clip ? clip255(y) : y;
      });
    }, `saturation ${v}`);
  }
}

/**
 * AlexNet's lighting noise (fb.resnet.torch): adds `eigvec · (n * eigval)` to each pixel, n = 3
 * normal draws times `std`, all float32. `eigval` has 3 values, `eigvec` is 3×3 (columns are
 * eigenvectors), given row by row.
 */
export class Lighting extends Augmentor {
  readonly eigval: Float32Array;
  readonly eigvec: Float32Array;

  constructor(readonly std: number, eigval: readonly number[], eigvec: readonly (readonly number[])[], readonly clip = true) {
    super();
    checkArg('Lighting', eigval.length === 3, `eigval must have 3 values, got ${eigval.length}`);
    checkArg('Lighting', eigvec.length === 3 && eigvec.every((r) => r.length === 3), 'eigvec must be 3×3');
    this.eigval = Float32Array.from(eigval);
    this.eigvec = Float32Array.from(eigvec.flat());
  }

  getTransform(img: Image): Transform {
    check3(this.name, img);
    const v = [0, 1, 2].map((k) => f32(f32(f32(this.rng.normal() * this.std)) * this.eigval[k]!));
    const inc = [0, 1, 2].map((r) => f32(f32(f32(this.eigvec[3 * r]! * v[0]!) + f32(this.eigvec[3 * r + 1]! * v[1]!)) + f32(this.eigvec[3 * r + 2]! * v[2]!)));
    return new PhotometricTransform((im, inPlace) => {
      check3(this.name, im);
      const clip = this.clip && im.dtype === 'uint8';
      return mapValues(im, inPlace, im.dtype, (x, k) => (clip ? clip255(f32(x + inc[k]!)) : f32(x + inc[k]!)));
    }, `lighting [${inc.join(', ')}]`);
  }
}

export interface GaussianBlurOptions {
  /** Half-size range [low, high): the kernel size is 2 * draw + 1. Default [0, 3]. */
  sizeRange?: readonly [number, number];
  /** Sigma range; 0 lets OpenCV derive sigma from the size. Default [0, 0]. */
  sigmaRange?: readonly [number, number];
  /** Same size and sigma for x and y (default true). */
  symmetric?: boolean;
}

/** Blurs with a Gaussian kernel of random size and sigma (cv2.GaussianBlur, BORDER_REPLICATE). */
export class GaussianBlur extends Augmentor {
  readonly sizeRange: readonly [number, number];
  readonly sigmaRange: readonly [number, number];
  readonly symmetric: boolean;

  constructor(options: GaussianBlurOptions = {}) {
    super();
    this.sizeRange = options.sizeRange ?? [0, 3];
    this.sigmaRange = options.sigmaRange ?? [0, 0];
    this.symmetric = options.symmetric ?? true;
  }

  getTransform(_img: Image): Transform {
    const sx = this.randInt(this.sizeRange[0], this.sizeRange[1]) * 2 + 1;
    const sy0 = this.randInt(this.sizeRange[0], this.sizeRange[1]) * 2 + 1;
    const sigx = this.randRange(this.sigmaRange[0], this.sigmaRange[1]);
    const sigy0 = this.randRange(this.sigmaRange[0], this.sigmaRange[1]);
    const [sy, sigy] = this.symmetric ? [sx, sigx] : [sy0, sigy0];
    return new PhotometricTransform((im) => gaussianBlur(im, sx, sy, sigx, sigy), `gaussian blur ${sx}x${sy} sigma ${sigx}, ${sigy}`);
  }
}

