import { checkArg } from '../../core/errors.ts';
import type { Image } from '../kernels/image.ts';
import { Augmentor, type Coords, type Transform } from './base.ts';
import { TransformFactory, TransformList } from './transformMeta.ts';
import { NoOpTransform } from './transforms.ts';

/** Does nothing. */
export class Identity extends Augmentor {
  getTransform(_img: Image): Transform {
    return new NoOpTransform();
  }
}

/** Applies `aug` with probability `prob` (one draw in [0, 1) from this augmentor's stream), else nothing. */
export class RandomApplyAug extends Augmentor {
  constructor(readonly aug: Augmentor, readonly prob: number) {
    super();
    checkArg('RandomApplyAug', aug instanceof Augmentor, 'expects an augmentor');
  }

  override get children(): readonly Augmentor[] {
    return [this.aug];
  }

  getTransform(img: Image): Transform {
    return this.rng.random() < this.prob ? this.aug.getTransform(img) : new NoOpTransform();
  }
}

/**
 * Applies one augmentor chosen at random, uniformly or with the given probabilities:
 *   new RandomChooseAug([a, b])              // each half of the time
 *   new RandomChooseAug([[a, 0.8], [b, 0.2]])
 */
export class RandomChooseAug extends Augmentor {
  readonly augs: readonly Augmentor[];
  readonly prob: readonly number[];

  constructor(augs: readonly Augmentor[] | readonly (readonly [Augmentor, number])[]) {
    super();
    checkArg('RandomChooseAug', augs.length > 0, 'expects at least one augmentor');
    const pairs = augs.map((a) => (a instanceof Augmentor ? ([a, 1 / augs.length] as const) : a));
    checkArg('RandomChooseAug', pairs.every(([a, p]) => a instanceof Augmentor && p >= 0), 'expects augmentors or [augmentor, probability] pairs');
    const total = pairs.reduce((s, [, p]) => s + p, 0);
    checkArg('RandomChooseAug', Math.abs(total - 1) < 1e-6, `probabilities must sum to 1, got ${total}`);
    this.augs = pairs.map(([a]) => a);
    this.prob = pairs.map(([, p]) => p);
  }

  override get children(): readonly Augmentor[] {
    return this.augs;
  }

  getTransform(img: Image): Transform {
    let r = this.rng.random();
    let i = 0;
    while (i < this.prob.length - 1 && (r -= this.prob[i]!) >= 0) i++;
    return this.augs[i]!.getTransform(img);
  }
}

/**
 * Applies all augmentors in a random order. Each one's transform is drawn from the input image,
 * so they should not change its shape (as in tensorpack).
 */
export class RandomOrderAug extends Augmentor {
  constructor(readonly augs: readonly Augmentor[]) {
    super();
  }

  override get children(): readonly Augmentor[] {
    return this.augs;
  }

  getTransform(img: Image): Transform {
    const order = this.augs.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const tfms = this.augs.map((a) => a.getTransform(img));
    return new TransformList(order.map((i) => tfms[i]!));
  }
}

/** Maps the image with `func` (and coordinates with `coordFunc`; without it, coordinates are refused). */
export class MapImage extends Augmentor {
  constructor(readonly func: (img: Image) => Image, readonly coordFunc?: (coords: Coords) => Coords) {
    super();
    checkArg('MapImage', typeof func === 'function', `expects a function, got ${typeof func}`);
  }

  getTransform(_img: Image): Transform {
    return new TransformFactory({ name: 'MapImage', applyImage: this.func, ...(this.coordFunc ? { applyCoords: this.coordFunc } : {}) });
  }
}
