import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import {
  CenterCrop, FixedDraws, GoogleNetRandomCropAndResize, RandomCrop, RandomCropRandomShape, RandomCutout, TransformList, type Image,
} from '../../src/image/augment/index.ts';
import { itMatchesTensorpack } from './augment-fixtures.ts';

// a 4×5 gray image: pixel (x, y) = 10y + x
const img = NDArray.from(Uint8Array.from({ length: 20 }, (_, i) => 10 * Math.floor(i / 5) + (i % 5)), [4, 5]) as Image;

describe('crop augmentors (RandomCrop, CenterCrop, RandomCropRandomShape, GoogleNetRandomCropAndResize, RandomCutout)', () => {
  itMatchesTensorpack('crop');

  it('RandomCrop draws y0 then x0 and shifts coordinates', () => {
    const t = new RandomCrop([2, 3]).useRandomSource(new FixedDraws([1, 2])).getTransform(img);
    assert.deepEqual([...t.applyImage(img).data], [12, 13, 14, 22, 23, 24]);
    assert.deepEqual([...t.applyCoords(NDArray.from(new Float32Array([3, 2]), [1, 2])).data], [1, 1]);
  });

  it('RandomCrop refuses a crop larger than the image', () => {
    assert.throws(() => new RandomCrop(6).augment(img), /RandomCrop: cannot crop 6x6 from an image of shape \[4,5\]/);
  });

  it('CenterCrop uses int((H - h) / 2) offsets', () => {
    assert.deepEqual([...new CenterCrop([2, 2]).augment(img).data], [11, 12, 21, 22]);
  });

  it('RandomCropRandomShape draws h, w (inclusive ranges) then the offsets', () => {
    const aug = new RandomCropRandomShape(2, 1, 3, 2).useRandomSource(new FixedDraws([1, 1, 2, 1]));
    // h = 1 + 1, w = 2 + 1, y0 = 2, x0 = 1
    assert.deepEqual([...aug.augment(img).data], [21, 22, 23, 31, 32, 33]);
  });

  it('GoogleNetRandomCropAndResize crops the drawn area and resizes to the target', () => {
    const big = NDArray.zeros([100, 80, 3], 'uint8') as Image;
    // area 0.25 * 8000 = 2000, ratio 1.25: ww = int(sqrt(2500) + 0.5) = 50, hh = 40; no swap; x1 = 5, y1 = 7
    const t = new GoogleNetRandomCropAndResize({ targetShape: 32 }).useRandomSource(new FixedDraws([0.25, 1.25, 0.9, 5, 7])).getTransform(big) as TransformList;
    assert.equal(t.toString(), 'TransformList([CropTransform, ResizeTransform])');
    assert.deepEqual(t.applyImage(big).shape, [32, 32, 3]);
    assert.deepEqual([...t.applyCoords(NDArray.from(new Float32Array([5, 7, 55, 47]), [2, 2])).data], [0, 0, 32, 32]);
  });

  it('GoogleNetRandomCropAndResize falls back to ResizeShortestEdge + CenterCrop after 10 failed tries', () => {
    const tall = NDArray.zeros([100, 20], 'uint8') as Image;
    const draws = Array.from({ length: 10 }, () => [1, 1.333, 0.9]).flat(); // 100x100-ish crops never fit in width 20
    const out = new GoogleNetRandomCropAndResize({ targetShape: 16 }).useRandomSource(new FixedDraws(draws)).augment(tall);
    assert.deepEqual(out.shape, [16, 16]);
  });

  it('RandomCutout fills the drawn rectangle and leaves coordinates alone', () => {
    const t = new RandomCutout([1, 3], 2, 255).useRandomSource(new FixedDraws([1, 2, 1])).getTransform(img);
    // h = 1 + 1 = 2, w = 2, x0 = 2, y0 = 1
    assert.deepEqual([...t.applyImage(img).data], [0, 1, 2, 3, 4, 10, 11, 255, 255, 14, 20, 21, 255, 255, 24, 30, 31, 32, 33, 34]);
    assert.equal(img.data[7], 12, 'the input is untouched');
    const coords = NDArray.from(new Float32Array([1, 2]), [1, 2]);
    assert.equal(t.applyCoords(coords), coords);
  });
});
