import type { DataFlow, Datapoint } from '../core/DataFlow.ts';
import type { Augmentor } from './augment/base.ts';
import type { AugmentorList } from './augment/AugmentorList.ts';
import { AugmentFlow, type AugmentFlowOptions, type ComponentIndex } from './AugmentFlow.ts';

export interface AugmentImageComponentOptions extends AugmentFlowOptions {
  /** The image component: an index of a tuple datapoint or a key of a record. Default 0. */
  readonly index?: ComponentIndex;
}

/**
 * Augments one image component of each datapoint with a list of augmentors (tensorpack's
 * AugmentImageComponent); the other components pass through.
 *
 *   ds yields [img 48×64, label] → AugmentImageComponent(ds, [new Resize([24, 32])]) yields [img 24×32, label]
 *
 * Length: the upstream's (an upper bound with `catchExceptions`).
 */
export class AugmentImageComponent<T extends Datapoint> extends AugmentFlow<T> {
  readonly index: ComponentIndex;

  constructor(ds: DataFlow<T>, augmentors: AugmentorList | readonly Augmentor[], options: AugmentImageComponentOptions = {}) {
    super(ds, augmentors, options);
    this.index = options.index ?? 0;
  }

  protected augmentDatapoint(dp: Record<ComponentIndex, unknown>, index: number): void {
    const img = this.image(dp, this.index, index);
    dp[this.index] = this.augs.getTransform(img).applyImage(img, !this.copy);
  }
}
