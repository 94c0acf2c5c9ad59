import { NDArray } from '../../core/NDArray.ts';
import { DataFlowError } from '../../core/errors.ts';
import { cmykToImage } from './colors.ts';
import { checkDecodeOptions, type DecodeOptions } from './options.ts';
import { turbojpeg } from './turbojpeg.ts';

/** What one decode needs: the output size, libjpeg-turbo's pixel format, and whether the JPEG is CMYK. */
interface Plan {
  readonly size: number;
  readonly pixelFormat: number;
  readonly channels: 1 | 3;
  readonly order: 'rgb' | 'bgr';
  /** Inks to convert (CMYK or YCCK JPEG), as OpenCV does; 0 for an RGB/gray JPEG. */
  readonly cmykSize: number;
}

/**
 * Synchronous JPEG decoding with the system libjpeg-turbo (the `native/turbojpeg` add-on):
 * ~3,000–3,400 decodes/s of a 256×256 quality-90 JPEG on one core, 4–5× sharp's rate (bench B7).
 * Grayscale output is libjpeg's luminance (as `cv2.IMREAD_GRAYSCALE`); CMYK/YCCK JPEGs (a few
 * of ImageNet's) are converted with OpenCV's formulas.
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
  private inks = new Uint8Array(0);

  /** Decodes into a new array. */
  decode(bytes: Uint8Array, options: DecodeOptions = {}): NDArray<'uint8'> {
    const plan = this.plan(bytes, options);
    return this.run(bytes, new Uint8Array(plan.size), plan);
  }

  /**
   * Decodes into this decoder's buffer, grown as needed and reused: the result is only valid
   * until the next call. For hot loops whose next step copies anyway (crop, resize, batch).
   */
  decodeShared(bytes: Uint8Array, options: DecodeOptions = {}): NDArray<'uint8'> {
    const plan = this.plan(bytes, options);
    if (this.scratch.length < plan.size) this.scratch = new Uint8Array(plan.size);
    return this.run(bytes, this.scratch.subarray(0, plan.size), plan);
  }

  private plan(bytes: Uint8Array, options: DecodeOptions): Plan {
    const { channels, order } = checkDecodeOptions(options);
    const tj = turbojpeg();
    let header;
    try {
      header = tj.readHeader(bytes);
    } catch (e) {
      throw decodeError(bytes, e);
    }
    const pixels = header.width * header.height;
    const cmyk = header.colorspace === tj.TJCS_CMYK || header.colorspace === tj.TJCS_YCCK;
    const pixelFormat = cmyk ? tj.TJPF_CMYK : channels === 1 ? tj.TJPF_GRAY : order === 'rgb' ? tj.TJPF_RGB : tj.TJPF_BGR;
    return { size: pixels * channels, pixelFormat, channels, order, cmykSize: cmyk ? pixels * 4 : 0 };
  }

  private run(bytes: Uint8Array, out: Uint8Array, plan: Plan): NDArray<'uint8'> {
    if (plan.cmykSize > this.inks.length) this.inks = new Uint8Array(plan.cmykSize);
    const target = plan.cmykSize > 0 ? this.inks.subarray(0, plan.cmykSize) : out;
    let r;
    try {
      r = turbojpeg().decode(bytes, target, plan.pixelFormat);
    } catch (e) {
      throw decodeError(bytes, e);
    }
    if (plan.cmykSize > 0) cmykToImage(target, out, plan.channels, plan.order);
    return new NDArray(out, [r.height, r.width, plan.channels], 'uint8');
  }
}

function decodeError(bytes: Uint8Array, cause: unknown): DataFlowError {
  if (cause instanceof DataFlowError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DataFlowError('decodeImage', `cannot decode a JPEG of ${bytes.length} bytes: ${reason}`, { cause });
}
