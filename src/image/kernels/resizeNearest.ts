import { dimsOf, fullWindow, allocImage, type Image, type Window } from './image.ts';

/**
 * OpenCV's INTER_NEAREST resize (resizeNN): destination pixel x reads source column
 * `min(floor(x * (1 / (newW / w))), w - 1)`, with OpenCV's double-precision scale, so the
 * picked pixels are the same as cv2.resize's. Reads `win` (default: the whole image).
 */
export function resizeNearest(src: Image, newH: number, newW: number, win: Window = fullWindow(dimsOf(src))): Image {
  const { w: stride, c, channelAxis } = dimsOf(src);
  const { h, w } = win;
  const out = allocImage(src.dtype, newH, newW, c, channelAxis);
  const ifx = 1 / (newW / w);
  const ify = 1 / (newH / h);
  const xofs = new Int32Array(newW);
  for (let x = 0; x < newW; x++) xofs[x] = (win.x0 + Math.min(Math.floor(x * ifx), w - 1)) * c;
  const s = src.data;
  const d = out.data;
  let o = 0;
  for (let y = 0; y < newH; y++) {
    const row = (win.y0 + Math.min(Math.floor(y * ify), h - 1)) * stride * c;
    if (c === 1) {
      for (let x = 0; x < newW; x++) d[o++] = s[row + xofs[x]!]!;
    } else if (c === 3) {
      for (let x = 0; x < newW; x++) {
        const i = row + xofs[x]!;
        d[o] = s[i]!;
        d[o + 1] = s[i + 1]!;
        d[o + 2] = s[i + 2]!;
        o += 3;
      }
    } else {
      for (let x = 0; x < newW; x++) {
        const i = row + xofs[x]!;
        for (let k = 0; k < c; k++) d[o++] = s[i + k]!;
      }
    }
  }
  return out;
}
