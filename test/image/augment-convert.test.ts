import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import { ColorSpace, Grayscale, ToFloat32, ToUint8, type Image } from '../../src/image/augment/index.ts';
import { itMatchesTensorpack } from './augment-fixtures.ts';

const bgr = NDArray.from(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]), [2, 2, 3]) as Image;

describe('convert augmentors (ColorSpace, Grayscale, ToUint8, ToFloat32)', () => {
  itMatchesTensorpack('convert');

  it('Grayscale uses OpenCV weights for BGR or RGB, with keepdims and keepshape', () => {
    // 255 * 0.114 = 29.07, 255 * 0.587 = 149.685, 255 * 0.299 = 76.245; (10, 20, 30) BGR → 22.0
    assert.deepEqual([...new Grayscale().augment(bgr).data], [29, 150, 76, 22]);
    assert.deepEqual([...new Grayscale({ rgb: true }).augment(bgr).data], [76, 150, 29, 18]);
    assert.deepEqual(new Grayscale({ keepdims: false }).augment(bgr).shape, [2, 2]);
    const same = new Grayscale({ keepshape: true }).augment(bgr);
    assert.deepEqual(same.shape, [2, 2, 3]);
    assert.deepEqual([...same.data.subarray(0, 6)], [29, 29, 29, 150, 150, 150]);
    assert.throws(() => new Grayscale({ keepdims: false, keepshape: true }), /keepdims must be true when keepshape is true/);
  });

  it('ColorSpace converts BGR to RGB and to HSV and back', () => {
    assert.deepEqual([...new ColorSpace('BGR2RGB').augment(bgr).data.subarray(0, 3)], [0, 0, 255]);
    const hsv = new ColorSpace('BGR2HSV').augment(bgr);
    // blue, green, red → hue 120, 60, 0 (OpenCV's 0–180 scale), full saturation and value
    assert.deepEqual([...hsv.data.subarray(0, 9)], [120, 255, 255, 60, 255, 255, 0, 255, 255]);
    assert.deepEqual([...new ColorSpace('HSV2BGR').augment(hsv).data.subarray(0, 9)], [...bgr.data.subarray(0, 9)]);
    assert.throws(() => new ColorSpace('BGR2GRAY').augment(NDArray.zeros([2, 2], 'uint8') as Image), /COLOR_BGR2GRAY expects 3 channels/);
  });

  it('ToUint8 clips and truncates; ToFloat32 converts', () => {
    const f = NDArray.from(new Float32Array([-3, 12.9, 300, 254.99]), [2, 2]) as Image;
    assert.deepEqual([...new ToUint8().augment(f).data], [0, 12, 255, 254]);
    const back = new ToFloat32().augment(NDArray.from(new Uint8Array([1, 2, 3, 4]), [2, 2]) as Image);
    assert.equal(back.dtype, 'float32');
    assert.deepEqual([...back.data], [1, 2, 3, 4]);
  });

  it('rejects float64 images, as tensorpack does', () => {
    assert.throws(() => new ToUint8().augment(NDArray.zeros([2, 2], 'float64') as unknown as Image), /ToUint8: expects a uint8 or float32 image, got float64 \(float64 images are not supported/);
  });
});
