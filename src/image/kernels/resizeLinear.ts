import { dimsOf, fullWindow, allocImage, type Image, type Window } from './image.ts';
import { taps, type Taps } from './linearTaps.ts';
import { turbojpeg } from '../decode/turbojpeg.ts';

const f32 = Math.fround;

/**
 * cv2.resize with INTER_LINEAR (or INTER_AREA when enlarging, `areaMode`) of `win` (default: the
 * whole image), so a crop followed by a resize reads the source directly. uint8 images use
 * OpenCV's fixed-point arithmetic: 11-bit weights per axis and the rounding of its SIMD vertical
 * pass, `((S0 >> 4) * b0 >> 16) + ((S1 >> 4) * b1 >> 16) + 2 >> 2`, for every element (this
 * matched OpenCV 4.6's outputs in the fixtures bit for bit, row tails included); float32 images
 * use float weights.
 *
 * Separable, as OpenCV: each source row needed is interpolated horizontally once into a reused
 * row buffer, and each destination row combines two buffered rows. The uint8 loops run in the
 * JPEG add-on (`resizeLinearU8`, native/turbojpeg/src/resize.c).
 */
export function resizeLinear(src: Image, newH: number, newW: number, areaMode = false, win: Window = fullWindow(dimsOf(src))): Image {
  const { w, c, channelAxis } = dimsOf(src);
  const xt = taps(win.w, newW, areaMode, true, c);
  const yt = taps(win.h, newH, areaMode, false);
  const plan: Plan = { stride: w * c, base: (win.y0 * w + win.x0) * c, h: win.h, c, W: newW * c, xt, yt };
  if (src.dtype === 'uint8') {
    const out = allocImage('uint8', newH, newW, c, channelAxis);
    resizeU8(src.data, out.data, plan);
    return out;
  }
  const out = allocImage('float32', newH, newW, c, channelAxis);
  resizeF32(src.data, out.data, plan);
  return out;
}

/** Where the window's rows start, how many there are, and the taps of both axes. */
interface Plan {
  readonly stride: number;
  readonly base: number;
  readonly h: number;
  readonly c: number;
  /** Values per destination row. */
  readonly W: number;
  readonly xt: Taps;
  readonly yt: Taps;
}

/** Which source rows the two row buffers hold; -1 for none. */
const held = new Int32Array(2);

/**
 * The buffer (0 or 1) that holds source row `y`, or, when neither does, 2 | the buffer to fill
 * with it: never the one holding `keep`, the other row the destination row needs.
 */
function slotFor(y: number, keep: number): number {
  if (held[0] === y) return 0;
  if (held[1] === y) return 1;
  const slot = held[0] === keep ? 1 : 0;
  held[slot] = y;
  return 2 | slot;
}

/** Row buffers reused across calls (one thread runs one resize at a time). */
let rowsF32: [Float32Array, Float32Array] = [new Float32Array(0), new Float32Array(0)];

/** The uint8 pass, in the add-on (resize.c): its horizontal pass gathers, which runs ~2.3× faster natively. */
function resizeU8(s: Uint8Array, d: Uint8Array, p: Plan): void {
  turbojpeg().resizeLinearU8(s, p.base, p.stride, p.h, p.c, p.xt.tab, p.xt.twoTaps, p.yt.ofs, p.yt.i0, p.yt.i1, d);
}

/**
 * The separable pass: for each destination row, the two source rows it needs (clipped to the
 * window: OpenCV keeps both weights), each interpolated horizontally once into a row buffer.
 */
function resizeF32(s: Float32Array, d: Float32Array, p: Plan): void {
  const { W, yt, h } = p;
  if (rowsF32[0].length < W) rowsF32 = [new Float32Array(W), new Float32Array(W)];
  const rows = rowsF32;
  held[0] = held[1] = -1;
  for (let dy = 0, o = 0; dy < yt.ofs.length; dy++, o += W) {
    const sy = yt.ofs[dy]!;
    const y0 = sy < 0 ? 0 : sy >= h ? h - 1 : sy;
    const y1 = sy + 1 >= h ? h - 1 : sy + 1 < 0 ? 0 : sy + 1;
    const k0 = slotFor(y0, y1);
    const r0 = rows[k0 & 1];
    if (k0 & 2) hrowF32(s, p.base + y0 * p.stride, r0, p);
    const k1 = slotFor(y1, y0);
    const r1 = rows[k1 & 1];
    if (k1 & 2) hrowF32(s, p.base + y1 * p.stride, r1, p);
    vrowF32(r0, r1, dy, d, o, p);
  }
}

function vrowF32(r0: Float32Array, r1: Float32Array, dy: number, d: Float32Array, o: number, p: Plan): void {
  const b0 = p.yt.w0[dy]!;
  const b1 = p.yt.w1[dy]!;
  for (let x = 0; x < p.W; x++) d[o + x] = f32(r0[x]! * b0) + f32(r1[x]! * b1);
}

/** One source row, interpolated horizontally with float32 products; a clamped column uses its one value twice (weight 1 and 0). */
function hrowF32(s: Float32Array, base: number, row: Float32Array, p: Plan): void {
  const { c, xt } = p;
  const two = xt.twoTaps;
  for (let x = 0, j = 0; x < xt.ofs.length; x++, j += c) {
    const i = base + xt.ofs[x]! * c;
    const w0 = xt.w0[x]!;
    const w1 = xt.w1[x]!;
    const step = x < two ? c : 0;
    for (let k = 0; k < c; k++) row[j + k] = f32(s[i + k]! * w0) + f32(s[i + k + step]! * w1);
  }
}
