import type { DataFlow, Datapoint, Length, ResetContext } from '../core/DataFlow.ts';
import { DataFlowError } from '../core/errors.ts';
import { rngFor } from '../core/RNG.ts';
import { StageFlow, type Sink, type Stage } from '../core/StageFlow.ts';
import { MapStage } from '../transforms/MapData.ts';
import { Augmentor, type Coords } from './augment/base.ts';
import { AugmentorList } from './augment/AugmentorList.ts';
import { checkCoords } from './augment/base.ts';
import { checkImage, type Image } from './kernels/image.ts';

/** Options shared by the augmentation flows. */
export interface AugmentFlowOptions {
  /**
   * true (default): the upstream's arrays are never written to. false: transforms that keep the
   * shape and dtype (Brightness, Flip, Cutout, …) may work in place on them, saving a copy.
   */
  readonly copy?: boolean;
  /** Drop a datapoint whose augmentation throws, with a counted warning, instead of failing. */
  readonly catchExceptions?: boolean;
  /** Where those warnings go; default console.warn. */
  readonly warn?: (message: string) => void;
  /** A fixed seed for the augmentors; by default they are seeded from `resetState`'s context. */
  readonly seed?: number;
}

/** A component index of a tuple datapoint, or a key of a record datapoint. */
export type ComponentIndex = number | string;

/**
 * The common part of AugmentImageComponent(s) and AugmentImageCoordinates: a fused map stage
 * that augments each datapoint (copied, never changed in place), seeds the augmentors in
 * `resetState` — worker i of a parallel runner gets its own reproducible stream — and drops
 * datapoints whose augmentation fails when `catchExceptions` is set.
 * Length: the upstream's (an upper bound when `catchExceptions` drops some).
 */
export abstract class AugmentFlow<T extends Datapoint> extends StageFlow<T, T> {
  readonly augs: AugmentorList;
  readonly copy: boolean;
  readonly catchExceptions: boolean;
  readonly seed: number | undefined;
  private readonly warn: (message: string) => void;
  /** How many datapoints were dropped because their augmentation threw. */
  errors = 0;

  protected constructor(ds: DataFlow<T>, augmentors: AugmentorList | readonly Augmentor[], options: AugmentFlowOptions) {
    super(ds);
    this.augs = augmentors instanceof AugmentorList ? augmentors : new AugmentorList(augmentors);
    this.copy = options.copy ?? true;
    this.catchExceptions = options.catchExceptions ?? false;
    this.seed = options.seed;
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  get length(): Length {
    return this.upstream.length;
  }

  protected override onReset(context: ResetContext): void {
    this.augs.reset(rngFor(this.flowName, this.seed, context).uint32());
  }

  /** Augments one datapoint (already a shallow copy, safe to assign components to). */
  protected abstract augmentDatapoint(dp: Record<ComponentIndex, unknown>, index: number): void;

  createStage(next: Sink<T>): Stage<T, T> {
    return new MapStage<T, T | null>(next, (dp, i) => this.run(dp, i), this.flowName, 'augmentation');
  }

  private run(dp: T, index: number): T | null {
    const copy = (Array.isArray(dp) ? dp.slice() : { ...dp }) as Record<ComponentIndex, unknown>;
    try {
      this.augmentDatapoint(copy, index);
      return copy as unknown as T;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (!this.catchExceptions) throw new DataFlowError(this.flowName, `augmentation failed at datapoint ${index}: ${reason}`, { index, cause: e });
      this.errors++;
      // tensorpack's throttle: the first ten, then every hundredth
      if (this.errors < 10 || this.errors % 100 === 0) this.warn(`${this.flowName}: dropped datapoint ${index}: ${reason} (${this.errors} augmentation errors so far)`);
      return null;
    }
  }

  /** The component `key` of `dp`, checked to be an image. */
  protected image(dp: Record<ComponentIndex, unknown>, key: ComponentIndex, index: number): Image {
    if (!(key in dp)) throw new DataFlowError(this.flowName, `datapoint ${index} has no component ${String(key)}`, { index });
    const img = dp[key];
    checkImage(`${this.flowName}: component ${String(key)}`, img);
    return img;
  }

  /** The component `key` of `dp`, checked to be N×2 float32 coordinates. */
  protected coords(dp: Record<ComponentIndex, unknown>, key: ComponentIndex, index: number): Coords {
    if (!(key in dp)) throw new DataFlowError(this.flowName, `datapoint ${index} has no component ${String(key)}`, { index });
    const c = dp[key];
    checkCoords(`${this.flowName}: component ${String(key)}`, c);
    return c;
  }
}
