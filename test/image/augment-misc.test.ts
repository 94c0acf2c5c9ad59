import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import { FixedDraws, Flip, RandomResize, Resize, ResizeShortestEdge, Transpose, type Image } from '../../src/image/augment/index.ts';
import { itMatchesTensorpack } from './augment-fixtures.ts';

// a 3×2 image of 3 channels whose values give the position: pixel (x, y), channel k holds 10y + x + 100k
const img = NDArray.from(new Uint8Array([0, 100, 200, 1, 101, 201, 10, 110, 210, 11, 111, 211, 20, 120, 220, 21, 121, 221]), [3, 2, 3]) as Image;

describe('misc augmentors (Flip, Resize, ResizeShortestEdge, RandomResize, Transpose)', () => {
  // every value identical to tensorpack's, including INTER_LINEAR and INTER_AREA (measured: 0 of 68,790 values differ)
  itMatchesTensorpack('misc');

  it('Flip draws once and flips only below prob', () => {
    const flip = new Flip({ horiz: true, prob: 0.5 }).useRandomSource(new FixedDraws([0.7, 0.2]));
    assert.deepEqual([...flip.augment(img).data], [...img.data]);
    assert.deepEqual([...flip.augment(img).data.subarray(0, 6)], [1, 101, 201, 0, 100, 200]);
  });

  it('Flip in place and into a new image give the same pixels; coordinates mirror as x → w - x', () => {
    const t = new Flip({ vert: true, prob: 1 }).getTransform(img);
    const copy = img.copy();
    const out = t.applyImage(copy, true);
    assert.equal(out, copy);
    assert.deepEqual([...out.data], [...t.applyImage(img).data]);
    assert.deepEqual([...out.data.subarray(0, 3)], [20, 120, 220]);
    const coords = t.applyCoords(NDArray.from(new Float32Array([0.5, 0.5, 1, 2]), [2, 2]));
    assert.deepEqual([...coords.data], [0.5, 2.5, 1, 1]);
  });

  it('Flip rejects both or neither direction', () => {
    assert.throws(() => new Flip({ horiz: true, vert: true }), /cannot do both horiz and vert/);
    assert.throws(() => new Flip(), /one of horiz or vert must be true/);
  });

  it('Transpose swaps axes and coordinates', () => {
    const t = new Transpose(1).getTransform(img);
    const out = t.applyImage(img);
    assert.deepEqual(out.shape, [2, 3, 3]);
    assert.deepEqual([...out.data.subarray(0, 9)], [0, 100, 200, 10, 110, 210, 20, 120, 220]);
    assert.deepEqual([...t.applyCoords(NDArray.from(new Float32Array([1, 2]), [1, 2])).data], [2, 1]);
  });

  it('Resize scales coordinates by new/old size and refuses an image of another size', () => {
    const t = new Resize([6, 4], 'nearest').getTransform(img);
    assert.deepEqual([...t.applyCoords(NDArray.from(new Float32Array([1, 1.5]), [1, 2])).data], [2, 3]);
    assert.throws(() => t.applyImage(NDArray.zeros([4, 4], 'uint8') as Image), /ResizeTransform: was made for a 3x2 image, got one of shape \[4,4\]/);
    assert.throws(() => new Resize([0, 3]), /Resize: shape must be a positive integer/);
  });

  it('ResizeShortestEdge keeps the aspect ratio with int(scale * long + 0.5)', () => {
    assert.deepEqual(new ResizeShortestEdge(20).augment(NDArray.zeros([48, 64, 3], 'uint8') as Image).shape, [20, 27, 3]);
    assert.deepEqual(new ResizeShortestEdge(10).augment(NDArray.zeros([33, 21], 'uint8') as Image).shape, [16, 10]);
  });

  it('RandomResize draws scale factors per axis and redraws when the aspect ratio changes too much', () => {
    const aug = new RandomResize([0.5, 1.5], { yrange: [0.5, 1.5] }).useRandomSource(new FixedDraws([0.5, 1.5, 1.25, 1.25]));
    // 0.5 / 1.5 changes the ratio by 200 %, redrawn; 1.25 / 1.25 keeps it
    assert.deepEqual(aug.augment(NDArray.zeros([40, 20], 'uint8') as Image).shape, [50, 25]);
    const pixels = new RandomResize([30, 60], { aspectRatioThres: 0 }).useRandomSource(new FixedDraws([40]));
    assert.deepEqual(pixels.augment(NDArray.zeros([10, 20], 'uint8') as Image).shape, [20, 40]);
  });
});
