import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { AugmentImageComponents, AugmentImageCoordinates, Flip, RandomCrop, Rotation, type Coords, type Image } from '../../src/image/augment/index.ts';
import { collect } from '../helpers.ts';

const image = NDArray.from(Uint8Array.from({ length: 6 * 8 * 3 }, (_, i) => i % 256), [6, 8, 3]) as Image;
const mask = NDArray.from(Uint8Array.from({ length: 6 * 8 }, (_, i) => i), [6, 8]) as Image;
const keypoints = NDArray.from(new Float32Array([1, 2, 4.5, 3.5]), [2, 2]) as Coords;

describe('AugmentImageComponents and AugmentImageCoordinates', () => {
  it('one transform moves the image, its mask and its keypoints alike', () => {
    const ds = new DataFromList<[Image, Image, Coords, string]>([[image, mask, keypoints, 'x']], { shuffle: false });
    const flow = new AugmentImageComponents(ds, [new RandomCrop([4, 5]), new Flip({ horiz: true, prob: 1 })], { index: [0, 1], coordsIndex: [2], seed: 11 });
    const [[img, m, kp, label]] = collect(flow) as [[Image, Image, Coords, string]];
    assert.equal(label, 'x');
    assert.deepEqual(img.shape, [4, 5, 3]);
    assert.deepEqual(m.shape, [4, 5]);
    // every mask value still equals its pixel's original position; the image's first channel agrees
    for (let i = 0; i < m.size; i++) assert.equal(img.data[3 * i], (3 * m.data[i]!) % 256);
    // the centre of pixel (4, 3) lies inside every 4×5 crop of 6×8; its coordinates land on the
    // centre of the pixel that now holds its mask value (3 * 8 + 4)
    const at = [...m.data].indexOf(3 * 8 + 4);
    assert.deepEqual([...kp.data.subarray(2)], [(at % 5) + 0.5, Math.floor(at / 5) + 0.5]);
  });

  it('applies the same random rotation to image and mask', () => {
    const ds = new DataFromList<[Image, Image]>([[mask, mask.copy()]], { shuffle: false });
    const [[a, b]] = collect(new AugmentImageComponents(ds, [new Rotation(45)], { seed: 2 })) as [[Image, Image]];
    assert.deepEqual([...a.data], [...b.data]);
  });

  it('AugmentImageCoordinates flips the image and its coordinates', () => {
    const ds = new DataFromList<[Image, Coords]>([[mask, keypoints]], { shuffle: false });
    const [[img, kp]] = collect(new AugmentImageCoordinates(ds, [new Flip({ horiz: true, prob: 1 })])) as [[Image, Coords]];
    assert.equal(img.data[0], 7);
    assert.deepEqual([...kp.data], [7, 2, 3.5, 3.5]);
  });

  it('coordinates must be N×2 float32', () => {
    const ds = new DataFromList([[mask, NDArray.from(new Int32Array([1, 2]), [1, 2])]], { shuffle: false });
    assert.throws(() => collect(new AugmentImageCoordinates(ds, [])), /AugmentImageCoordinates: augmentation failed at datapoint 0: AugmentImageCoordinates: component 1: expects coordinates as an N×2 float32 array of \(x, y\), got int32 array of shape \[1,2\]/);
  });
});
