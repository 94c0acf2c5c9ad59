import type { NDArray } from '../../core/NDArray.ts';
import { DataFlowError } from '../../core/errors.ts';
import { hashSeed, randomSeed, RNG } from '../../core/RNG.ts';
import { checkImage, type Image } from '../kernels/image.ts';

/** Coordinates: an N×2 float32 array of (x, y) rows, tensorpack's convention. */
export type Coords = NDArray<'float32'>;

/**
 * Where an augmentor draws its random parameters: the core `RNG`, or a stand-in such as
 * `FixedDraws` that replays recorded values.
 */
export interface RandomSource {
  /** A float in [low, high). */
  uniform(low?: number, high?: number): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A float in [0, 1). */
  random(): number;
  /** A normal draw. */
  normal(mean?: number, std?: number): number;
  /** An unsigned 32-bit integer (used to seed per-transform noise). */
  uint32(): number;
}

/** Throws unless `coords` is an N×2 float32 array. */
export function checkCoords(who: string, coords: unknown): asserts coords is Coords {
  const c = coords as NDArray;
  if (c === null || typeof c !== 'object' || c.dtype !== 'float32' || c.ndim !== 2 || c.shape[1] !== 2) {
    const got = c !== null && typeof c === 'object' && 'dtype' in c ? `${c.dtype} array of shape [${c.shape.join(',')}]` : String(coords);
    throw new DataFlowError(who, `expects coordinates as an N×2 float32 array of (x, y), got ${got}`);
  }
}

/**
 * A deterministic transformation, made by an augmentor from its random draws. Applying it to two
 * images of the same size transforms both the same way; `applyCoords` moves points as
 * `applyImage` moves pixels.
 *
 * `applyImage(img)` never changes `img` unless `inPlace` is true, in which case a transform whose
 * output has the input's shape and dtype may write into `img` and return it (the flows pass
 * `inPlace` for images they own). The output belongs to the caller.
 */
export abstract class Transform {
  abstract applyImage(img: Image, inPlace?: boolean): Image;

  /** Moves N×2 (x, y) coordinates; returns a new array. Transforms without geometry say so. */
  applyCoords(_coords: Coords): Coords {
    throw new DataFlowError(this.name, 'does not implement applyCoords');
  }

  get name(): string {
    return this.constructor.name;
  }

  toString(): string {
    return this.name;
  }
}

/**
 * An image augmentor: `getTransform(img)` draws every random parameter from the augmentor's own
 * stream and returns a deterministic Transform; `augment(img)` is `getTransform(img).applyImage(img)`.
 *
 * Streams: a new augmentor draws from a random seed; `reset(seed, streamId)` makes it reproducible
 * (the augmentation flows do this in `resetState`, so worker i draws from its own stream);
 * `useRandomSource(source)` plugs in a stand-in such as `FixedDraws`. Augmentors that hold others
 * (AugmentorList, RandomApplyAug, …) reset each child with a seed derived from theirs.
 */
export abstract class Augmentor {
  protected rng: RandomSource = new RNG();

  /** The augmentors this one delegates to, reset along with it. */
  get children(): readonly Augmentor[] {
    return [];
  }

  get name(): string {
    return this.constructor.name;
  }

  reset(seed: number = randomSeed(), streamId = 0): void {
    this.rng = new RNG(seed, streamId);
    this.children.forEach((child, i) => child.reset(hashSeed(seed, `${this.name}/${i}`), streamId));
  }

  /** Draws from `source` from now on (children keep their own streams). */
  useRandomSource(source: RandomSource): this {
    this.rng = source;
    return this;
  }

  abstract getTransform(img: Image): Transform;

  augment(img: Image): Image {
    checkImage(this.name, img);
    return this.getTransform(img).applyImage(img);
  }

  /** tensorpack's `_rand_range(low, high)`: `rng.uniform(low, high)` as float32. */
  protected randRange(low: number, high: number): number {
    return Math.fround(this.rng.uniform(low, high));
  }

  /** numpy's `rng.randint(low, high)`: an integer in [low, high). */
  protected randInt(low: number, high: number): number {
    if (!(high > low)) throw new DataFlowError(this.name, `cannot draw an integer from the empty range [${low}, ${high})`);
    return low + this.rng.int(high - low);
  }
}
