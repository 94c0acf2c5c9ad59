import { dimsOf, allocImage, type Image, type Window } from './image.ts';

/** `img[y0:y0+h, x0:x0+w]` as a new image (the window must lie inside the image: see checkWindow). */
export function cropImage(src: Image, win: Window): Image {
  const { w, c, channelAxis } = dimsOf(src);
  const out = allocImage(src.dtype, win.h, win.w, c, channelAxis);
  const s = src.data as Uint8Array;
  const d = out.data as Uint8Array;
  const rowLen = win.w * c;
  for (let y = 0, o = 0; y < win.h; y++, o += rowLen) {
    const from = ((win.y0 + y) * w + win.x0) * c;
    d.set(s.subarray(from, from + rowLen), o);
  }
  return out;
}
