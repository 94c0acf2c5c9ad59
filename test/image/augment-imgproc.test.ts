import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import {
  Brightness, Contrast, FixedDraws, GaussianBlur, Hue, Lighting, MeanVarianceNormalize, MinMaxNormalize, Saturation, type Image,
} from '../../src/image/augment/index.ts';
import { itMatchesTensorpack } from './augment-fixtures.ts';

const rgb = NDArray.from(new Uint8Array([200, 40, 40, 40, 200, 40, 40, 40, 200, 90, 90, 90]), [2, 2, 3]) as Image;

describe('imgproc augmentors (Hue, Brightness, BrightnessScale, Contrast, MeanVarianceNormalize, GaussianBlur, Gamma, Clip, Saturation, Lighting, MinMaxNormalize)', () => {
  // uint8 and float32 outputs both identical to tensorpack's (numpy's float32 pairwise sums are reproduced)
  itMatchesTensorpack('imgproc');

  it('Brightness in place writes into the given image', () => {
    const img = rgb.copy();
    const t = new Brightness(100).useRandomSource(new FixedDraws([60])).getTransform(img);
    assert.equal(t.applyImage(img, true), img);
    assert.deepEqual([...img.data.subarray(0, 3)], [255, 100, 100]);
  });

  it('Contrast per channel and on a 2-D image uses the means', () => {
    const gray = NDArray.from(new Uint8Array([0, 100, 200, 100]), [2, 2]) as Image;
    // mean 100: x * 0.5 + 50
    assert.deepEqual([...new Contrast([0, 1]).useRandomSource(new FixedDraws([0.5])).augment(gray).data], [50, 100, 150, 100]);
  });

  it('Hue by a half turn (90 in OpenCV units) maps red to cyan', () => {
    const red = NDArray.from(new Uint8Array([255, 0, 0]), [1, 1, 3]) as Image;
    assert.deepEqual([...new Hue([0, 180], true).useRandomSource(new FixedDraws([90])).augment(red).data], [0, 255, 255]);
    assert.deepEqual([...new Hue([0, 180], true).useRandomSource(new FixedDraws([0])).augment(rgb).data], [...rgb.data]);
  });

  it('Saturation 0 gives gray, 1 keeps the image', () => {
    const grayed = new Saturation(0.99).useRandomSource(new FixedDraws([-1])).augment(rgb);
    assert.deepEqual([...grayed.data.subarray(9)], [90, 90, 90]);
    assert.equal(grayed.data[0], grayed.data[1]);
    assert.deepEqual([...new Saturation(0.5).useRandomSource(new FixedDraws([0])).augment(rgb).data], [...rgb.data]);
  });

  it('Lighting adds eigvec · (draws * std * eigval) to every pixel', () => {
    const t = new Lighting(2, [1, 2, 3], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]).useRandomSource(new FixedDraws([1, -1, 0.5]));
    assert.deepEqual([...t.augment(rgb).data.subarray(9)], [92, 86, 93]);
  });

  it('GaussianBlur with size 3 smooths an edge, with replicated borders', () => {
    // integer draws are offsets from the range's low end: 1 + 0 → a kernel of 2 * 1 + 1 = 3
    const edge = NDArray.from(new Float32Array([0, 0, 4, 4]), [1, 4]) as Image;
    const out = new GaussianBlur({ sizeRange: [1, 2] }).useRandomSource(new FixedDraws([0, 0, 0, 0])).augment(edge);
    assert.deepEqual([...out.data], [0, 1, 3, 4]);
  });

  it('MinMaxNormalize per channel and MeanVarianceNormalize give float32', () => {
    const out = new MinMaxNormalize(0, 1, false).augment(rgb);
    assert.equal(out.dtype, 'float32');
    assert.deepEqual([...out.data.subarray(0, 6)], [1, 0, 0, 0, 1, 0]);
    const mv = new MeanVarianceNormalize().augment(NDArray.from(new Uint8Array([1, 3]), [1, 2]) as Image);
    assert.deepEqual([...mv.data], [-1, 1]);
  });
});
