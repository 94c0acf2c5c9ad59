import { NDArray } from '../../core/NDArray.ts';
import { allocImage, dimsOf, type Image, type ImageDType } from '../kernels/image.ts';

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

/**
 * `mapPixels` for an `f` that depends on nothing but the value and its channel: a uint8 image
 * goes through a lookup table per channel (`f` evaluated 256 times each, its results stored in
 * the output's element type as a direct write would), so the output is the same, in a few
 * table reads per pixel; other images are mapped value by value. `sameForAllChannels` says that
 * `f` ignores the channel: one table then serves all.
 */
export function mapValues(img: Image, inPlace: boolean, dtype: ImageDType, f: (v: number, channel: number) => number, sameForAllChannels = false): Image {
  if (img.dtype !== 'uint8') return mapPixels(img, inPlace, dtype, f);
  const { h, w, c, channelAxis } = dimsOf(img);
  const tables = sameForAllChannels ? 1 : c;
  const lut = dtype === 'uint8' ? new Uint8Array(256 * tables) : new Float32Array(256 * tables);
  for (let k = 0; k < tables; k++) for (let v = 0; v < 256; v++) lut[(k << 8) | v] = f(v, k);
  const out = inPlace && dtype === 'uint8' ? img : allocImage(dtype, h, w, c, channelAxis);
  if (out.dtype === 'uint8') lookupU8(img.data, out.data, lut as Uint8Array, tables);
  else lookupF32(img.data, out.data, lut as Float32Array, tables);
  return out;
}

/** `d[i] = lut[channel << 8 | s[i]]`, channel = i mod c. */
function lookupU8(s: Uint8Array, d: Uint8Array, lut: Uint8Array, c: number): void {
  const n = s.length;
  if (c === 1) {
    // unrolled: the loop's own overhead is most of a table read's cost
    const n4 = n & ~3;
    let i = 0;
    for (; i < n4; i += 4) {
      d[i] = lut[s[i]!]!;
      d[i + 1] = lut[s[i + 1]!]!;
      d[i + 2] = lut[s[i + 2]!]!;
      d[i + 3] = lut[s[i + 3]!]!;
    }
    for (; i < n; i++) d[i] = lut[s[i]!]!;
  } else if (c === 3) {
    for (let i = 0; i < n; i += 3) {
      d[i] = lut[s[i]!]!;
      d[i + 1] = lut[256 | s[i + 1]!]!;
      d[i + 2] = lut[512 | s[i + 2]!]!;
    }
  } else {
    for (let i = 0; i < n; i += c) for (let k = 0; k < c; k++) d[i + k] = lut[(k << 8) | s[i + k]!]!;
  }
}

function lookupF32(s: Uint8Array, d: Float32Array, lut: Float32Array, c: number): void {
  for (let i = 0; i < s.length; i += c) for (let k = 0; k < c; k++) d[i + k] = lut[(k << 8) | s[i + k]!]!;
}

export function clip255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** A float32 image clipped to [0, 255] and truncated to uint8, as numpy's `np.clip(x, 0, 255).astype(uint8)`. */
export function clipToUint8(img: NDArray<'float32'>): NDArray<'uint8'> {
  const { h, w, c, channelAxis } = dimsOf(img);
  const out = allocImage('uint8', h, w, c, channelAxis);
  const s = img.data;
  const d = out.data;
  // a uint8 write truncates toward zero (NaN becomes 0)
  for (let i = 0; i < s.length; i++) {
    const v = s[i]!;
    d[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

/** The image as float32 (a copy for uint8 input, the image itself for float32). */
export function asFloat32(img: Image): NDArray<'float32'> {
  return img.dtype === 'float32' ? img : new NDArray(new Float32Array(img.data), img.shape.slice(), 'float32');
}

/**
 * `out[i] = float32(x * scale + offset)`, clipped to [0, 255] when `clip` (uint8 output always
 * is): Brightness and BrightnessScale. uint8 images go through a lookup table of that formula.
 */
export function affinePixels(img: Image, inPlace: boolean, scale: number, offset: number, clip: boolean): Image {
  const f32 = Math.fround;
  if (img.dtype === 'uint8') {
    // the table stores into uint8 as the value loop did: clipped, then truncated
    return mapValues(img, inPlace, 'uint8', (x) => {
      const y = f32(x * scale + offset);
      return y < 0 ? 0 : y > 255 ? 255 : y;
    }, true);
  }
  const out = inPlace ? img : (NDArray.zeros(img.shape, img.dtype) as Image);
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
  if (img.dtype === 'uint8') {
    const { h, w, c, channelAxis } = dimsOf(img);
    const out = inPlace ? img : allocImage('uint8', h, w, c, channelAxis);
    lookupU8(img.data, out.data, lut, 1);
    return out;
  }
  const out = inPlace ? img : (NDArray.zeros(img.shape, img.dtype) as Image);
  const s = img.data;
  const d = out.data;
  for (let i = 0; i < s.length; i++) d[i] = lut[Math.trunc(clip255(s[i]!))]!;
  return out;
}
