import { dimsOf, type Image } from './image.ts';

/** Reused for swapping rows in place (one thread flips one image at a time). */
let rowTmp = new Uint8Array(0);

/**
 * cv2.flip: mirrors `src` left-right (`horiz`) or upside down into `dst`, an image of the same
 * shape and dtype: `src` itself, or one that does not overlap it. Every element of `dst` is written.
 */
export function flipInto(src: Image, horiz: boolean, dst: Image): void {
  const { h, w, c } = dimsOf(src);
  const bytesPerValue = src.data.BYTES_PER_ELEMENT;
  // both dtypes are moved as bytes: a left-right flip of pixels of c values of b bytes each
  const s = new Uint8Array(src.data.buffer, src.data.byteOffset, src.data.byteLength);
  const d = new Uint8Array(dst.data.buffer, dst.data.byteOffset, dst.data.byteLength);
  const rowLen = w * c * bytesPerValue;
  if (horiz) {
    const px = c * bytesPerValue;
    for (let base = 0; base < s.length; base += rowLen) {
      if (px === 3) mirrorRow3(s, d, base, base + rowLen - 3);
      else if (px === 1) mirrorRow1(s, d, base, base + rowLen - 1);
      else mirrorRow(s, d, base, base + rowLen - px, px);
    }
    return;
  }
  if (src.data !== dst.data) {
    for (let y = 0; y < h; y++) d.set(s.subarray(y * rowLen, y * rowLen + rowLen), (h - 1 - y) * rowLen);
    return;
  }
  if (rowTmp.length < rowLen) rowTmp = new Uint8Array(rowLen);
  const tmp = rowTmp;
  for (let a = 0, b = (h - 1) * rowLen; a <= b; a += rowLen, b -= rowLen) {
    tmp.set(s.subarray(a, a + rowLen));
    d.set(s.subarray(b, b + rowLen), a);
    d.set(tmp.subarray(0, rowLen), b);
  }
}

/** Swaps 3-byte pixels i and j from both ends of a row inward (the middle one, if any, copies itself). */
function mirrorRow3(s: Uint8Array, d: Uint8Array, i: number, j: number): void {
  for (; i <= j; i += 3, j -= 3) {
    const a0 = s[i]!;
    const a1 = s[i + 1]!;
    const a2 = s[i + 2]!;
    d[i] = s[j]!;
    d[i + 1] = s[j + 1]!;
    d[i + 2] = s[j + 2]!;
    d[j] = a0;
    d[j + 1] = a1;
    d[j + 2] = a2;
  }
}

function mirrorRow1(s: Uint8Array, d: Uint8Array, i: number, j: number): void {
  for (; i <= j; i++, j--) {
    const a = s[i]!;
    d[i] = s[j]!;
    d[j] = a;
  }
}

function mirrorRow(s: Uint8Array, d: Uint8Array, i: number, j: number, px: number): void {
  for (; i <= j; i += px, j -= px) {
    for (let k = 0; k < px; k++) {
      const a = s[i + k]!;
      d[i + k] = s[j + k]!;
      d[j + k] = a;
    }
  }
}
