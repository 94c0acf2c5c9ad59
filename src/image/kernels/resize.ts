import { DataFlowError } from '../../core/errors.ts';
import { dimsOf, type Image } from './image.ts';
import { resizeArea } from './resizeArea.ts';
import { resizeLinear } from './resizeLinear.ts';
import { resizeNearest } from './resizeNearest.ts';

/** OpenCV's interpolation flags that the kernels implement: INTER_NEAREST, INTER_LINEAR, INTER_AREA. */
export type Interp = 'nearest' | 'linear' | 'area';

export const INTERPS: readonly Interp[] = ['nearest', 'linear', 'area'];

/** cv2.resize(img, (newW, newH), interpolation): a new image; the same size gives a copy, as in OpenCV. */
export function resize(src: Image, newH: number, newW: number, interp: Interp): Image {
  if (!(Number.isInteger(newH) && Number.isInteger(newW) && newH > 0 && newW > 0)) {
    throw new DataFlowError('resize', `target size must be positive integers, got ${newH}x${newW}`);
  }
  const { h, w } = dimsOf(src);
  if (h === newH && w === newW) return src.copy();
  switch (interp) {
    case 'nearest':
      return resizeNearest(src, newH, newW);
    case 'linear':
      return resizeLinear(src, newH, newW);
    case 'area':
      return resizeArea(src, newH, newW);
    default:
      throw new DataFlowError('resize', `unknown interpolation ${String(interp)}; expected one of ${INTERPS.join(', ')}`);
  }
}
