import { NDArray } from '../../core/NDArray.ts';
import { DataFlowError } from '../../core/errors.ts';
import { checkDecodeOptions, type DecodeOptions } from './options.ts';
import { turbojpeg } from './turbojpeg.ts';

/**
 * Synchronous JPEG decoding with the system libjpeg-turbo (the `native/turbojpeg` add-on):
 * ~3,400 decodes/s of a 256×256 quality-90 JPEG on one core, ~5× sharp's rate (see
 * bench/b7-imagenet.ts). Grayscale output is libjpeg's luminance (as `cv2.IMREAD_GRAYSCALE`).
 *
 *   const decoder = new JpegDecoder();
 *   decoder.decode(bytes)                          // NDArray<'uint8'> [h, w, 3] RGB, its own buffer
 *   decoder.decodeShared(bytes, { order: 'bgr' })  // a view of the decoder's reused buffer
 *
 * Corrupt or truncated data throws a DataFlowError carrying libjpeg-turbo's message; its
 * warnings (a truncated file, extraneous bytes) are errors too, never a half-gray image.
 */
export class JpegDecoder {
  private scratch = new Uint8Array(0);

  /** Decodes into a new array. */
  decode(bytes: Uint8Array, options: DecodeOptions = {}): NDArray<'uint8'> {
    const { size, pixelFormat } = this.prepare(bytes, options);
    return this.run(bytes, new Uint8Array(size), pixelFormat);
  }

  /**
   * Decodes into this decoder's buffer, grown as needed and reused: the result is only valid
   * until the next call. For hot loops whose next step copies anyway (crop, resize, batch).
   */
  decodeShared(bytes: Uint8Array, options: DecodeOptions = {}): NDArray<'uint8'> {
    const { size, pixelFormat } = this.prepare(bytes, options);
    if (this.scratch.length < size) this.scratch = new Uint8Array(size);
    return this.run(bytes, this.scratch.subarray(0, size), pixelFormat);
  }

  /** The pixel format and the output size in bytes (from the JPEG header). */
  private prepare(bytes: Uint8Array, options: DecodeOptions): { size: number; pixelFormat: number } {
    const { channels, order } = checkDecodeOptions(options);
    const tj = turbojpeg();
    let header;
    try {
      header = tj.readHeader(bytes);
    } catch (e) {
      throw decodeError(bytes, e);
    }
    const pixelFormat = channels === 1 ? tj.TJPF_GRAY : order === 'rgb' ? tj.TJPF_RGB : tj.TJPF_BGR;
    return { size: header.width * header.height * channels, pixelFormat };
  }

  private run(bytes: Uint8Array, out: Uint8Array, pixelFormat: number): NDArray<'uint8'> {
    let r;
    try {
      r = turbojpeg().decode(bytes, out, pixelFormat);
    } catch (e) {
      throw decodeError(bytes, e);
    }
    return new NDArray(out, [r.height, r.width, r.channels], 'uint8');
  }
}

function decodeError(bytes: Uint8Array, cause: unknown): DataFlowError {
  if (cause instanceof DataFlowError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DataFlowError('decodeImage', `cannot decode a JPEG of ${bytes.length} bytes: ${reason}`, { cause });
}
