import { DataFlowError } from '../../core/errors.ts';
import type { Image } from '../kernels/image.ts';
import { Transform, type Coords } from './base.ts';
import { CropTransform, ResizeTransform } from './transforms.ts';

/** A transform of pixel values only: coordinates stay where they are. */
export class PhotometricTransform extends Transform {
  constructor(private readonly fn: (img: Image, inPlace: boolean) => Image, private readonly label: string) {
    super();
  }

  applyImage(img: Image, inPlace = false): Image {
    return this.fn(img, inPlace);
  }

  override applyCoords(coords: Coords): Coords {
    return coords;
  }

  override get name(): string {
    return `PhotometricTransform(${this.label})`;
  }
}

/** A transform from user functions; without `applyCoords` it refuses coordinates, as tensorpack's does. */
export class TransformFactory extends Transform {
  constructor(private readonly fns: { name: string; applyImage: (img: Image) => Image; applyCoords?: (coords: Coords) => Coords }) {
    super();
  }

  applyImage(img: Image): Image {
    return this.fns.applyImage(img);
  }

  override applyCoords(coords: Coords): Coords {
    if (this.fns.applyCoords === undefined) return super.applyCoords(coords);
    return this.fns.applyCoords(coords);
  }

  override get name(): string {
    return `TransformFactory(${this.fns.name})`;
  }
}

/**
 * Transforms applied in order. Intermediate images belong to the list, so every transform after
 * the first that produced a new buffer may work in place. A crop followed by a resize is done in
 * one pass (the resize reads the crop's window), with the same result.
 */
export class TransformList extends Transform {
  readonly tfms: readonly Transform[];

  constructor(tfms: readonly Transform[]) {
    super();
    this.tfms = tfms.flatMap((t) => (t instanceof TransformList ? t.tfms : [t]));
  }

  applyImage(img: Image, inPlace = false): Image {
    const tfms = this.tfms;
    let cur = img;
    let owned = inPlace;
    for (let i = 0; i < tfms.length; i++) {
      const t = tfms[i]!;
      const then = tfms[i + 1];
      let next: Image;
      if (t instanceof CropTransform && then instanceof ResizeTransform) {
        t.checkFits(cur);
        next = then.applyWindow(cur, t);
        i++;
      } else {
        next = t.applyImage(cur, owned);
      }
      if (next.data !== cur.data) owned = true;
      cur = next;
    }
    return cur;
  }

  override applyCoords(coords: Coords): Coords {
    let cur = coords;
    for (const t of this.tfms) cur = t.applyCoords(cur);
    return cur;
  }

  override toString(): string {
    return `TransformList([${this.tfms.map(String).join(', ')}])`;
  }
}

/**
 * A transform made on its first `applyImage`, from the image it gets then: how AugmentorList lets
 * each augmentor see the previous one's output. Until then it cannot move coordinates.
 */
export class LazyTransform extends Transform {
  private made: Transform | undefined;

  constructor(private readonly make: (img: Image) => Transform, private readonly label: string) {
    super();
  }

  applyImage(img: Image, inPlace = false): Image {
    this.made ??= this.make(img);
    return this.made.applyImage(img, inPlace);
  }

  override applyCoords(coords: Coords): Coords {
    if (this.made === undefined) {
      throw new DataFlowError(this.name, `applyCoords can only be called after the transform of ${this.label} was applied to an image`);
    }
    return this.made.applyCoords(coords);
  }

  override toString(): string {
    return this.made === undefined ? `LazyTransform(${this.label})` : this.made.toString();
  }
}
