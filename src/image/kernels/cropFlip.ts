import { turbojpeg } from '../decode/turbojpeg.ts';
import { dimsOf, type Image, type Window } from './image.ts';

/**
 * `img[y0:y0+h, x0:x0+w]`, mirrored left-right when `flip`, written into `dst` from element
 * `offset` (dst has src's element type): what RandomCrop then Flip make, in one pass and with no
 * image in between, for writing augmented images straight into their batch slot. A native
 * kernel (the JPEG add-on's `cropFlip`): the per-byte mirror loop costs ~10× more in TypeScript.
 * The window must lie inside the image (see checkWindow).
 */
export function cropFlipInto(src: Image, win: Window, flip: boolean, dst: Image['data'], offset: number): void {
  const { w, c } = dimsOf(src);
  const bytes = src.data.BYTES_PER_ELEMENT;
  const s = new Uint8Array(src.data.buffer, src.data.byteOffset, src.data.byteLength);
  const d = new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength);
  turbojpeg().cropFlip(s, w, c * bytes, win.x0, win.y0, win.w, win.h, flip, d, offset * bytes);
}
