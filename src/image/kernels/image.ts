import { NDArray } from '../../core/NDArray.ts';
import { DataFlowError } from '../../core/errors.ts';

/** The element types an image may have: tensorpack's augmentors take uint8 or float32 (never float64). */
export type ImageDType = 'uint8' | 'float32';

/**
 * An image: HWC (`[h, w, c]`) or, like OpenCV's 2-D arrays, HW (`[h, w]`) for a single channel.
 * Values are in [0, 255] (uint8) or float32 in [0, 1] or [0, 255].
 */
export type Image = NDArray<'uint8'> | NDArray<'float32'>;

/** An image's height, width, channels, and whether it has a channel axis (HWC) or not (HW). */
export interface ImageDims {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly channelAxis: boolean;
}

/** Throws unless `x` is a uint8/float32 NDArray of 2 or 3 dimensions; `who` names the caller. */
export function checkImage(who: string, x: unknown): asserts x is Image {
  if (!(x instanceof NDArray)) {
    const got = x === null ? 'null' : typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x;
    throw new DataFlowError(who, `expects an image NDArray, got ${got}`);
  }
  if (x.dtype !== 'uint8' && x.dtype !== 'float32') {
    throw new DataFlowError(who, `expects a uint8 or float32 image, got ${x.dtype}${x.dtype === 'float64' ? ' (float64 images are not supported, as in tensorpack)' : ''}`);
  }
  if (x.ndim !== 2 && x.ndim !== 3) throw new DataFlowError(who, `expects an image of shape [h,w] or [h,w,c], got ${x.toString()}`);
}

export function dimsOf(img: Image): ImageDims {
  const [h, w, c] = img.shape as [number, number, number?];
  return { h, w, c: c ?? 1, channelAxis: c !== undefined };
}

/** A rectangle of an image: rows y0..y0+h-1 and columns x0..x0+w-1 (what a crop keeps). */
export interface Window {
  readonly y0: number;
  readonly x0: number;
  readonly h: number;
  readonly w: number;
}

/** The window covering all of an image of these dims. */
export function fullWindow({ h, w }: ImageDims): Window {
  return { y0: 0, x0: 0, h, w };
}

/** Throws unless `win` has integer bounds and lies inside `img`; `who` names the caller. */
export function checkWindow(who: string, img: Image, win: Window): void {
  const { h, w } = dimsOf(img);
  const { y0, x0 } = win;
  if (!(Number.isInteger(y0) && Number.isInteger(x0) && Number.isInteger(win.h) && Number.isInteger(win.w) && y0 >= 0 && x0 >= 0 && win.h >= 0 && win.w >= 0 && y0 + win.h <= h && x0 + win.w <= w)) {
    throw new DataFlowError(who, `window ${win.h}x${win.w} at (y0=${y0}, x0=${x0}) does not fit in an image of shape [${img.shape.join(',')}]`);
  }
}

/** The shape of an image with these dims: [h, w, c], or [h, w] when it has no channel axis. */
export function imageShape(h: number, w: number, c: number, channelAxis: boolean): number[] {
  return channelAxis ? [h, w, c] : [h, w];
}

/** A new zero-filled image of the given dtype and dims. */
export function newImage(dtype: 'uint8', h: number, w: number, c: number, channelAxis: boolean): NDArray<'uint8'>;
export function newImage(dtype: 'float32', h: number, w: number, c: number, channelAxis: boolean): NDArray<'float32'>;
export function newImage(dtype: ImageDType, h: number, w: number, c: number, channelAxis: boolean): Image;
export function newImage(dtype: ImageDType, h: number, w: number, c: number, channelAxis: boolean): Image {
  return NDArray.zeros(imageShape(h, w, c, channelAxis), dtype) as Image;
}

/**
 * A new image whose contents are left as they were in memory, for kernels that write every
 * element: skips zeroing, which costs a third of a 224×224×3 resize. A plain typed array over
 * its own buffer (not a Buffer, not pooled).
 */
export function allocImage(dtype: 'uint8', h: number, w: number, c: number, channelAxis: boolean): NDArray<'uint8'>;
export function allocImage(dtype: 'float32', h: number, w: number, c: number, channelAxis: boolean): NDArray<'float32'>;
export function allocImage(dtype: ImageDType, h: number, w: number, c: number, channelAxis: boolean): Image;
export function allocImage(dtype: ImageDType, h: number, w: number, c: number, channelAxis: boolean): Image {
  const n = h * w * c;
  const buffer = Buffer.allocUnsafeSlow(dtype === 'uint8' ? n : n * 4).buffer;
  const shape = imageShape(h, w, c, channelAxis);
  return dtype === 'uint8' ? new NDArray(new Uint8Array(buffer, 0, n), shape, 'uint8') : new NDArray(new Float32Array(buffer, 0, n), shape, 'float32');
}

/** C's lrint / OpenCV's cvRound: nearest integer, ties to even. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** OpenCV's saturate_cast<uchar>(float): round half to even, then clamp to [0, 255]. */
export function saturateU8(x: number): number {
  const r = rint(x);
  return r < 0 ? 0 : r > 255 ? 255 : r;
}
