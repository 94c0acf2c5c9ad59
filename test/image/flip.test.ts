import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RNG } from '../../src/core/RNG.ts';
import { FlipTransform } from '../../src/image/augment/transforms.ts';
import { dimsOf, newImage, type Image } from '../../src/image/kernels/image.ts';
import { randomImage } from './randomImage.ts';

/** The mirror image, pixel by pixel: the specification the byte-moving kernel must meet. */
function refFlip(img: Image, horiz: boolean): Image {
  const { h, w, c, channelAxis } = dimsOf(img);
  const out = newImage(img.dtype, h, w, c, channelAxis);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const from = horiz ? (y * w + (w - 1 - x)) * c : ((h - 1 - y) * w + x) * c;
      for (let k = 0; k < c; k++) out.data[(y * w + x) * c + k] = img.data[from + k]!;
    }
  }
  return out;
}

describe('FlipTransform kernel: mirrors any image exactly, in place or into a new one', () => {
  const rng = new RNG(5);
  it('uint8 and float32, 1–4 channels, odd and even sides, both directions', () => {
    for (let t = 0; t < 160; t++) {
      const c = 1 + (t % 4);
      const dtype = t % 3 === 2 ? 'float32' : 'uint8';
      const img = randomImage(rng, dtype, 1 + rng.int(7), 1 + rng.int(7), c, c > 1 || t % 8 === 0);
      const { h, w } = dimsOf(img);
      const horiz = t % 2 === 0;
      const expected = refFlip(img, horiz);
      const before = img.copy();
      const what = `${dtype} [${img.shape.join(',')}] ${horiz ? 'horiz' : 'vert'}`;
      const out = new FlipTransform(h, w, horiz).applyImage(img);
      assert.deepEqual(out.data, expected.data, what);
      assert.deepEqual(img.data, before.data, `${what}: input untouched`);
      assert.equal(new FlipTransform(h, w, horiz).applyImage(img, true), img, `${what}: in place`);
      assert.deepEqual(img.data, expected.data, `${what}: in place`);
    }
  });
});
