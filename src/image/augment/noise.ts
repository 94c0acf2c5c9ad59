import { checkArg, DataFlowError } from '../../core/errors.ts';
import { RNG } from '../../core/RNG.ts';
import { decodeImageSync } from '../decode/decodeImage.ts';
import { encodeJpeg } from '../decode/encodeJpeg.ts';
import { dimsOf, type Image } from '../kernels/image.ts';
import { Augmentor, type Transform } from './base.ts';
import { clip255, mapPixels } from './pixels.ts';
import { PhotometricTransform } from './transformMeta.ts';

/**
 * JPEG artefacts: encodes at a quality drawn from [low, high) and decodes again, synchronously
 * through the libjpeg-turbo add-on. uint8 images only; the channel count is kept (tensorpack's
 * `cv2.imdecode(…, 1)` would turn a gray image into 3 channels).
 */
export class JpegNoise extends Augmentor {
  constructor(readonly qualityRange: readonly [number, number] = [40, 100]) {
    super();
  }

  getTransform(_img: Image): Transform {
    const quality = this.randInt(this.qualityRange[0], this.qualityRange[1]);
    return new PhotometricTransform((img) => {
      if (img.dtype !== 'uint8') throw new DataFlowError(this.name, `needs a uint8 image, got ${img.dtype}`);
      const { c } = dimsOf(img);
      const out = decodeImageSync(encodeJpeg(img, { quality, order: 'bgr' }), { channels: c === 1 ? 1 : 3, order: 'bgr' });
      return (img.ndim === 2 ? out.reshape(img.shape) : out) as Image;
    }, `jpeg quality ${quality}`);
  }
}

/**
 * Adds N(0, sigma²) noise to every element; clips to [0, 255] when `clip` (always for uint8).
 * The noise comes from a seed drawn in getTransform, so the transform gives the same noise each time.
 */
export class GaussianNoise extends Augmentor {
  constructor(readonly sigma = 1, readonly clip = true) {
    super();
  }

  getTransform(_img: Image): Transform {
    const seed = this.rng.uint32();
    return new PhotometricTransform((img, inPlace) => {
      const noise = new RNG(seed);
      const clip = this.clip || img.dtype === 'uint8';
      return mapPixels(img, inPlace, img.dtype, (x) => {
        const y = x + noise.normal() * this.sigma;
        return clip ? clip255(y) : y;
      });
    }, `gaussian noise sigma ${this.sigma}, seed ${seed}`);
  }
}

/**
 * Salt and pepper: each element (channels independently) becomes 255 with probability whiteProb
 * and 0 with probability blackProb (one uniform draw per element, from a seed drawn in getTransform).
 */
export class SaltPepperNoise extends Augmentor {
  constructor(readonly whiteProb = 0.05, readonly blackProb = 0.05) {
    super();
    checkArg('SaltPepperNoise', whiteProb + blackProb <= 1, `whiteProb + blackProb must be ≤ 1, got ${whiteProb + blackProb}`);
  }

  getTransform(_img: Image): Transform {
    const seed = this.rng.uint32();
    return new PhotometricTransform((img, inPlace) => {
      const draws = new RNG(seed);
      const white = 1 - this.whiteProb;
      return mapPixels(img, inPlace, img.dtype, (x) => {
        const p = draws.random();
        return p < this.blackProb ? 0 : p > white ? 255 : x;
      });
    }, `salt and pepper, seed ${seed}`);
  }
}
