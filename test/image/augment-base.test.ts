import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import {
  AugmentorList, Brightness, CenterCrop, FixedDraws, Flip, GoogleNetRandomCropAndResize, RandomCrop, Resize, Rotation, Transpose, type Image,
} from '../../src/image/augment/index.ts';
import { AUGMENTORS, manifest } from './augment-fixtures.ts';

function pattern(h: number, w: number): Image {
  return NDArray.from(Uint8Array.from({ length: h * w * 3 }, (_, i) => (i * 37) % 251), [h, w, 3]) as Image;
}

describe('Augmentor, Transform and AugmentorList', () => {
  it('every augmented output in the fixtures manifest is covered by a family test', () => {
    const missing = manifest.augmented.filter((e) => !(e.constructor in AUGMENTORS)).map((e) => e.constructor);
    assert.deepEqual(missing, []);
    assert.equal(manifest.augmented.length, 69);
  });

  it('the same seed gives the same transforms; another seed or stream differs', () => {
    const make = () => new AugmentorList([new RandomCrop(20), new Flip({ horiz: true }), new Rotation(30), new Brightness(20)]);
    const img = pattern(32, 40);
    const run = (seed: number, stream = 0) => {
      const augs = make();
      augs.reset(seed, stream);
      return Array.from({ length: 4 }, () => [...augs.augment(img).data]);
    };
    assert.deepEqual(run(7), run(7));
    assert.notDeepEqual(run(7), run(8));
    assert.notDeepEqual(run(7, 0), run(7, 1));
  });

  it('one transform applied to two images gives the same geometry', () => {
    const img = pattern(30, 30);
    const t = new AugmentorList([new GoogleNetRandomCropAndResize({ targetShape: 16 }), new Flip({ horiz: true })]);
    t.reset(3);
    const tfm = t.getTransform(img);
    const a = tfm.applyImage(img);
    const b = tfm.applyImage(img.copy());
    assert.deepEqual([...a.data], [...b.data]);
  });

  it('AugmentorList draws each transform from the previous output', () => {
    // the crop sees the 10×20 resized image, not the 40×40 input
    const list = new AugmentorList([new Resize([10, 20]), new CenterCrop([10, 10])]);
    assert.deepEqual(list.augment(pattern(40, 40)).shape, [10, 10, 3]);
    const tfm = list.getTransform(pattern(40, 40));
    assert.throws(() => tfm.applyCoords(NDArray.from(new Float32Array([0, 0]), [1, 2])), /LazyTransform: applyCoords can only be called after the transform of CenterCrop was applied to an image/);
  });

  it('applyCoords follows applyImage: a bright pixel lands where its coordinate goes', () => {
    const img = NDArray.zeros([40, 50], 'uint8') as Image;
    img.data[12 * 50 + 30] = 255; // (x, y) = (30, 12)
    const list = new AugmentorList([new Transpose(1), new Resize([100, 80], 'nearest'), new Flip({ vert: true, prob: 1 }), new CenterCrop([60, 60])]);
    const tfm = list.getTransform(img);
    const out = tfm.applyImage(img);
    // pixel centres: (x + 0.5, y + 0.5) moves to (x' + 0.5, y' + 0.5)
    const [x, y] = tfm.applyCoords(NDArray.from(new Float32Array([30.5, 12.5]), [1, 2])).data;
    const w = out.shape[1]!;
    const lit = [...out.data.keys()].filter((i) => out.data[i] === 255).map((i) => [i % w, Math.floor(i / w)]);
    assert.ok(lit.some(([px, py]) => Math.abs(px! + 0.5 - x!) <= 1 && Math.abs(py! + 0.5 - y!) <= 1), `lit ${JSON.stringify(lit)}, coords ${x}, ${y}`);
  });

  it('a transform list works in place on its intermediates but never on the input by default', () => {
    const img = pattern(8, 8);
    const before = [...img.data];
    const list = new AugmentorList([new Flip({ horiz: true, prob: 1 }), new Brightness(10).useRandomSource(new FixedDraws([5]))]);
    list.augment(img);
    assert.deepEqual([...img.data], before);
  });
});
