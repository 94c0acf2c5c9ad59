import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { NDArray } from '../../src/core/NDArray.ts';
import { DataFlowError } from '../../src/core/errors.ts';
import { decodeImage, decodeImageSync, sniffImageFormat } from '../../src/image/decode/index.ts';
import { readNpy } from '../../src/formats/numpy/readNpy.ts';

const DIR = '/work/shared/fixtures/tensorpack/images/';
const bytesOf = (file: string): Buffer => readFileSync(DIR + file);
const npyOf = (file: string): NDArray => readNpy(bytesOf(file), file);

interface Decoded { input: string; order: string; output: string }
const manifest = JSON.parse(readFileSync(DIR + 'manifest.json', 'utf8')) as { decoded: Decoded[] };

/** The options that reproduce a manifest decoding: BGR for cv2.imread, RGB for ImageFromFile. */
function optionsFor(d: Decoded): { channels: 1 | 3; order: 'rgb' | 'bgr' } {
  return { channels: d.order.startsWith('gray') ? 1 : 3, order: d.order.startsWith('BGR') ? 'bgr' : 'rgb' };
}

function diffStats(got: NDArray, expected: NDArray): { maxAbs: number; within1: number } {
  assert.equal(got.size, expected.size);
  let maxAbs = 0;
  let within1 = 0;
  for (let i = 0; i < got.size; i++) {
    const d = Math.abs((got.data[i] as number) - (expected.data[i] as number));
    if (d > maxAbs) maxAbs = d;
    if (d <= 1) within1++;
  }
  return { maxAbs, within1: within1 / got.size };
}

describe('decodeImage', () => {
  for (const d of manifest.decoded.filter((x) => x.input.endsWith('.png'))) {
    it(`PNG ${d.output}: exactly cv2.imread / tensorpack's ImageFromFile`, async () => {
      const expected = npyOf(d.output);
      const got = await decodeImage(bytesOf(d.input), optionsFor(d));
      assert.equal(got.dtype, 'uint8');
      // imread-gray is 2-D; our grayscale is always [h, w, 1]
      assert.deepEqual(got.shape, expected.ndim === 2 ? [...expected.shape, 1] : expected.shape);
      assert.deepEqual(got.data, expected.data);
    });
  }

  // Tolerance: max |diff| <= 2 and >= 99% of values within ±1 of OpenCV 4.6's decoding (libjpeg-turbo
  // 2.1.5). Measured with Debian 12's libturbojpeg 2.1.5: identical (max |diff| 0, 100% within ±1).
  for (const d of manifest.decoded.filter((x) => x.input.endsWith('.jpg'))) {
    it(`JPEG ${d.output}: within ±1 of cv2.imread on >= 99% of values, sync and async alike`, async () => {
      const expected = npyOf(d.output);
      const got = await decodeImage(bytesOf(d.input), optionsFor(d));
      assert.deepEqual(got.shape, expected.shape);
      const { maxAbs, within1 } = diffStats(got, expected);
      assert.ok(maxAbs <= 2, `max |diff| ${maxAbs}`);
      assert.ok(within1 >= 0.99, `${(within1 * 100).toFixed(2)}% within ±1`);
      assert.deepEqual(decodeImageSync(bytesOf(d.input), optionsFor(d)).data, got.data);
    });
  }

  it('JPEG as grayscale: [h, w, 1], libjpeg luminance', async () => {
    const img = decodeImageSync(bytesOf('pattern-color-48x64.jpg'), { channels: 1 });
    assert.deepEqual(img.shape, [48, 64, 1]);
    const bgr = npyOf('pattern-color-48x64.jpg.imread-color.npy');
    // Y = 0.299 R + 0.587 G + 0.114 B, from the unrounded YCbCr, so within a few levels of the color decode's
    const p = 10 * 64 + 20;
    const y = 0.114 * (bgr.data[p * 3] as number) + 0.587 * (bgr.data[p * 3 + 1] as number) + 0.299 * (bgr.data[p * 3 + 2] as number);
    assert.ok(Math.abs(img.data[p]! - y) <= 3, `gray ${img.data[p]!}, from color ${y}`);
  });

  it('WebP (lossless) and PNG with alpha decode through sharp; alpha is dropped', async () => {
    const src = npyOf('pattern-color-48x64.png.source.npy') as NDArray<'uint8'>; // BGR, as written by cv2
    const rgb = new Uint8Array(src.size);
    for (let i = 0; i < src.size; i += 3) [rgb[i], rgb[i + 1], rgb[i + 2]] = [src.data[i + 2]!, src.data[i + 1]!, src.data[i]!];
    const raw = { raw: { width: 64, height: 48, channels: 3 as const } };
    const webp = await sharp(rgb, raw).webp({ lossless: true }).toBuffer();
    assert.equal(sniffImageFormat(webp), 'webp');
    assert.deepEqual((await decodeImage(webp, { order: 'bgr' })).data, src.data);
    const rgba = await sharp(rgb, raw).ensureAlpha(0.5).png().toBuffer();
    const got = await decodeImage(rgba);
    assert.deepEqual(got.shape, [48, 64, 3]);
    assert.deepEqual(got.data, rgb);
  });

  it('color PNG as grayscale uses OpenCV weights (4899 R + 9617 G + 1868 B + 8192) >> 14', async () => {
    const png = await sharp(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 30]), { raw: { width: 4, height: 1, channels: 3 } }).png().toBuffer();
    const gray = await decodeImage(png, { channels: 1 });
    assert.deepEqual(gray.shape, [1, 4, 1]);
    assert.deepEqual([...gray.data], [76, 150, 29, 124]);
  });

  it('a grayscale PNG read as color replicates the channel', async () => {
    const img = await decodeImage(bytesOf('checker-gray-40x40.png'));
    const gray = npyOf('checker-gray-40x40.png.imread-gray.npy');
    for (let p = 0; p < 1600; p++) assert.deepEqual([img.data[p * 3], img.data[p * 3 + 1], img.data[p * 3 + 2]], [gray.data[p], gray.data[p], gray.data[p]]);
  });

  it('corrupt or unknown bytes reject with a DataFlowError naming the format and the decoder message', async () => {
    const jpg = bytesOf('pattern-color-48x64.jpg');
    await assert.rejects(decodeImage(jpg.subarray(0, jpg.length - 300)), {
      name: 'DataFlowError',
      message: `decodeImage: cannot decode a JPEG of ${jpg.length - 300} bytes: cannot decode the JPEG: Premature end of JPEG file`,
    });
    const png = bytesOf('checker-gray-40x40.png');
    await assert.rejects(decodeImage(png.subarray(0, 60)), (e: unknown) => {
      assert.ok(e instanceof DataFlowError);
      assert.match(e.message, /^decodeImage: cannot decode a PNG of 60 bytes: /);
      return true;
    });
    await assert.rejects(decodeImage(Buffer.from('GIF89a......')), {
      message: 'decodeImage: cannot decode bytes of no known image format (12 bytes starting 47 49 46 38 39 61 2e 2e): expected JPEG, PNG or WebP',
    });
    await assert.rejects(decodeImage(new Uint8Array(0)), { message: 'decodeImage: cannot decode empty bytes: expected JPEG, PNG or WebP' });
  });

  it('decodeImageSync reads JPEG only and says what to use instead', () => {
    assert.throws(() => decodeImageSync(bytesOf('checker-gray-40x40.png')), {
      message: 'decodeImageSync: reads JPEG only, got a PNG image; use await decodeImage() for PNG and WebP',
    });
  });

  it('rejects bad options', async () => {
    await assert.rejects(decodeImage(bytesOf('checker-gray-40x40.png'), { channels: 2 as 1 }), { message: 'decodeImage: channels must be 1 or 3, got 2' });
    assert.throws(() => decodeImageSync(bytesOf('rings-color-32x32.jpg'), { order: 'hsv' as 'rgb' }), { message: "decodeImage: order must be 'rgb' or 'bgr', got hsv" });
  });
});
