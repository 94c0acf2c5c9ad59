import type { NDArray } from '../../core/NDArray.ts';
import { DataFlowError } from '../../core/errors.ts';
import { turbojpeg } from './turbojpeg.ts';

export interface EncodeJpegOptions {
  /** 1..100; default 90. */
  readonly quality?: number;
  /** Channel order of a color image: 'rgb' (default) or 'bgr'. */
  readonly order?: 'rgb' | 'bgr';
}

/**
 * Encodes an HWC uint8 image ([h, w, 3], [h, w, 1] or [h, w]) as a baseline JPEG with libjpeg-turbo:
 * 4:2:0 chroma subsampling for color (as cv2.imwrite and sharp), grayscale JPEG for one channel.
 *
 *   encodeJpeg(img, { quality: 90 })  // Buffer starting ff d8 ff
 */
export function encodeJpeg(img: NDArray<'uint8'>, options: EncodeJpegOptions = {}): Buffer {
  const [height, width, channels = 1] = img.shape;
  if (img.dtype !== 'uint8' || height === undefined || width === undefined || img.ndim > 3 || img.ndim < 2 || (channels !== 1 && channels !== 3)) {
    throw new DataFlowError('encodeJpeg', `expects a uint8 image of shape [h, w], [h, w, 1] or [h, w, 3], got ${img.dtype} ${img.toString()}`);
  }
  const tj = turbojpeg();
  const pixelFormat = channels === 1 ? tj.TJPF_GRAY : options.order === 'bgr' ? tj.TJPF_BGR : tj.TJPF_RGB;
  try {
    return tj.encode(img.data, width, height, pixelFormat, options.quality ?? 90);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new DataFlowError('encodeJpeg', `cannot encode ${img.toString()}: ${reason}`, { cause: e });
  }
}
