import { checkArg } from '../../core/errors.ts';
import { cvtColor } from '../kernels/color.ts';
import { dimsOf, type Image } from '../kernels/image.ts';
import { meanF32, stdF32 } from '../kernels/numpySum.ts';
import { Augmentor, type Transform } from './base.ts';
import { affinePixels, asFloat32, clip255, lookupPixels, mapPixels, mapValues } from './pixels.ts';
import { PhotometricTransform } from './transformMeta.ts';

const f32 = Math.fround;

/** Adds one value drawn from [-delta, delta) to every pixel; clips to [0, 255] when `clip` (always for uint8). */
export class Brightness extends Augmentor {
  constructor(readonly delta: number, readonly clip = true) {
    super();
    checkArg('Brightness', delta > 0, `delta must be > 0, got ${delta}`);
  }

  getTransform(_img: Image): Transform {
    const v = this.randRange(-this.delta, this.delta);
    // float32(x * 1 + v) = float32(x + v): numpy's float32 addition
    return new PhotometricTransform((img, inPlace) => affinePixels(img, inPlace, 1, v, this.clip), `brightness ${v}`);
  }
}

/** Multiplies every pixel by one factor drawn from `range`; clips like Brightness. */
export class BrightnessScale extends Augmentor {
  constructor(readonly range: readonly [number, number], readonly clip = true) {
    super();
  }

  getTransform(_img: Image): Transform {
    const v = this.randRange(this.range[0], this.range[1]);
    return new PhotometricTransform((img, inPlace) => affinePixels(img, inPlace, v, 0, this.clip), `brightness scale ${v}`);
  }
}

/**
 * `x = x * r + mean * (1 - r)` with r drawn from `factorRange`. The mean is per channel when `rgb`
 * is undefined, else the mean of the image's gray (rgb: true → RGB2GRAY, false → BGR2GRAY); a
 * 2-D image uses its overall mean. The arithmetic follows numpy's types so that uint8 results
 * equal tensorpack's.
 */
export class Contrast extends Augmentor {
  readonly rgb: boolean | undefined;
  readonly clip: boolean;

  constructor(readonly factorRange: readonly [number, number], { rgb, clip = true }: { rgb?: boolean; clip?: boolean } = {}) {
    super();
    this.rgb = rgb;
    this.clip = clip;
  }

  getTransform(_img: Image): Transform {
    const r = this.randRange(this.factorRange[0], this.factorRange[1]);
    return new PhotometricTransform((img, inPlace) => this.apply(img, inPlace, r), `contrast ${r}`);
  }

  private apply(img: Image, inPlace: boolean, r: number): Image {
    const clip = this.clip || img.dtype === 'uint8';
    const fin = clip ? clip255 : (x: number) => x;
    const { c, channelAxis } = dimsOf(img);
    if (channelAxis && this.rgb === undefined) {
      const means = channelMeans(img);
      // uint8: numpy's float64 means make the sum float64; float32 means keep it float32
      const offsets = means.map((m) => (img.dtype === 'uint8' ? m * (1 - r) : f32(m * f32(1 - r))));
      const add = img.dtype === 'uint8' ? (x: number, k: number) => f32(x * r) + offsets[k]! : (x: number, k: number) => f32(f32(x * r) + offsets[k]!);
      return mapValues(img, inPlace, img.dtype, (x, k) => fin(add(x, k)));
    }
    let mean: number;
    if (channelAxis) {
      checkArg(this.name, c === 3, `rgb=${String(this.rgb)} needs a 3-channel image, got shape [${img.shape.join(',')}]`);
      mean = meanF32(cvtColor(asFloat32(img), this.rgb ? 'RGB2GRAY' : 'BGR2GRAY').data as Float32Array);
    } else {
      mean = img.dtype === 'uint8' ? sumOf(img.data) / img.size : meanF32(img.data as Float32Array);
    }
    const offset = f32(mean * (1 - r));
    return mapValues(img, inPlace, img.dtype, (x) => fin(f32(f32(x * r) + offset)));
  }
}

function sumOf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** Per-channel means over (h, w): exact float64 for uint8 (integer sums), float32 steps for float32. */
function channelMeans(img: Image): number[] {
  const { c } = dimsOf(img);
  const n = img.size / c;
  const sums = new Array<number>(c).fill(0);
  const s = img.data;
  const round = img.dtype === 'uint8' ? (x: number) => x : f32;
  for (let i = 0; i < s.length; i += c) for (let k = 0; k < c; k++) sums[k] = round(sums[k]! + s[i + k]!);
  return sums.map((sum) => (img.dtype === 'uint8' ? sum / n : f32(sum / n)));
}

/** Linearly scales to zero mean and unit variance: `(x - mean) / max(std, 1 / sqrt(size))`; float32 output. */
export class MeanVarianceNormalize extends Augmentor {
  constructor(readonly allChannel = true) {
    super();
  }

  getTransform(_img: Image): Transform {
    return new PhotometricTransform((img) => {
      const x = asFloat32(img);
      const floor = 1 / Math.sqrt(img.size);
      if (this.allChannel) {
        const mean = meanF32(x.data);
        const std = f32(Math.max(stdF32(x.data), floor));
        return mapPixels(x, x !== img, 'float32', (v) => f32(v - mean) / std);
      }
      const { c } = dimsOf(x);
      const means = channelMeans(x);
      const stds = means.map((m, k) => {
        let acc = 0;
        for (let i = k; i < x.size; i += c) acc = f32(acc + f32(f32(x.data[i]! - m) * f32(x.data[i]! - m)));
        return f32(Math.max(f32(Math.sqrt(f32(acc / (x.size / c)))), floor));
      });
      return mapPixels(x, x !== img, 'float32', (v, k) => f32(v - means[k]!) / stds[k]!);
    }, 'mean-variance normalize');
  }
}

/** Linearly scales to [min, max] (over all channels, or per channel); float32 output. */
export class MinMaxNormalize extends Augmentor {
  constructor(readonly min = 0, readonly max = 255, readonly allChannel = true) {
    super();
  }

  getTransform(_img: Image): Transform {
    return new PhotometricTransform((img) => {
      const x = asFloat32(img);
      const { c } = dimsOf(x);
      const groups = this.allChannel ? 1 : c;
      const lo = new Array<number>(groups).fill(Infinity);
      const hi = new Array<number>(groups).fill(-Infinity);
      for (let i = 0; i < x.size; i++) {
        const g = this.allChannel ? 0 : i % c;
        const v = x.data[i]!;
        if (v < lo[g]!) lo[g] = v;
        if (v > hi[g]!) hi[g] = v;
      }
      const span = this.max - this.min;
      return mapPixels(x, x !== img, 'float32', (v, k) => {
        const g = this.allChannel ? 0 : k;
        return f32(f32(f32(span * f32(v - lo[g]!)) / f32(hi[g]! - lo[g]!)) + this.min);
      });
    }, `min-max normalize to [${this.min}, ${this.max}]`);
  }
}

/** Randomly adjusts gamma: a lookup table `(i / 255) ** (1 / (1 + g)) * 255` (uint8), g drawn from `range`. */
export class Gamma extends Augmentor {
  constructor(readonly range: readonly [number, number] = [-0.5, 0.5]) {
    super();
  }

  getTransform(_img: Image): Transform {
    const g = this.randRange(this.range[0], this.range[1]);
    const lut = gammaTable(g);
    return new PhotometricTransform((img, inPlace) => lookupPixels(img, inPlace, lut), `gamma ${g}`);
  }
}

/** tensorpack's gamma table: float32 steps, truncated to uint8. */
export function gammaTable(g: number): Uint8Array {
  const e = 1 / (1 + g);
  const lut = new Uint8Array(256);
  for (let i = 0; i < 256; i++) lut[i] = f32(f32(Math.pow(f32(i / 255), e)) * 255);
  return lut;
}

/** Clips pixel values to [min, max]. */
export class Clip extends Augmentor {
  constructor(readonly min = 0, readonly max = 255) {
    super();
  }

  getTransform(_img: Image): Transform {
    const { min, max } = this;
    return new PhotometricTransform((img, inPlace) => mapValues(img, inPlace, img.dtype, (x) => (x < min ? min : x > max ? max : x)), `clip [${min}, ${max}]`);
  }
}
