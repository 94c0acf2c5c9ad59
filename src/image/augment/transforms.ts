import { NDArray } from '../../core/NDArray.ts';
import { DataFlowError } from '../../core/errors.ts';
import { cropImage } from '../kernels/crop.ts';
import { flipInto } from '../kernels/flip.ts';
import { allocImage, checkWindow, dimsOf, fullWindow, newImage, type Image, type Window } from '../kernels/image.ts';
import { resize, type Interp } from '../kernels/resize.ts';
import { warpAffine, type AffineMatrix, type BorderMode } from '../kernels/warpAffine.ts';
import { checkCoords, Transform, type Coords } from './base.ts';

/** Maps each (x, y) row of `coords` through `f` into a new float32 array. */
export function mapCoords(who: string, coords: Coords, f: (x: number, y: number, out: Float32Array, o: number) => void): Coords {
  checkCoords(who, coords);
  const s = coords.data;
  const d = new Float32Array(s.length);
  for (let i = 0; i < s.length; i += 2) f(s[i]!, s[i + 1]!, d, i);
  return new NDArray(d, coords.shape.slice(), 'float32');
}


/** Does nothing: what a random augmentor returns when it decides not to act. */
export class NoOpTransform extends Transform {
  applyImage(img: Image): Image {
    return img;
  }

  override applyCoords(coords: Coords): Coords {
    return coords;
  }
}

/** cv2.resize of an h×w image to newH×newW; coordinates scale by newW / w and newH / h. */
export class ResizeTransform extends Transform {
  constructor(readonly h: number, readonly w: number, readonly newH: number, readonly newW: number, readonly interp: Interp) {
    super();
  }

  applyImage(img: Image): Image {
    return this.applyWindow(img, fullWindow(dimsOf(img)));
  }

  /** Resizes the window `win` of `img` (as made by a crop), reading the pixels in place. */
  applyWindow(img: Image, win: Window): Image {
    if (win.h !== this.h || win.w !== this.w) {
      const got = win.h === dimsOf(img).h && win.w === dimsOf(img).w ? `one of shape [${img.shape.join(',')}]` : `a ${win.h}x${win.w} window`;
      throw new DataFlowError(this.name, `was made for a ${this.h}x${this.w} image, got ${got}`);
    }
    return resize(img, this.newH, this.newW, this.interp, win);
  }

  override applyCoords(coords: Coords): Coords {
    const sx = this.newW / this.w;
    const sy = this.newH / this.h;
    return mapCoords(this.name, coords, (x, y, d, o) => {
      d[o] = x * sx;
      d[o + 1] = y * sy;
    });
  }
}

/**
 * `img[y0:y0+h, x0:x0+w]`; coordinates shift by (-x0, -y0). The window must lie inside the image.
 * (A TransformList hands a crop followed by a resize to the resize as a window: one pass, no copy.)
 */
export class CropTransform extends Transform implements Window {
  constructor(readonly y0: number, readonly x0: number, readonly h: number, readonly w: number) {
    super();
  }

  /** Checks that the window fits in `img`. */
  checkFits(img: Image): void {
    checkWindow(this.name, img, this);
  }

  applyImage(img: Image): Image {
    this.checkFits(img);
    return cropImage(img, this);
  }

  override applyCoords(coords: Coords): Coords {
    return mapCoords(this.name, coords, (x, y, d, o) => {
      d[o] = x - this.x0;
      d[o + 1] = y - this.y0;
    });
  }
}

/**
 * cv2.warpAffine(img, mat, dsize = (w, h)) with INTER_LINEAR; coordinates map as
 * `[x, y, 1] · matᵀ`. `mat` is the 2×3 matrix in row order.
 */
export class WarpAffineTransform extends Transform {
  constructor(
    readonly mat: AffineMatrix,
    readonly dsize: readonly [w: number, h: number],
    readonly borderMode: BorderMode = 'constant',
    readonly borderValue = 0,
  ) {
    super();
  }

  applyImage(img: Image): Image {
    return warpAffine(img, this.mat, this.dsize[0], this.dsize[1], this.borderMode, this.borderValue);
  }

  override applyCoords(coords: Coords): Coords {
    const [a, b, c, d, e, f] = this.mat;
    return mapCoords(this.name, coords, (x, y, out, o) => {
      out[o] = a * x + b * y + c;
      out[o + 1] = d * x + e * y + f;
    });
  }
}

/** Mirrors an h×w image left-right (`horiz`) or upside down; x becomes w - x (or y becomes h - y). */
export class FlipTransform extends Transform {
  constructor(readonly h: number, readonly w: number, readonly horiz = true) {
    super();
  }

  applyImage(img: Image, inPlace = false): Image {
    const { h, w, c, channelAxis } = dimsOf(img);
    const out = inPlace ? img : allocImage(img.dtype, h, w, c, channelAxis);
    flipInto(img, this.horiz, out);
    return out;
  }

  override applyCoords(coords: Coords): Coords {
    return mapCoords(this.name, coords, (x, y, d, o) => {
      d[o] = this.horiz ? this.w - x : x;
      d[o + 1] = this.horiz ? y : this.h - y;
    });
  }
}

/** cv2.transpose: swaps rows and columns ([h, w, c] → [w, h, c]); (x, y) becomes (y, x). */
export class TransposeTransform extends Transform {
  applyImage(img: Image): Image {
    const { h, w, c, channelAxis } = dimsOf(img);
    const out = newImage(img.dtype, w, h, c, channelAxis);
    const s = img.data;
    const d = out.data;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * c;
        const o = (x * h + y) * c;
        for (let k = 0; k < c; k++) d[o + k] = s[i + k]!;
      }
    }
    return out;
  }

  override applyCoords(coords: Coords): Coords {
    return mapCoords(this.name, coords, (x, y, d, o) => {
      d[o] = y;
      d[o + 1] = x;
    });
  }
}
