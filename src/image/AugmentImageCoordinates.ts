import type { DataFlow, Datapoint } from '../core/DataFlow.ts';
import type { Augmentor } from './augment/base.ts';
import type { AugmentorList } from './augment/AugmentorList.ts';
import { AugmentFlow, type AugmentFlowOptions, type ComponentIndex } from './AugmentFlow.ts';

export interface AugmentImageCoordinatesOptions extends AugmentFlowOptions {
  /** The image component. Default 0. */
  readonly imgIndex?: ComponentIndex;
  /** The coordinates component (N×2 float32 of x, y). Default 1. */
  readonly coordsIndex?: ComponentIndex;
}

/**
 * Augments an image and moves its coordinates with the same transform (tensorpack's
 * AugmentImageCoordinates).
 *
 *   ds yields [img 40×40, [[10, 5]]] → AugmentImageCoordinates(ds, [new Flip({ horiz: true, prob: 1 })])
 *   yields [flipped img, [[30, 5]]]
 *
 * Length: the upstream's (an upper bound with `catchExceptions`).
 */
export class AugmentImageCoordinates<T extends Datapoint> extends AugmentFlow<T> {
  readonly imgIndex: ComponentIndex;
  readonly coordsIndex: ComponentIndex;

  constructor(ds: DataFlow<T>, augmentors: AugmentorList | readonly Augmentor[], options: AugmentImageCoordinatesOptions = {}) {
    super(ds, augmentors, options);
    this.imgIndex = options.imgIndex ?? 0;
    this.coordsIndex = options.coordsIndex ?? 1;
  }

  protected augmentDatapoint(dp: Record<ComponentIndex, unknown>, index: number): void {
    const img = this.image(dp, this.imgIndex, index);
    const coords = this.coords(dp, this.coordsIndex, index);
    const tfm = this.augs.getTransform(img);
    dp[this.imgIndex] = tfm.applyImage(img, !this.copy);
    dp[this.coordsIndex] = tfm.applyCoords(coords);
  }
}
