import { rint } from './image.ts';

const f32 = Math.fround;
/** OpenCV's INTER_RESIZE_COEF_BITS: uint8 weights are fixed-point with 11 fractional bits. */
export const COEF_SCALE = 2048;

/**
 * The two taps of each destination index along one axis: the first source index, its weight and
 * the second's (float, and OpenCV's fixed-point `saturate_cast<short>(w * 2048)`, each rounded
 * alone). Indices from `twoTaps` on are clamped to the last source index (one tap, weight 1).
 * `tab` interleaves `[ofs * c, i0, i1]` per index, for `c` channels: one cache line per pixel.
 */
export interface Taps {
  readonly ofs: Int32Array;
  readonly w0: Float32Array;
  readonly w1: Float32Array;
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly tab: Int32Array;
  readonly twoTaps: number;
}

/**
 * OpenCV's bilinear coefficients (resize.cpp): `fx = (float)((dx + 0.5) * scale - 0.5)`. Columns
 * (`clamp`) are clamped at both borders to one tap of weight 1; rows are not: their taps are
 * clipped to the image and keep both weights (which matters for the fixed-point rounding). In
 * `areaMode` (INTER_AREA when enlarging) the fraction is `(dx + 1) - (sx + 1) / scale` instead,
 * as OpenCV emulates area interpolation there.
 */
function computeTaps(ssize: number, dsize: number, areaMode: boolean, clamp: boolean, c: number): Taps {
  const invScale = dsize / ssize;
  const scale = 1 / invScale;
  const ofs = new Int32Array(dsize);
  const w0 = new Float32Array(dsize);
  const w1 = new Float32Array(dsize);
  const i0 = new Int32Array(dsize);
  const i1 = new Int32Array(dsize);
  const tab = new Int32Array(dsize * 3);
  let twoTaps = dsize;
  for (let d = 0; d < dsize; d++) {
    let s: number;
    let f: number;
    if (!areaMode) {
      f = f32((d + 0.5) * scale - 0.5);
      s = Math.floor(f);
      f = f32(f - s);
    } else {
      s = Math.floor(d * scale);
      f = f32(d + 1 - (s + 1) * invScale);
      f = f <= 0 ? 0 : f32(f - Math.floor(f));
    }
    if (clamp && s < 0) {
      f = 0;
      s = 0;
    }
    if (clamp && s >= ssize - 1) {
      f = 0;
      s = ssize - 1;
      if (twoTaps === dsize) twoTaps = d;
    }
    ofs[d] = s;
    w0[d] = f32(1 - f);
    w1[d] = f;
    i0[d] = rint(w0[d]! * COEF_SCALE);
    i1[d] = rint(f * COEF_SCALE);
    tab[3 * d] = s * c;
    tab[3 * d + 1] = i0[d]!;
    tab[3 * d + 2] = i1[d]!;
  }
  return { ofs, w0, w1, i0, i1, tab, twoTaps };
}

/** Tables already made, by (source size, destination size, mode): random crops reuse a few hundred. */
const cache = new Map<string, Taps>();
const CACHE_LIMIT = 1024;

/** The taps of a resize from `ssize` to `dsize` (`c` channels), computed once per (sizes, mode, c) and cached. */
export function taps(ssize: number, dsize: number, areaMode: boolean, clamp: boolean, c = 1): Taps {
  const key = `${ssize} ${dsize} ${c} ${areaMode ? 1 : 0}${clamp ? 1 : 0}`;
  let t = cache.get(key);
  if (t === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    t = computeTaps(ssize, dsize, areaMode, clamp, c);
    cache.set(key, t);
  }
  return t;
}
