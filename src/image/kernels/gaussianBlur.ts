import { dimsOf, newImage, saturateU8, type Image } from './image.ts';

/** OpenCV's fixed small kernels, used when sigma ≤ 0 and the size is at most 7. */
const SMALL: Record<number, readonly number[]> = {
  1: [1],
  3: [0.25, 0.5, 0.25],
  5: [0.0625, 0.25, 0.375, 0.25, 0.0625],
  7: [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
};

/** cv2.getGaussianKernel(n, sigma): a sigma ≤ 0 is derived from the size as OpenCV does. */
export function gaussianKernel(n: number, sigma: number): Float64Array {
  if (sigma <= 0 && SMALL[n]) return Float64Array.from(SMALL[n]);
  const s = sigma > 0 ? sigma : ((n - 1) * 0.5 - 1) * 0.3 + 0.8;
  const k = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = i - (n - 1) * 0.5;
    k[i] = Math.exp(-(x * x) / (2 * s * s));
    sum += k[i]!;
  }
  for (let i = 0; i < n; i++) k[i]! /= sum;
  return k;
}

/**
 * cv2.GaussianBlur(img, (kw, kh), sigmaX, sigmaY, borderType=BORDER_REPLICATE): a separable
 * convolution in double precision, rounded half to even for uint8. OpenCV's own uint8 path uses
 * fixed-point kernels, so a value may differ from OpenCV's by 1.
 */
export function gaussianBlur(img: Image, kw: number, kh: number, sigmaX: number, sigmaY: number): Image {
  const { h, w, c, channelAxis } = dimsOf(img);
  const kx = gaussianKernel(kw, sigmaX);
  const ky = gaussianKernel(kh, sigmaY > 0 ? sigmaY : sigmaX);
  const rx = (kw - 1) >> 1;
  const ry = (kh - 1) >> 1;
  const s = img.data;
  const rowStride = w * c;
  const tmp = new Float64Array(s.length);
  for (let y = 0; y < h; y++) {
    const base = y * rowStride;
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = 0; k < kw; k++) {
          const xx = Math.min(Math.max(x + k - rx, 0), w - 1);
          acc += s[base + xx * c + ch]! * kx[k]!;
        }
        tmp[base + x * c + ch] = acc;
      }
    }
  }
  const out = newImage(img.dtype, h, w, c, channelAxis);
  const d = out.data;
  const round = img.dtype === 'uint8' ? saturateU8 : Math.fround;
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < rowStride; i++) {
      let acc = 0;
      for (let k = 0; k < kh; k++) acc += tmp[Math.min(Math.max(y + k - ry, 0), h - 1) * rowStride + i]! * ky[k]!;
      d[y * rowStride + i] = round(acc);
    }
  }
  return out;
}
