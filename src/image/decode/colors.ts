/** OpenCV's fixed-point RGB → gray (cvtColor, imread): (4899 R + 9617 G + 1868 B + 2^13) >> 14. */
export function grayOf(r: number, g: number, b: number): number {
  return (r * 4899 + g * 9617 + b * 1868 + 8192) >> 14;
}

/** Writes one RGB pixel at `out[d]` as gray (channels 1) or in the order whose R index is `r0` (0 rgb, 2 bgr). */
export function putPixel(out: Uint8Array, d: number, r: number, g: number, b: number, channels: 1 | 3, r0: 0 | 2): void {
  if (channels === 1) {
    out[d] = grayOf(r, g, b);
  } else {
    out[d + r0] = r;
    out[d + 1] = g;
    out[d + 2 - r0] = b;
  }
}

/**
 * A CMYK JPEG's inks (as libjpeg returns them: Adobe's inverted CMYK) to RGB, BGR or gray, with
 * OpenCV's formulas (icvCvt_CMYK2BGR_8u_C4C3R / CMYK2Gray): channel = k - ((255 - ink) * k >> 8).
 */
export function cmykToImage(cmyk: Uint8Array, out: Uint8Array, channels: 1 | 3, order: 'rgb' | 'bgr'): void {
  const r0 = order === 'rgb' ? 0 : 2;
  for (let s = 0, d = 0; s < cmyk.length; s += 4, d += channels) {
    const k = cmyk[s + 3]!;
    const r = k - (((255 - cmyk[s]!) * k) >> 8);
    const g = k - (((255 - cmyk[s + 1]!) * k) >> 8);
    const b = k - (((255 - cmyk[s + 2]!) * k) >> 8);
    putPixel(out, d, r, g, b, channels, r0);
  }
}
