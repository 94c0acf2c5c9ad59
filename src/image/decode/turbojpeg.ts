import { createRequire } from 'node:module';
import { DataFlowError } from '../../core/errors.ts';

/** The surface of `native/turbojpeg` (see its C source for the contract). */
export interface TurboJpegAddon {
  readonly TJPF_RGB: number;
  readonly TJPF_BGR: number;
  readonly TJPF_GRAY: number;
  /** Decoding only: the raw inks of a CMYK or YCCK JPEG. */
  readonly TJPF_CMYK: number;
  /** `readHeader().colorspace` of CMYK and YCCK JPEGs. */
  readonly TJCS_CMYK: number;
  readonly TJCS_YCCK: number;
  readHeader(jpeg: Uint8Array): { width: number; height: number; subsampling: number; colorspace: number };
  /** Decodes into `out` (which must hold width * height * channels bytes); throws on corrupt data. */
  decode(jpeg: Uint8Array, out: Uint8Array, pixelFormat: number): { width: number; height: number; channels: number };
  encode(pixels: Uint8Array, width: number, height: number, pixelFormat: number, quality: number): Buffer;
  /** Copies a window of `src` (rows of srcWidth pixels of pixelBytes bytes), mirrored left-right if `flip`, into `dst` at byte dstOffset. */
  cropFlip(src: Uint8Array, srcWidth: number, pixelBytes: number, x: number, y: number, width: number, height: number, flip: boolean, dst: Uint8Array, dstOffset: number): void;
  /** INTER_LINEAR of uint8 pixels in OpenCV's fixed point, with the taps of resizeLinear.ts (see resize.c). */
  resizeLinearU8(src: Uint8Array, base: number, stride: number, rows: number, channels: number, tab: Int32Array, twoTaps: number, yofs: Int32Array, yi0: Int32Array, yi1: Int32Array, dst: Uint8Array): void;
}

const ADDON_PATH = '../../../native/turbojpeg/build/Release/turbojpeg.node';
let addon: TurboJpegAddon | undefined;

/**
 * The libjpeg-turbo add-on, loaded on first use (importing this module never fails). It is built
 * by `npm ci` (the root `postinstall` runs `node-gyp rebuild --directory native/turbojpeg`) and
 * needs the system library: `apt-get install libturbojpeg0-dev`.
 */
export function turbojpeg(): TurboJpegAddon {
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url)(ADDON_PATH) as TurboJpegAddon;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new DataFlowError(
        'turbojpeg',
        `the JPEG add-on native/turbojpeg is not built (${reason}); install libturbojpeg0-dev, then run npm run postinstall`,
        { cause: e },
      );
    }
  }
  return addon;
}
