import { NDArray } from '../../core/NDArray.ts';
import { dimsOf, type Image, type ImageDType } from '../kernels/image.ts';

/**
 * A new image (or `img` itself when `inPlace` and the dtype stays) with `out[i] = f(img[i], channel)`.
 * Writing into a Uint8Array truncates toward zero, as numpy's `astype(uint8)` does for values
 * that `f` has already clipped to [0, 255]; a Float32Array rounds to float32, as `astype(float32)`.
 */
export function mapPixels(img: Image, inPlace: boolean, dtype: ImageDType, f: (v: number, channel: number) => number): Image {
  const out = inPlace && dtype === img.dtype ? img : (NDArray.zeros(img.shape, dtype) as Image);
  const s = img.data;
  const d = out.data;
  const { c } = dimsOf(img);
  if (c === 1) {
    for (let i = 0; i < s.length; i++) d[i] = f(s[i]!, 0);
  } else {
    for (let i = 0; i < s.length; i += c) for (let k = 0; k < c; k++) d[i + k] = f(s[i + k]!, k);
  }
  return out;
}

export function clip255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** The image as float32 (a copy for uint8 input, the image itself for float32). */
export function asFloat32(img: Image): NDArray<'float32'> {
  return img.dtype === 'float32' ? img : new NDArray(Float32Array.from(img.data), img.shape.slice(), 'float32');
}

/**
 * `out[i] = float32(x * scale + offset)`, clipped to [0, 255] when `clip`: Brightness and
 * BrightnessScale in one monomorphic loop (a per-pixel callback costs several times more).
 */
export function affinePixels(img: Image, inPlace: boolean, scale: number, offset: number, clip: boolean): Image {
  const out = inPlace ? img : (NDArray.zeros(img.shape, img.dtype) as Image);
  const f32 = Math.fround;
  if (img.dtype === 'uint8') {
    const s = img.data;
    const d = out.data as Uint8Array;
    for (let i = 0; i < s.length; i++) {
      const y = f32(s[i]! * scale + offset);
      d[i] = y < 0 ? 0 : y > 255 ? 255 : y;
    }
    return out;
  }
  const s = img.data;
  const d = out.data as Float32Array;
  for (let i = 0; i < s.length; i++) {
    const y = f32(s[i]! * scale + offset);
    d[i] = clip ? (y < 0 ? 0 : y > 255 ? 255 : y) : y;
  }
  return out;
}

/** `out[i] = lut[x]` for uint8 images (cv2.LUT); float32 values are clipped and truncated to an index first. */
export function lookupPixels(img: Image, inPlace: boolean, lut: Uint8Array): Image {
  const out = inPlace ? img : (NDArray.zeros(img.shape, img.dtype) as Image);
  const s = img.data;
  const d = out.data;
  if (img.dtype === 'uint8') {
    for (let i = 0; i < s.length; i++) d[i] = lut[s[i]!]!;
  } else {
    for (let i = 0; i < s.length; i++) d[i] = lut[Math.trunc(clip255(s[i]!))]!;
  }
  return out;
}
