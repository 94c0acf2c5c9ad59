import { checkArg } from '../../core/errors.ts';
import { checkImage, type Image } from '../kernels/image.ts';
import { Augmentor } from './base.ts';
import { LazyTransform, TransformList } from './transformMeta.ts';

/**
 * Applies augmentors in order, each one's transform drawn from the previous one's output (so a
 * Resize followed by a RandomCrop crops the resized image). `getTransform(img)` returns a
 * TransformList whose later members are made on the first `applyImage`: apply it to the image
 * before moving coordinates with it.
 *
 *   new AugmentorList([new Resize(256), new RandomCrop(224), new Flip({ horiz: true })])
 */
export class AugmentorList extends Augmentor {
  readonly augmentors: readonly Augmentor[];

  constructor(augmentors: readonly Augmentor[]) {
    super();
    checkArg('AugmentorList', Array.isArray(augmentors) && augmentors.every((a) => a instanceof Augmentor), 'expects an array of augmentors');
    this.augmentors = augmentors;
  }

  override get children(): readonly Augmentor[] {
    return this.augmentors;
  }

  getTransform(img: Image): TransformList {
    checkImage(this.name, img);
    return new TransformList(this.augmentors.map((a, i) => (i === 0 ? a.getTransform(img) : new LazyTransform((x) => a.getTransform(x), a.name))));
  }
}
