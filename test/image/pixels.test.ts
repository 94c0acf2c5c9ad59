import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RNG } from '../../src/core/RNG.ts';
import { affinePixels, clip255, mapPixels, mapValues } from '../../src/image/augment/pixels.ts';
import { newImage, type Image } from '../../src/image/kernels/image.ts';

const f32 = Math.fround;

function randomU8(rng: RNG, h: number, w: number, c: number): Image {
  const img = newImage('uint8', h, w, c, c > 1 || h % 2 === 0);
  for (let i = 0; i < img.size; i++) img.data[i] = rng.int(256);
  return img;
}

function sameValues(a: Image, b: Image, what: string): void {
  assert.equal(a.dtype, b.dtype, what);
  assert.deepEqual(a.shape, b.shape, what);
  assert.deepEqual(a.data, b.data, what);
}

// Pure per-value functions of the kinds the photometric augmentors pass: float64 and float32
// arithmetic, values out of [0, 255] (stored as a uint8/float32 write stores them), NaN, per channel.
const functions: [string, (v: number, k: number) => number][] = [
  ['contrast-like, float64 offsets', (v, k) => clip255(f32(v * 0.7) + [3.1, 40.25, 77.5, 1][k]!)],
  ['float32 affine, unclipped', (v) => f32(f32(v * 1.3) - 20)],
  ['clip to [10, 200]', (v) => (v < 10 ? 10 : v > 200 ? 200 : v)],
  ['per-channel lighting', (v, k) => f32(v + [-0.4, 12.6, 255.5, -300][k]!)],
  ['NaN and infinities', (v) => (v === 0 ? NaN : v === 1 ? Infinity : v === 2 ? -Infinity : v / 3)],
];

describe('pixel maps: the lookup-table path gives the values of the per-value loop', () => {
  const rng = new RNG(11);

  it('mapValues equals mapPixels on uint8 images, 1–4 channels, to uint8 and float32', () => {
    for (const [name, f] of functions) {
      for (const c of [1, 2, 3, 4]) {
        const img = randomU8(rng, 1 + rng.int(9), 1 + rng.int(9), c);
        for (const dtype of ['uint8', 'float32'] as const) {
          sameValues(mapValues(img, false, dtype, f), mapPixels(img, false, dtype, f), `${name}, c=${c}, ${dtype}`);
        }
      }
    }
  });

  it('mapValues in place writes into the image and returns it; otherwise leaves it alone', () => {
    const img = randomU8(rng, 4, 5, 3);
    const before = img.copy();
    const expected = mapPixels(img, false, 'uint8', functions[0]![1]);
    sameValues(img, before, 'input untouched by mapPixels');
    const out = mapValues(img, false, 'uint8', functions[0]![1]);
    assert.notEqual(out.data, img.data);
    sameValues(img, before, 'input untouched');
    assert.equal(mapValues(img, true, 'uint8', functions[0]![1]), img);
    sameValues(img, expected, 'in place');
  });

  it('affinePixels on uint8 equals float32(x * scale + offset) clipped and truncated, for random scales and offsets', () => {
    for (let t = 0; t < 200; t++) {
      const img = randomU8(rng, 3, 7, 1 + rng.int(4));
      const scale = f32(rng.uniform(-2, 3));
      const offset = t % 2 === 0 ? 0 : f32(rng.uniform(-300, 300));
      const expected = new Uint8Array(img.size);
      for (let i = 0; i < img.size; i++) {
        const y = f32(img.data[i]! * scale + offset);
        expected[i] = y < 0 ? 0 : y > 255 ? 255 : y;
      }
      assert.deepEqual(affinePixels(img, false, scale, offset, true).data, expected, `scale ${scale}, offset ${offset}`);
    }
  });
});
