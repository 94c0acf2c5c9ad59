import { dimsOf, newImage, rint, type Image } from './image.ts';

/** OpenCV's border modes that warpAffine implements here. */
export type BorderMode = 'replicate' | 'constant';

/** A 2×3 affine matrix in row order: [m00, m01, m02, m10, m11, m12]; dst = M · [x, y, 1]. */
export type AffineMatrix = readonly [number, number, number, number, number, number];

const AB_BITS = 10;
const AB_SCALE = 1 << AB_BITS;
const INTER_BITS = 5;
const INTER_TAB_SIZE = 1 << INTER_BITS;
/** Half a 1/32 cell, in AB_SCALE units: OpenCV's round_delta for bilinear interpolation. */
const ROUND_DELTA = AB_SCALE / INTER_TAB_SIZE / 2;

/** cv2.invertAffineTransform. */
export function invertAffine(m: AffineMatrix): AffineMatrix {
  let det = m[0] * m[4] - m[1] * m[3];
  det = det !== 0 ? 1 / det : 0;
  const a11 = m[4] * det;
  const a22 = m[0] * det;
  const a12 = -m[1] * det;
  const a21 = -m[3] * det;
  return [a11, a12, -a11 * m[2] - a12 * m[5], a21, a22, -a21 * m[2] - a22 * m[5]];
}

/** cv2.getRotationMatrix2D(center, angle in degrees, scale). */
export function rotationMatrix2D(cx: number, cy: number, angle: number, scale: number): [number, number, number, number, number, number] {
  const rad = (angle * Math.PI) / 180;
  const alpha = Math.cos(rad) * scale;
  const beta = Math.sin(rad) * scale;
  return [alpha, beta, (1 - alpha) * cx - beta * cy, -beta, alpha, beta * cx + (1 - alpha) * cy];
}

/**
 * cv2.warpAffine(src, M, (dstW, dstH), INTER_LINEAR, border, borderValue) with OpenCV's
 * arithmetic: the inverse map is sampled in 1/32-pixel fixed point (10-bit accumulators per row
 * and column, as warpAffine's invoker does), then bilinear weights from that 32×32 table: 15-bit
 * integers for uint8 images (rounded `(sum + 2^14) >> 15`), floats for float32 images.
 * BORDER_REPLICATE clamps each tap to the image; BORDER_CONSTANT reads `borderValue` outside it.
 */
export function warpAffine(src: Image, m: AffineMatrix, dstW: number, dstH: number, border: BorderMode, borderValue = 0): Image {
  const { h, w, c, channelAxis } = dimsOf(src);
  const inv = invertAffine(m);
  const out = newImage(src.dtype, dstH, dstW, c, channelAxis);
  const adelta = new Int32Array(dstW);
  const bdelta = new Int32Array(dstW);
  for (let x = 0; x < dstW; x++) {
    adelta[x] = rint(inv[0] * x * AB_SCALE);
    bdelta[x] = rint(inv[3] * x * AB_SCALE);
  }
  const s = src.data;
  const d = out.data;
  const isU8 = src.dtype === 'uint8';
  const shift = AB_BITS - INTER_BITS;
  const mask = INTER_TAB_SIZE - 1;
  const rowStride = w * c;
  const constant = border === 'constant';
  let o = 0;
  for (let y = 0; y < dstH; y++) {
    const X0 = rint((inv[1] * y + inv[2]) * AB_SCALE) + ROUND_DELTA;
    const Y0 = rint((inv[4] * y + inv[5]) * AB_SCALE) + ROUND_DELTA;
    for (let x = 0; x < dstW; x++, o += c) {
      const X = (X0 + adelta[x]!) >> shift;
      const Y = (Y0 + bdelta[x]!) >> shift;
      const sx = X >> INTER_BITS;
      const sy = Y >> INTER_BITS;
      const fx = X & mask;
      const fy = Y & mask;
      if (constant && (sx >= w || sx + 1 < 0 || sy >= h || sy + 1 < 0)) {
        for (let k = 0; k < c; k++) d[o + k] = borderValue;
        continue;
      }
      // tap offsets, or -1 for a tap outside the image under BORDER_CONSTANT
      let x0 = sx;
      let x1 = sx + 1;
      let y0 = sy;
      let y1 = sy + 1;
      if (constant) {
        if (x0 < 0) x0 = -1;
        if (x1 >= w) x1 = -1;
        if (y0 < 0) y0 = -1;
        if (y1 >= h) y1 = -1;
      } else {
        x0 = x0 < 0 ? 0 : x0 >= w ? w - 1 : x0;
        x1 = x1 < 0 ? 0 : x1 >= w ? w - 1 : x1;
        y0 = y0 < 0 ? 0 : y0 >= h ? h - 1 : y0;
        y1 = y1 < 0 ? 0 : y1 >= h ? h - 1 : y1;
      }
      const i00 = y0 < 0 || x0 < 0 ? -1 : y0 * rowStride + x0 * c;
      const i01 = y0 < 0 || x1 < 0 ? -1 : y0 * rowStride + x1 * c;
      const i10 = y1 < 0 || x0 < 0 ? -1 : y1 * rowStride + x0 * c;
      const i11 = y1 < 0 || x1 < 0 ? -1 : y1 * rowStride + x1 * c;
      if (isU8) {
        // the 2-D table entry: (32 - fy)(32 - fx) etc. scaled to 2^15, exact integers
        const w00 = (INTER_TAB_SIZE - fy) * (INTER_TAB_SIZE - fx) * 32;
        const w01 = (INTER_TAB_SIZE - fy) * fx * 32;
        const w10 = fy * (INTER_TAB_SIZE - fx) * 32;
        const w11 = fy * fx * 32;
        for (let k = 0; k < c; k++) {
          const v00 = i00 < 0 ? borderValue : s[i00 + k]!;
          const v01 = i01 < 0 ? borderValue : s[i01 + k]!;
          const v10 = i10 < 0 ? borderValue : s[i10 + k]!;
          const v11 = i11 < 0 ? borderValue : s[i11 + k]!;
          const v = (v00 * w00 + v01 * w01 + v10 * w10 + v11 * w11 + (1 << 14)) >> 15;
          d[o + k] = v < 0 ? 0 : v > 255 ? 255 : v;
        }
      } else {
        const f32 = Math.fround;
        const ax = fx / INTER_TAB_SIZE;
        const ay = fy / INTER_TAB_SIZE;
        const w00 = f32((1 - ay) * (1 - ax));
        const w01 = f32((1 - ay) * ax);
        const w10 = f32(ay * (1 - ax));
        const w11 = f32(ay * ax);
        for (let k = 0; k < c; k++) {
          const v00 = i00 < 0 ? borderValue : s[i00 + k]!;
          const v01 = i01 < 0 ? borderValue : s[i01 + k]!;
          const v10 = i10 < 0 ? borderValue : s[i10 + k]!;
          const v11 = i11 < 0 ? borderValue : s[i11 + k]!;
          d[o + k] = f32(f32(f32(f32(v00 * w00) + f32(v01 * w01)) + f32(v10 * w10)) + f32(v11 * w11));
        }
      }
    }
  }
  return out;
}
