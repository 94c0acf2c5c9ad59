import { dimsOf, newImage, rint, type Image } from './image.ts';

const f32 = Math.fround;
/** OpenCV's INTER_RESIZE_COEF_BITS: uint8 weights are fixed-point with 11 fractional bits. */
const COEF_SCALE = 2048;

/** The two taps of each destination index along one axis: the first source index and its weight. */
interface Taps {
  readonly ofs: Int32Array;
  readonly w0: Float32Array;
  readonly w1: Float32Array;
}

/**
 * OpenCV's bilinear coefficients (resize.cpp): `fx = (float)((dx + 0.5) * scale - 0.5)`. Columns
 * (`clamp`) are clamped at both borders to one tap of weight 1; rows are not: their taps are
 * clipped to the image and keep both weights (which matters for the fixed-point rounding). In
 * `areaMode` (INTER_AREA when enlarging) the fraction is `(dx + 1) - (sx + 1) / scale` instead,
 * as OpenCV emulates area interpolation there.
 */
function taps(ssize: number, dsize: number, areaMode: boolean, clamp: boolean): Taps {
  const invScale = dsize / ssize;
  const scale = 1 / invScale;
  const ofs = new Int32Array(dsize);
  const w0 = new Float32Array(dsize);
  const w1 = new Float32Array(dsize);
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
    }
    ofs[d] = s;
    w0[d] = f32(1 - f);
    w1[d] = f;
  }
  return { ofs, w0, w1 };
}

/**
 * cv2.resize with INTER_LINEAR (or INTER_AREA when enlarging, `areaMode`). uint8 images use
 * OpenCV's fixed-point arithmetic: 11-bit weights per axis and the rounding of its SIMD vertical
 * pass, `((S0 >> 4) * b0 >> 16) + ((S1 >> 4) * b1 >> 16) + 2 >> 2`, for every element (this
 * matched OpenCV 4.6's outputs in the fixtures bit for bit, row tails included); float32 images
 * use float weights.
 */
export function resizeLinear(src: Image, newH: number, newW: number, areaMode = false): Image {
  const { h, w, c, channelAxis } = dimsOf(src);
  const xt = taps(w, newW, areaMode, true);
  const yt = taps(h, newH, areaMode, false);
  const W = newW * c;
  // the source element offset of each destination element's first tap, and the step to the second
  const xofs = new Int32Array(W);
  const xstep = new Int32Array(W);
  for (let x = 0; x < newW; x++) {
    const s = xt.ofs[x]!;
    for (let k = 0; k < c; k++) {
      xofs[x * c + k] = s * c + k;
      xstep[x * c + k] = s < w - 1 ? c : 0;
    }
  }
  if (src.dtype === 'uint8') {
    const out = newImage('uint8', newH, newW, c, channelAxis);
    resizeRowsU8(src.data, out.data, w * c, W, xofs, xstep, fixedWeights(xt.w0, c), fixedWeights(xt.w1, c), yt, h);
    return out;
  }
  const out = newImage('float32', newH, newW, c, channelAxis);
  const a0 = new Float32Array(W);
  const a1 = new Float32Array(W);
  for (let x = 0; x < newW; x++) {
    for (let k = 0; k < c; k++) {
      a0[x * c + k] = xt.w0[x]!;
      a1[x * c + k] = xt.w1[x]!;
    }
  }
  resizeRowsF32(src.data, out.data, w * c, W, xofs, xstep, a0, a1, yt, h);
  return out;
}

/** OpenCV's `saturate_cast<short>(weight * INTER_RESIZE_COEF_SCALE)` per element (each weight rounded alone). */
function fixedWeights(weights: Float32Array, c: number): Int32Array {
  const a = new Int32Array(weights.length * c);
  for (let x = 0; x < weights.length; x++) for (let k = 0; k < c; k++) a[x * c + k] = rint(weights[x]! * COEF_SCALE);
  return a;
}

function clipRow(y: number, h: number): number {
  return y < 0 ? 0 : y >= h ? h - 1 : y;
}

/** Rows of the horizontal pass, kept for reuse by the next destination row (as OpenCV does). */
class RowCache<A extends Int32Array | Float32Array> {
  private readonly rows: [A, A];
  private readonly which: [number, number] = [-1, -1];
  constructor(make: () => A, private readonly fill: (sy: number, row: A) => void) {
    this.rows = [make(), make()];
  }
  get(sy: number): A {
    if (this.which[0] === sy) return this.rows[0];
    if (this.which[1] === sy) return this.rows[1];
    // replace the row that is not the other tap of this destination row
    const slot = this.which[0] < this.which[1] ? 0 : 1;
    this.which[slot] = sy;
    this.fill(sy, this.rows[slot]);
    return this.rows[slot];
  }
}

function resizeRowsU8(s: Uint8Array, d: Uint8Array, srcStride: number, W: number, xofs: Int32Array, xstep: Int32Array, a0: Int32Array, a1: Int32Array, yt: Taps, h: number): void {
  const cache = new RowCache(() => new Int32Array(W), (sy, row) => {
    const base = sy * srcStride;
    for (let x = 0; x < W; x++) {
      const i = base + xofs[x]!;
      row[x] = s[i]! * a0[x]! + s[i + xstep[x]!]! * a1[x]!;
    }
  });
  for (let dy = 0, o = 0; dy < yt.ofs.length; dy++, o += W) {
    const sy = yt.ofs[dy]!;
    const b0 = rint(yt.w0[dy]! * COEF_SCALE);
    const b1 = rint(yt.w1[dy]! * COEF_SCALE);
    const r0 = cache.get(clipRow(sy, h));
    const r1 = cache.get(clipRow(sy + 1, h));
    for (let x = 0; x < W; x++) {
      const u = ((((r0[x]! >> 4) * b0) >> 16) + (((r1[x]! >> 4) * b1) >> 16) + 2) >> 2;
      d[o + x] = u > 255 ? 255 : u;
    }
  }
}

function resizeRowsF32(s: Float32Array, d: Float32Array, srcStride: number, W: number, xofs: Int32Array, xstep: Int32Array, a0: Float32Array, a1: Float32Array, yt: Taps, h: number): void {
  const cache = new RowCache(() => new Float32Array(W), (sy, row) => {
    const base = sy * srcStride;
    for (let x = 0; x < W; x++) {
      const i = base + xofs[x]!;
      row[x] = f32(s[i]! * a0[x]!) + f32(s[i + xstep[x]!]! * a1[x]!);
    }
  });
  for (let dy = 0, o = 0; dy < yt.ofs.length; dy++, o += W) {
    const sy = yt.ofs[dy]!;
    const b0 = yt.w0[dy]!;
    const b1 = yt.w1[dy]!;
    const r0 = cache.get(clipRow(sy, h));
    const r1 = cache.get(clipRow(sy + 1, h));
    for (let x = 0; x < W; x++) d[o + x] = f32(r0[x]! * b0) + f32(r1[x]! * b1);
  }
}
