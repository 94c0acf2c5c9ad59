import { dimsOf, fullWindow, newImage, saturateU8, type Image, type Window } from './image.ts';
import { resizeLinear } from './resizeLinear.ts';

const f32 = Math.fround;

/** One weighted source index of OpenCV's area table: destination index, source index, weight. */
interface AreaTab {
  readonly di: Int32Array;
  readonly si: Int32Array;
  readonly alpha: Float32Array;
  readonly n: number;
}

/** OpenCV's computeResizeAreaTab: each destination cell covers `scale` source cells, partial cells weighted by their overlap. */
function areaTab(ssize: number, dsize: number, cn: number, scale: number): AreaTab {
  const di = new Int32Array(ssize * 2);
  const si = new Int32Array(ssize * 2);
  const alpha = new Float32Array(ssize * 2);
  let k = 0;
  const push = (d: number, s: number, a: number): void => {
    di[k] = d * cn;
    si[k] = s * cn;
    alpha[k++] = a;
  };
  for (let dx = 0; dx < dsize; dx++) {
    const fsx1 = dx * scale;
    const fsx2 = fsx1 + scale;
    const cellWidth = Math.min(scale, ssize - fsx1);
    let sx2 = Math.floor(fsx2);
    sx2 = Math.min(sx2, ssize - 1);
    const sx1 = Math.min(Math.ceil(fsx1), sx2);
    if (sx1 - fsx1 > 1e-3) push(dx, sx1 - 1, (sx1 - fsx1) / cellWidth);
    for (let sx = sx1; sx < sx2; sx++) push(dx, sx, 1 / cellWidth);
    if (fsx2 - sx2 > 1e-3) push(dx, sx2, Math.min(Math.min(fsx2 - sx2, 1), cellWidth) / cellWidth);
  }
  return { di, si, alpha, n: k };
}

/**
 * cv2.resize with INTER_AREA. Shrinking on both axes averages the covered source pixels with
 * OpenCV's float weights and its order of float32 sums (resizeArea_), rounding half to even;
 * otherwise OpenCV falls back to bilinear interpolation with area coefficients, and so do we.
 * (OpenCV's fast path for integer factors rounds `(sum + 2) >> 2` instead, which may differ by 1.)
 * Reads `win` (default: the whole image).
 */
export function resizeArea(src: Image, newH: number, newW: number, win: Window = fullWindow(dimsOf(src))): Image {
  const { w: stride, c, channelAxis } = dimsOf(src);
  const { h, w } = win;
  const scaleX = 1 / (newW / w);
  const scaleY = 1 / (newH / h);
  if (scaleX < 1 || scaleY < 1) return resizeLinear(src, newH, newW, true, win);
  const xt = areaTab(w, newW, c, scaleX);
  const yt = areaTab(h, newH, 1, scaleY);
  const W = newW * c;
  const out = newImage(src.dtype, newH, newW, c, channelAxis);
  const s = src.data;
  const d = out.data;
  const round = src.dtype === 'uint8' ? saturateU8 : f32;
  const buf = new Float32Array(W);
  const sum = new Float32Array(W);
  let prevDy = yt.di[0]!;
  for (let j = 0; j < yt.n; j++) {
    const beta = yt.alpha[j]!;
    const dy = yt.di[j]!;
    const rowBase = ((win.y0 + yt.si[j]!) * stride + win.x0) * c;
    buf.fill(0);
    for (let k = 0; k < xt.n; k++) {
      const dxn = xt.di[k]!;
      const sxn = rowBase + xt.si[k]!;
      const a = xt.alpha[k]!;
      for (let ch = 0; ch < c; ch++) buf[dxn + ch] = buf[dxn + ch]! + f32(s[sxn + ch]! * a);
    }
    if (dy !== prevDy) {
      const o = prevDy * W;
      for (let x = 0; x < W; x++) {
        d[o + x] = round(sum[x]!);
        sum[x] = beta * buf[x]!;
      }
      prevDy = dy;
    } else {
      for (let x = 0; x < W; x++) sum[x] = sum[x]! + f32(beta * buf[x]!);
    }
  }
  const o = prevDy * W;
  for (let x = 0; x < W; x++) d[o + x] = round(sum[x]!);
  return out;
}
