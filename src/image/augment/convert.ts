import { checkArg } from '../../core/errors.ts';
import { cvtColor, COLOR_CONVERSIONS, type ColorConversion } from '../kernels/color.ts';
import { dimsOf, newImage, type Image } from '../kernels/image.ts';
import { Augmentor, type Transform } from './base.ts';
import { asFloat32, clipToUint8 } from './pixels.ts';
import { PhotometricTransform } from './transformMeta.ts';

/**
 * Converts to another color space: `cv2.cvtColor(img, COLOR_<mode>)`. With `keepdims` (default)
 * a 2-D result (e.g. GRAY) gets its channel axis back: [h, w, 1].
 */
export class ColorSpace extends Augmentor {
  constructor(readonly mode: ColorConversion, readonly keepdims = true) {
    super();
    checkArg('ColorSpace', COLOR_CONVERSIONS.includes(mode), `mode must be one of ${COLOR_CONVERSIONS.join(', ')}, got ${String(mode)}`);
  }

  protected convert(img: Image): Image {
    const out = cvtColor(img, this.mode);
    return this.keepdims && out.ndim !== img.ndim ? (out.reshape([...out.shape, 1]) as Image) : out;
  }

  getTransform(_img: Image): Transform {
    return new PhotometricTransform((img) => this.convert(img), `cvtColor ${this.mode}`);
  }
}

/**
 * Converts BGR (or RGB with `rgb`) to gray with OpenCV's weights: [h, w, 1] with `keepdims`
 * (default), [h, w] without, or the gray replicated to [h, w, 3] with `keepshape`.
 */
export class Grayscale extends ColorSpace {
  readonly rgb: boolean;
  readonly keepshape: boolean;

  constructor({ keepdims = true, rgb = false, keepshape = false }: { keepdims?: boolean; rgb?: boolean; keepshape?: boolean } = {}) {
    super(rgb ? 'RGB2GRAY' : 'BGR2GRAY', keepdims);
    checkArg('Grayscale', !keepshape || keepdims, 'keepdims must be true when keepshape is true');
    this.rgb = rgb;
    this.keepshape = keepshape;
  }

  protected override convert(img: Image): Image {
    const gray = super.convert(img);
    if (!this.keepshape) return gray;
    const { h, w } = dimsOf(gray);
    const out = newImage(gray.dtype, h, w, 3, true);
    for (let i = 0; i < gray.data.length; i++) out.data[3 * i] = out.data[3 * i + 1] = out.data[3 * i + 2] = gray.data[i]!;
    return out;
  }
}

/** Clips to [0, 255] and converts to uint8 (truncating, as numpy's astype). */
export class ToUint8 extends Augmentor {
  getTransform(_img: Image): Transform {
    return new PhotometricTransform((img) => (img.dtype === 'uint8' ? img : clipToUint8(img)), 'to uint8');
  }
}

/** Converts to float32. */
export class ToFloat32 extends Augmentor {
  getTransform(_img: Image): Transform {
    return new PhotometricTransform((img) => asFloat32(img), 'to float32');
  }
}
