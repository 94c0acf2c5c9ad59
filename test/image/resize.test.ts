import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import { RNG } from '../../src/core/RNG.ts';
import { cropImage } from '../../src/image/kernels/crop.ts';
import { dimsOf, newImage, rint, type Image, type Window } from '../../src/image/kernels/image.ts';
import { resize, type Interp } from '../../src/image/kernels/resize.ts';
import { resizeLinear } from '../../src/image/kernels/resizeLinear.ts';
import { turbojpeg } from '../../src/image/decode/turbojpeg.ts';

// The straightforward bilinear resize that matched OpenCV's outputs before the separable fast
// path replaced it: per-element tap tables and a row cache filled by a callback. The fast path
// must give the same bits on any input.
const f32 = Math.fround;
function refTaps(ssize: number, dsize: number, areaMode: boolean, clamp: boolean): { ofs: number[]; w0: number[]; w1: number[] } {
  const invScale = dsize / ssize;
  const scale = 1 / invScale;
  const t = { ofs: [] as number[], w0: [] as number[], w1: [] as number[] };
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
    if (clamp && s < 0) [f, s] = [0, 0];
    if (clamp && s >= ssize - 1) [f, s] = [0, ssize - 1];
    t.ofs.push(s);
    t.w0.push(f32(1 - f));
    t.w1.push(f);
  }
  return t;
}

function refResizeLinear(src: Image, newH: number, newW: number, areaMode: boolean): Image {
  const { h, w, c, channelAxis } = dimsOf(src);
  const xt = refTaps(w, newW, areaMode, true);
  const yt = refTaps(h, newH, areaMode, false);
  const u8 = src.dtype === 'uint8';
  const out = newImage(src.dtype, newH, newW, c, channelAxis);
  const s = src.data;
  const W = newW * c;
  const hrow = (sy: number): number[] => {
    const row: number[] = [];
    for (let x = 0; x < W; x++) {
      const px = Math.floor(x / c);
      const i = sy * w * c + xt.ofs[px]! * c + (x % c);
      const j = i + (xt.ofs[px]! < w - 1 ? c : 0);
      row.push(u8 ? s[i]! * rint(xt.w0[px]! * 2048) + s[j]! * rint(xt.w1[px]! * 2048) : f32(f32(s[i]! * xt.w0[px]!) + f32(s[j]! * xt.w1[px]!)));
    }
    return row;
  };
  const clip = (y: number): number => (y < 0 ? 0 : y >= h ? h - 1 : y);
  for (let dy = 0; dy < newH; dy++) {
    const r0 = hrow(clip(yt.ofs[dy]!));
    const r1 = hrow(clip(yt.ofs[dy]! + 1));
    for (let x = 0; x < W; x++) {
      if (u8) {
        const b0 = rint(yt.w0[dy]! * 2048);
        const b1 = rint(yt.w1[dy]! * 2048);
        out.data[dy * W + x] = Math.min(255, ((((r0[x]! >> 4) * b0) >> 16) + (((r1[x]! >> 4) * b1) >> 16) + 2) >> 2);
      } else {
        out.data[dy * W + x] = f32(r0[x]! * yt.w0[dy]!) + f32(r1[x]! * yt.w1[dy]!);
      }
    }
  }
  return out;
}

function randomImage(rng: RNG, dtype: 'uint8' | 'float32', h: number, w: number, c: number, channelAxis: boolean): Image {
  const img = newImage(dtype, h, w, c, channelAxis);
  for (let i = 0; i < img.size; i++) img.data[i] = dtype === 'uint8' ? rng.int(256) : rng.uniform(-10, 300);
  if (dtype === 'float32' && img.size > 2) img.data[rng.int(img.size)] = Infinity;
  return img;
}

function sameBits(a: Image, b: Image, what: string): void {
  assert.deepEqual(a.shape, b.shape, what);
  assert.equal(a.dtype, b.dtype, what);
  assert.ok(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength)), `${what}: values differ`);
}

describe('resize kernels: fast paths give the bits of the straightforward implementation', () => {
  const rng = new RNG(7);
  const cases = Array.from({ length: 120 }, (_, i) => {
    const c = [1, 3, 2, 4][i % 4]!;
    return { c, channelAxis: c > 1 || i % 8 === 0, dtype: i % 3 === 2 ? ('float32' as const) : ('uint8' as const), h: 1 + rng.int(40), w: 1 + rng.int(40), newH: 1 + rng.int(50), newW: 1 + rng.int(50), areaMode: i % 5 === 4 };
  });

  it('resizeLinear (linear and area-mode taps) on random uint8/float32 images, 1–4 channels, up and down', () => {
    for (const k of cases) {
      const img = randomImage(rng, k.dtype, k.h, k.w, k.c, k.channelAxis);
      sameBits(resizeLinear(img, k.newH, k.newW, k.areaMode), refResizeLinear(img, k.newH, k.newW, k.areaMode), JSON.stringify(k));
    }
  });

  it('resizing a window equals cropping it then resizing, for every interpolation', () => {
    for (const k of cases) {
      const img = randomImage(rng, k.dtype, k.h, k.w, k.c, k.channelAxis);
      const wh = 1 + rng.int(k.h);
      const ww = 1 + rng.int(k.w);
      const win: Window = { y0: rng.int(k.h - wh + 1), x0: rng.int(k.w - ww + 1), h: wh, w: ww };
      for (const interp of ['nearest', 'linear', 'area'] as Interp[]) {
        const what = `${interp} ${JSON.stringify({ ...k, win })}`;
        sameBits(resize(img, k.newH, k.newW, interp, win), resize(cropImage(img, win), k.newH, k.newW, interp), what);
      }
    }
  });

  it('resizing a window to its own size is a copy of the crop', () => {
    const img = NDArray.from(Uint8Array.from({ length: 20 }, (_, i) => i), [4, 5]) as Image;
    const out = resize(img, 2, 3, 'linear', { y0: 1, x0: 2, h: 2, w: 3 });
    assert.deepEqual([...out.data], [7, 8, 9, 12, 13, 14]);
  });

  it('refuses a window outside the image', () => {
    const img = NDArray.zeros([4, 5, 3], 'uint8') as Image;
    assert.throws(() => resize(img, 8, 8, 'linear', { y0: 2, x0: 0, h: 3, w: 5 }), /^DataFlowError: resize: window 3x5 at \(y0=2, x0=0\) does not fit in an image of shape \[4,5,3\]$/);
  });
});

describe('resizeLinearU8 (the add-on)', () => {
  // 2 destination pixels of 3 channels from a 4x4 RGB image: taps [byte offset, w0, w1], rows 0 and 1
  const ok = () => ({ src: new Uint8Array(48), tab: Int32Array.of(0, 1024, 1024, 6, 1024, 1024), yofs: Int32Array.of(0), yi0: Int32Array.of(1024), yi1: Int32Array.of(1024), dst: new Uint8Array(6) });
  const call = (a: ReturnType<typeof ok>, base = 0, stride = 12, rows = 4, two = 2) =>
    turbojpeg().resizeLinearU8(a.src, base, stride, rows, 3, a.tab, two, a.yofs, a.yi0, a.yi1, a.dst);

  it('blends the taps in fixed point: half of 100 and half of 200 horizontally, of two equal rows vertically', () => {
    const a = ok();
    a.src.fill(100, 0, 3).fill(200, 3, 6).fill(100, 12, 15).fill(200, 15, 18);
    call(a);
    assert.deepEqual([...a.dst.subarray(0, 3)], [150, 150, 150]);
  });

  it('checks every bound before reading: taps or rows past src, a negative tap, a small dst, missing weights', () => {
    const range = (what: RegExp) => ({ name: 'RangeError', message: what });
    assert.throws(() => call({ ...ok(), tab: Int32Array.of(0, 1, 1, 42, 1, 1) }), range(/past the end of src/)); // 42 + 6 > 48
    assert.throws(() => call(ok(), 0, 12, 5), range(/past the end of src/)); // a fifth row
    assert.throws(() => call(ok(), 40), range(/past the end of src/));
    assert.throws(() => call({ ...ok(), tab: Int32Array.of(-3, 1, 1, 0, 1, 1) }), range(/before the row start/));
    assert.throws(() => call({ ...ok(), dst: new Uint8Array(5) }), range(/dst is smaller/));
    assert.throws(() => call({ ...ok(), yi1: new Int32Array(0) }), range(/a weight per destination row/));
    assert.throws(() => call(ok(), 0, 12, 4, 3), range(/twoTaps out of range/));
    assert.throws(() => turbojpeg().resizeLinearU8(new Uint8Array(48), 0, 12, 4, 3, new Float32Array(6) as never, 2, Int32Array.of(0), Int32Array.of(1), Int32Array.of(1), new Uint8Array(6)),
      { name: 'TypeError', message: 'tab must be an Int32Array' });
  });
});
