import { DataFlowError } from '../../core/errors.ts';

/** How to decode: grayscale or color, and the order of the color channels. */
export interface DecodeOptions {
  /** 3 (default): color, shape [h, w, 3]; 1: grayscale, shape [h, w, 1]. */
  readonly channels?: 1 | 3;
  /**
   * Color order: 'rgb' (default; tensorpack's ImageFromFile) or 'bgr' (OpenCV's `cv2.imread`,
   * which tensorpack's ImageNet reader and its augmentor fixtures use).
   */
  readonly order?: 'rgb' | 'bgr';
}

/** Checks the options once, with an error naming the caller. */
export function checkDecodeOptions(options: DecodeOptions, caller = 'decodeImage'): { channels: 1 | 3; order: 'rgb' | 'bgr' } {
  const channels = options.channels ?? 3;
  const order = options.order ?? 'rgb';
  if (channels !== 1 && channels !== 3) throw new DataFlowError(caller, `channels must be 1 or 3, got ${String(channels)}`);
  if (order !== 'rgb' && order !== 'bgr') throw new DataFlowError(caller, `order must be 'rgb' or 'bgr', got ${String(order)}`);
  return { channels, order };
}
