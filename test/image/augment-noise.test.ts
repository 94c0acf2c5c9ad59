import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import { FixedDraws, GaussianNoise, JpegNoise, SaltPepperNoise, type Image } from '../../src/image/augment/index.ts';
import { loadImage } from './augment-fixtures.ts';

const flat = NDArray.from(new Uint8Array(64 * 64 * 3).fill(128), [64, 64, 3]) as Image;

describe('noise augmentors (JpegNoise, GaussianNoise, SaltPepperNoise)', () => {
  it('GaussianNoise: one transform gives the same noise every time; sigma sets its spread', () => {
    const t = new GaussianNoise(10).useRandomSource(new FixedDraws([1234])).getTransform(flat);
    const a = t.applyImage(flat);
    assert.deepEqual([...t.applyImage(flat).data], [...a.data]);
    let sq = 0;
    for (const v of a.data) sq += (v - 128) ** 2;
    const std = Math.sqrt(sq / a.size);
    assert.ok(std > 9 && std < 11, `std ${std}`);
  });

  it('SaltPepperNoise sets about the given fractions to 255 and 0', () => {
    const out = new SaltPepperNoise(0.1, 0.2).useRandomSource(new FixedDraws([7])).augment(flat);
    const white = out.data.filter((v) => v === 255).length / out.size;
    const black = out.data.filter((v) => v === 0).length / out.size;
    assert.ok(Math.abs(white - 0.1) < 0.02 && Math.abs(black - 0.2) < 0.02, `white ${white}, black ${black}`);
    assert.equal(out.data.filter((v) => v !== 0 && v !== 255 && v !== 128).length, 0);
  });

  it('JpegNoise re-encodes at the drawn quality, keeping shape and staying close', () => {
    const img = loadImage('pattern-color-48x64.png.imread-color.npy');
    const low = new JpegNoise([10, 100]).useRandomSource(new FixedDraws([0])).augment(img);
    const high = new JpegNoise([10, 100]).useRandomSource(new FixedDraws([89])).augment(img);
    assert.deepEqual(low.shape, [48, 64, 3]);
    const err = (x: Image) => {
      let sum = 0;
      for (let i = 0; i < x.size; i++) sum += Math.abs(x.data[i]! - img.data[i]!);
      return sum / x.size;
    };
    assert.ok(err(high) < err(low), `quality 99 error ${err(high)} vs quality 10 error ${err(low)}`);
    const gray = loadImage('checker-gray-40x40.png.imread-gray.npy');
    assert.deepEqual(new JpegNoise().augment(gray).shape, [40, 40]);
    assert.throws(() => new JpegNoise().augment(NDArray.zeros([4, 4], 'float32') as Image), /JpegNoise: needs a uint8 image, got float32/);
  });
});
