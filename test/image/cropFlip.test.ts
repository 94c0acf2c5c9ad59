import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RNG } from '../../src/core/RNG.ts';
import { cropImage } from '../../src/image/kernels/crop.ts';
import { cropFlipInto } from '../../src/image/kernels/cropFlip.ts';
import { flipInto } from '../../src/image/kernels/flip.ts';
import { dimsOf, newImage } from '../../src/image/kernels/image.ts';
import { randomImage } from './randomImage.ts';

describe('cropFlipInto: crop (+ mirror) straight into a slot of a larger array', () => {
  const rng = new RNG(11);
  it('equals cropImage then flipInto, for uint8 and float32, 1–4 channels, at any offset', () => {
    for (let t = 0; t < 120; t++) {
      const c = 1 + (t % 4);
      const dtype = t % 3 === 2 ? 'float32' : 'uint8';
      const img = randomImage(rng, dtype, 2 + rng.int(9), 2 + rng.int(9), c, true);
      const { h, w } = dimsOf(img);
      const win = { h: 1 + rng.int(h), w: 1 + rng.int(w), y0: 0, x0: 0 };
      const at = { ...win, y0: rng.int(h - win.h + 1), x0: rng.int(w - win.w + 1) };
      const flip = t % 2 === 0;
      const expected = cropImage(img, at);
      if (flip) flipInto(expected, true, expected);
      const offset = rng.int(5);
      const dst = newImage(dtype, 1, offset + expected.size + 3, 1, false);
      dst.data.fill(7);
      cropFlipInto(img, at, flip, dst.data, offset);
      assert.deepEqual(dst.data.subarray(offset, offset + expected.size), expected.data, `case ${t}`);
      // nothing outside the slot is written
      assert.ok(dst.data.subarray(0, offset).every((v) => v === 7) && dst.data.subarray(offset + expected.size).every((v) => v === 7), `case ${t}`);
    }
  });

  it('writes wide RGB windows into 16-byte aligned slots (the streaming, shuffled path on x86-64) exactly', () => {
    const img = randomImage(rng, 'uint8', 12, 256, 3, true);
    for (const [w, x0, flip] of [[224, 16, true], [224, 5, false], [37, 200, true], [16, 0, true], [49, 3, false], [255, 1, true]] as const) {
      const at = { h: 12, w, y0: 0, x0 };
      const expected = cropImage(img, at);
      if (flip) flipInto(expected, true, expected);
      for (const offset of [0, 16, 48 * 7, 3]) {
        const dst = new Uint8Array(offset + expected.size + 16).fill(7);
        cropFlipInto(img, at, flip, dst, offset);
        assert.deepEqual(dst.subarray(offset, offset + expected.size), expected.data, `w ${w} x0 ${x0} flip ${flip} offset ${offset}`);
        assert.ok(dst.subarray(0, offset).every((v) => v === 7) && dst.subarray(offset + expected.size).every((v) => v === 7));
      }
    }
  });

  it('refuses a window outside the image or a slot past the end, naming both', () => {
    const img = newImage('uint8', 4, 4, 3, true);
    const dst = new Uint8Array(48);
    assert.throws(() => cropFlipInto(img, { y0: 1, x0: 0, h: 4, w: 4 }, false, dst, 0),
      { name: 'RangeError', message: 'cropFlip: the 4x4 window at (0, 1) does not fit a 48-byte source of rows of 4 pixels, or a 48-byte destination from offset 0' });
    assert.throws(() => cropFlipInto(img, { y0: 0, x0: 0, h: 4, w: 4 }, true, dst, 1), { name: 'RangeError', message: /48-byte destination from offset 1$/ });
  });
});
