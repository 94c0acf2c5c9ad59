import type { DataFlow, Datapoint } from '../core/DataFlow.ts';
import { checkArg } from '../core/errors.ts';
import type { Augmentor } from './augment/base.ts';
import type { AugmentorList } from './augment/AugmentorList.ts';
import { AugmentFlow, type AugmentFlowOptions, type ComponentIndex } from './AugmentFlow.ts';

export interface AugmentImageComponentsOptions extends AugmentFlowOptions {
  /** The image components; the first one's size decides the transform. Default [0, 1]. */
  readonly index?: readonly ComponentIndex[];
  /** Coordinate components (N×2 float32 of x, y), moved with the images. Default []. */
  readonly coordsIndex?: readonly ComponentIndex[];
}

/**
 * Applies one transform to several images of a datapoint (an image and its mask, say) and to its
 * coordinates, so they stay aligned (tensorpack's AugmentImageComponents).
 *
 *   ds yields [image h×w, mask h×w, keypoints N×2]
 *   → AugmentImageComponents(ds, augs, { index: [0, 1], coordsIndex: [2] }) yields them transformed alike
 *
 * Length: the upstream's (an upper bound with `catchExceptions`).
 */
export class AugmentImageComponents<T extends Datapoint> extends AugmentFlow<T> {
  readonly index: readonly ComponentIndex[];
  readonly coordsIndex: readonly ComponentIndex[];

  constructor(ds: DataFlow<T>, augmentors: AugmentorList | readonly Augmentor[], options: AugmentImageComponentsOptions = {}) {
    super(ds, augmentors, options);
    this.index = options.index ?? [0, 1];
    this.coordsIndex = options.coordsIndex ?? [];
    checkArg('AugmentImageComponents', this.index.length > 0, 'index must name at least one image component');
  }

  protected augmentDatapoint(dp: Record<ComponentIndex, unknown>, index: number): void {
    const images = this.index.map((k) => this.image(dp, k, index));
    const coords = this.coordsIndex.map((k) => this.coords(dp, k, index));
    const tfm = this.augs.getTransform(images[0]!);
    this.index.forEach((k, i) => {
      dp[k] = tfm.applyImage(images[i]!, !this.copy);
    });
    this.coordsIndex.forEach((k, i) => {
      dp[k] = tfm.applyCoords(coords[i]!);
    });
  }
}
