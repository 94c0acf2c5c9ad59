import { DataFlowError } from '../../core/errors.ts';
import { cropImage } from './crop.ts';
import { checkWindow, dimsOf, fullWindow, type Image, type Window } from './image.ts';
import { resizeArea } from './resizeArea.ts';
import { resizeLinear } from './resizeLinear.ts';
import { resizeNearest } from './resizeNearest.ts';

/** OpenCV's interpolation flags that the kernels implement: INTER_NEAREST, INTER_LINEAR, INTER_AREA. */
export type Interp = 'nearest' | 'linear' | 'area';

export const INTERPS: readonly Interp[] = ['nearest', 'linear', 'area'];

/**
 * cv2.resize(img, (newW, newH), interpolation): a new image; the same size gives a copy, as in
 * OpenCV. With `win`, resizes that window of `img` as cv2.resize(img[y0:y0+h, x0:x0+w], ...)
 * would, without copying the crop first.
 */
export function resize(src: Image, newH: number, newW: number, interp: Interp, win: Window = fullWindow(dimsOf(src))): Image {
  if (!(Number.isInteger(newH) && Number.isInteger(newW) && newH > 0 && newW > 0)) {
    throw new DataFlowError('resize', `target size must be positive integers, got ${newH}x${newW}`);
  }
  checkWindow('resize', src, win);
  if (win.h === newH && win.w === newW) return cropImage(src, win);
  switch (interp) {
    case 'nearest':
      return resizeNearest(src, newH, newW, win);
    case 'linear':
      return resizeLinear(src, newH, newW, false, win);
    case 'area':
      return resizeArea(src, newH, newW, win);
    default:
      throw new DataFlowError('resize', `unknown interpolation ${String(interp)}; expected one of ${INTERPS.join(', ')}`);
  }
}
