import { DataFlowError } from '../../core/errors.ts';
import { dimsOf, newImage, type Image } from '../kernels/image.ts';
import { Augmentor, type Transform } from './base.ts';
import { shape2d, type Shape2D } from './misc.ts';
import { TransformFactory } from './transformMeta.ts';
import { mapCoords } from './transforms.ts';

/** Makes the canvas an image is pasted on. */
export interface BackgroundFiller {
  fill(h: number, w: number, like: Image): Image;
}

/** A canvas of one value, or one value per channel. */
export class ConstantBackgroundFiller implements BackgroundFiller {
  constructor(readonly value: number | readonly number[]) {}

  fill(h: number, w: number, like: Image): Image {
    const { c, channelAxis } = dimsOf(like);
    const out = newImage(like.dtype, h, w, c, channelAxis);
    const v = this.value;
    if (typeof v === 'number') {
      out.data.fill(v);
    } else {
      if (v.length !== c) throw new DataFlowError('ConstantBackgroundFiller', `has ${v.length} values for an image of ${c} channels`);
      for (let i = 0; i < out.size; i++) out.data[i] = v[i % c]!;
    }
    return out;
  }
}

function paste(who: string, img: Image, bh: number, bw: number, filler: BackgroundFiller, y0: number, x0: number): Image {
  const { h, w, c } = dimsOf(img);
  if (y0 < 0 || x0 < 0 || y0 + h > bh || x0 + w > bw) throw new DataFlowError(who, `an image of shape [${img.shape.join(',')}] does not fit in ${bh}x${bw} at (${x0}, ${y0})`);
  const out = filler.fill(bh, bw, img);
  for (let y = 0; y < h; y++) (out.data as Uint8Array).set((img.data as Uint8Array).subarray(y * w * c, (y + 1) * w * c), ((y0 + y) * bw + x0) * c);
  return out;
}

function pasteTransform(who: string, bh: number, bw: number, filler: BackgroundFiller, y0: number, x0: number): Transform {
  return new TransformFactory({
    name: `${who} at (${x0}, ${y0})`,
    applyImage: (img) => paste(who, img, bh, bw, filler, y0, x0),
    applyCoords: (coords) => mapCoords(who, coords, (x, y, d, o) => {
      d[o] = x + x0;
      d[o + 1] = y + y0;
    }),
  });
}

/**
 * Pastes the image at the centre of a canvas of `backgroundShape` (filled with 0 by default);
 * coordinates shift with it (tensorpack leaves them out).
 */
export class CenterPaste extends Augmentor {
  readonly backgroundShape: [number, number];

  constructor(backgroundShape: Shape2D, readonly backgroundFiller: BackgroundFiller = new ConstantBackgroundFiller(0)) {
    super();
    this.backgroundShape = shape2d(this.name, backgroundShape);
  }

  getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    const [bh, bw] = this.backgroundShape;
    return pasteTransform(this.name, bh, bw, this.backgroundFiller, Math.floor((bh - h) * 0.5), Math.floor((bw - w) * 0.5));
  }
}

/** Pastes the image at a random position of the canvas (draws: y0, then x0, as floats truncated). */
export class RandomPaste extends CenterPaste {
  override getTransform(img: Image): Transform {
    const { h, w } = dimsOf(img);
    const [bh, bw] = this.backgroundShape;
    if (bh <= h || bw <= w) throw new DataFlowError(this.name, `needs a canvas larger than the image: ${bh}x${bw} vs shape [${img.shape.join(',')}]`);
    const y0 = Math.trunc(this.randRange(0, bh - h));
    const x0 = Math.trunc(this.randRange(0, bw - w));
    return pasteTransform(this.name, bh, bw, this.backgroundFiller, y0, x0);
  }
}
