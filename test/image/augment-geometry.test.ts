import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import { Affine, FixedDraws, largestRotatedRect, Rotation, RotationAndCropValid, Shift, type Image } from '../../src/image/augment/index.ts';
import { itMatchesTensorpack } from './augment-fixtures.ts';

/** A black image with one white pixel at (x, y). */
function dot(h: number, w: number, x: number, y: number): Image {
  const img = NDArray.zeros([h, w], 'uint8');
  img.data[y * w + x] = 255;
  return img;
}

function brightest(img: Image): [number, number] {
  const w = img.shape[1]!;
  let best = 0;
  for (let i = 1; i < img.size; i++) if (img.data[i]! > img.data[best]!) best = i;
  return [best % w, Math.floor(best / w)];
}

describe('geometry augmentors (Shift, Rotation, RotationAndCropValid, Affine)', () => {
  // cv2.warpAffine's fixed-point bilinear map reproduced: 0 of 13,888 values differ
  itMatchesTensorpack('geometry');

  it('Rotation moves a pixel where applyCoords says', () => {
    const img = dot(21, 31, 20, 4);
    const t = new Rotation(90).useRandomSource(new FixedDraws([0.5, 0.5, 30])).getTransform(img);
    const [x, y] = t.applyCoords(NDArray.from(new Float32Array([20, 4]), [1, 2])).data;
    assert.deepEqual(brightest(t.applyImage(img)), [Math.round(x!), Math.round(y!)]);
  });

  it('Shift rounds the drawn shift half to even and moves coordinates by it', () => {
    const img = dot(10, 10, 2, 3);
    const t = new Shift(0.5, 0.5, { border: 'constant' }).useRandomSource(new FixedDraws([2.5, -1.5])).getTransform(img);
    assert.deepEqual([...t.applyCoords(NDArray.from(new Float32Array([2, 3]), [1, 2])).data], [4, 1]);
    assert.deepEqual(brightest(t.applyImage(img)), [4, 1]);
  });

  it('RotationAndCropValid crops the largest valid rectangle (values as tensorpack computes them)', () => {
    assert.deepEqual(largestRotatedRect(64, 48, 30), [48, 28]);
    const out = new RotationAndCropValid(45).useRandomSource(new FixedDraws([30])).augment(NDArray.zeros([48, 64, 3], 'uint8') as Image);
    assert.deepEqual(out.shape, [28, 48, 3]);
  });

  it('Affine with scale 2 around the centre doubles distances from it', () => {
    const img = dot(21, 21, 12, 10);
    const t = new Affine({ scale: [1, 3] }).useRandomSource(new FixedDraws([2, 0])).getTransform(img);
    assert.deepEqual([...t.applyCoords(NDArray.from(new Float32Array([12, 10]), [1, 2])).data], [14, 10]);
    assert.deepEqual(brightest(t.applyImage(img)), [14, 10]);
  });
});
