import sharp from 'sharp';
import { NDArray } from '../../core/NDArray.ts';
import { DataFlowError } from '../../core/errors.ts';
import { putPixel } from './colors.ts';
import { JpegDecoder } from './JpegDecoder.ts';
import { checkDecodeOptions, type DecodeOptions } from './options.ts';
import { sniffImageFormat } from './sniff.ts';

const jpeg = new JpegDecoder();

/**
 * Decodes a JPEG synchronously (libjpeg-turbo add-on) into a new HWC uint8 array:
 * [h, w, 3] RGB by default, `{ order: 'bgr' }` for OpenCV's order, `{ channels: 1 }` for [h, w, 1].
 * PNG and WebP need sharp, which is asynchronous: use `decodeImage` for them.
 */
export function decodeImageSync(bytes: Uint8Array, options: DecodeOptions = {}): NDArray<'uint8'> {
  const format = sniffImageFormat(bytes);
  if (format !== 'jpeg') {
    const what = format === undefined ? describeUnknown(bytes) : `a ${format.toUpperCase()} image`;
    throw new DataFlowError('decodeImageSync', `reads JPEG only, got ${what}; use await decodeImage() for PNG and WebP`);
  }
  return jpeg.decode(bytes, options);
}

/**
 * Decodes JPEG, PNG or WebP bytes (format sniffed from the magic bytes) into a new HWC uint8
 * array, like `cv2.imread` followed by tensorpack's channel handling:
 *
 *   await decodeImage(png)                       // [h, w, 3] RGB
 *   await decodeImage(png, { order: 'bgr' })     // [h, w, 3] BGR, as cv2.imread(f, IMREAD_COLOR)
 *   await decodeImage(png, { channels: 1 })      // [h, w, 1]
 *
 * JPEG goes through the libjpeg-turbo add-on (synchronous, fast); PNG and WebP through sharp.
 * An alpha channel is dropped (not composited), a grayscale image is replicated into 3 channels,
 * and a color PNG/WebP read as grayscale uses OpenCV's BGR2GRAY weights (0.299, 0.587, 0.114).
 * Corrupt data rejects with a DataFlowError carrying the decoder's message.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<NDArray<'uint8'>> {
  const format = sniffImageFormat(bytes);
  if (format === 'jpeg') return jpeg.decode(bytes, options);
  if (format === undefined) {
    throw new DataFlowError('decodeImage', `cannot decode ${describeUnknown(bytes)}: expected JPEG, PNG or WebP`);
  }
  const { channels, order } = checkDecodeOptions(options);
  let raw;
  try {
    raw = await sharp(bytes).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new DataFlowError('decodeImage', `cannot decode a ${format.toUpperCase()} of ${bytes.length} bytes: ${reason}`, { cause: e });
  }
  const { width, height, channels: inChannels } = raw.info;
  const pixels = new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.length);
  return new NDArray(convertChannels(pixels, width * height, inChannels, channels, order), [height, width, channels], 'uint8');
}

function describeUnknown(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'empty bytes';
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `bytes of no known image format (${bytes.length} bytes starting ${head})`;
}

/**
 * From sharp's interleaved output (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA) to `channels` in `order`.
 */
function convertChannels(src: Uint8Array, pixels: number, inChannels: number, channels: 1 | 3, order: 'rgb' | 'bgr'): Uint8Array {
  const out = new Uint8Array(pixels * channels);
  if (inChannels <= 2) {
    for (let p = 0, s = 0, d = 0; p < pixels; p++, s += inChannels, d += channels) {
      const g = src[s]!;
      out[d] = g;
      if (channels === 3) out[d + 1] = out[d + 2] = g;
    }
    return out;
  }
  const r0 = order === 'rgb' ? 0 : 2;
  for (let p = 0, s = 0, d = 0; p < pixels; p++, s += inChannels, d += channels) {
    putPixel(out, d, src[s]!, src[s + 1]!, src[s + 2]!, channels, r0);
  }
  return out;
}
