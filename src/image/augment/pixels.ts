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
