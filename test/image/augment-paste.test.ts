import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import { CenterPaste, ConstantBackgroundFiller, FixedDraws, RandomPaste, type Image } from '../../src/image/augment/index.ts';

const img = NDArray.from(new Uint8Array([1, 2, 3, 4]), [2, 2]) as Image;

describe('paste augmentors (CenterPaste, RandomPaste, ConstantBackgroundFiller)', () => {
  it('CenterPaste puts the image in the middle of a zero canvas and shifts coordinates', () => {
    const t = new CenterPaste([4, 3]).getTransform(img);
    assert.deepEqual([...t.applyImage(img).data], [0, 0, 0, 1, 2, 0, 3, 4, 0, 0, 0, 0]);
    assert.deepEqual([...t.applyCoords(NDArray.from(new Float32Array([0, 0]), [1, 2])).data], [0, 1]);
  });

  it('RandomPaste draws y0, x0 and fills with per-channel values', () => {
    const rgb = NDArray.from(new Uint8Array([9, 9, 9]), [1, 1, 3]) as Image;
    const out = new RandomPaste([2, 2], new ConstantBackgroundFiller([1, 2, 3])).useRandomSource(new FixedDraws([0.7, 0.2])).augment(rgb);
    assert.deepEqual([...out.data], [9, 9, 9, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
    assert.throws(() => new RandomPaste(2).augment(img), /RandomPaste: needs a canvas larger than the image/);
  });
});
