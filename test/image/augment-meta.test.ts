import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import {
  Brightness, FixedDraws, Flip, Identity, MapImage, NoOpTransform, RandomApplyAug, RandomChooseAug, RandomOrderAug, type Image,
} from '../../src/image/augment/index.ts';

const img = NDArray.from(new Uint8Array([10, 20, 30, 40]), [2, 2]) as Image;
const coords = NDArray.from(new Float32Array([0.5, 1]), [1, 2]);

describe('meta augmentors (Identity, RandomApplyAug, RandomChooseAug, RandomOrderAug, MapImage)', () => {
  it('Identity returns the image and coordinates unchanged', () => {
    const t = new Identity().getTransform(img);
    assert.equal(t.applyImage(img), img);
    assert.equal(t.applyCoords(coords), coords);
  });

  it('RandomApplyAug applies below prob, otherwise nothing', () => {
    const flip = new Flip({ horiz: true, prob: 1 });
    const aug = new RandomApplyAug(flip, 0.3).useRandomSource(new FixedDraws([0.2, 0.5]));
    assert.deepEqual([...aug.augment(img).data], [20, 10, 40, 30]);
    assert.ok(aug.getTransform(img) instanceof NoOpTransform);
  });

  it('RandomChooseAug picks by the probabilities', () => {
    const plus = new Brightness(50).useRandomSource(new FixedDraws([5]));
    const minus = new Brightness(50).useRandomSource(new FixedDraws([-5]));
    const aug = new RandomChooseAug([[plus, 0.25], [minus, 0.75]]).useRandomSource(new FixedDraws([0.3, 0.1]));
    assert.deepEqual([...aug.augment(img).data], [5, 15, 25, 35]);
    assert.deepEqual([...aug.augment(img).data], [15, 25, 35, 45]);
    assert.throws(() => new RandomChooseAug([[plus, 0.5], [minus, 0.4]]), /probabilities must sum to 1, got 0.9/);
  });

  it('RandomOrderAug applies every augmentor in a drawn order', () => {
    const mapValues = (f: (v: number) => number) => new MapImage((x) => NDArray.from(Uint8Array.from(x.data, f), x.shape) as Image);
    const double = mapValues((v) => v * 2);
    const plus1 = mapValues((v) => v + 1);
    // Fisher-Yates over [0, 1] with int draw 0 swaps: order [1, 0] → +1 then ×2
    assert.deepEqual([...new RandomOrderAug([double, plus1]).useRandomSource(new FixedDraws([0])).augment(img).data], [22, 42, 62, 82]);
    assert.deepEqual([...new RandomOrderAug([double, plus1]).useRandomSource(new FixedDraws([1])).augment(img).data], [21, 41, 61, 81]);
  });

  it('MapImage maps coordinates only with a coordFunc', () => {
    const m = new MapImage((x) => x);
    assert.throws(() => m.getTransform(img).applyCoords(coords), /TransformFactory\(MapImage\): does not implement applyCoords/);
    const withCoords = new MapImage((x) => x, (c) => NDArray.from(c.data.map((v) => v + 1), c.shape));
    assert.deepEqual([...withCoords.getTransform(img).applyCoords(coords).data], [1.5, 2]);
  });
});
