import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { NDArray } from '../../src/core/NDArray.ts';
import { encodeJpeg, JpegDecoder } from '../../src/image/decode/index.ts';
import { turbojpeg } from '../../src/image/decode/turbojpeg.ts';
import { readNpy } from '../../src/formats/numpy/readNpy.ts';

const DIR = '/work/shared/fixtures/tensorpack/images/';
const npyOf = (file: string): NDArray => readNpy(readFileSync(DIR + file), file);

/** Channel 0 = 4x, channel 1 = 4y, channel 2 = 128. */
function gradient(h: number, w: number): NDArray<'uint8'> {
  const data = new Uint8Array(h * w * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([(x * 4) & 255, (y * 4) & 255, 128], (y * w + x) * 3);
  return new NDArray(data, [h, w, 3], 'uint8');
}

describe('JpegDecoder', () => {
  it('decode: a new array per call, RGB and BGR the same pixels swapped', () => {
    const bytes = readFileSync(DIR + 'rings-color-32x32.jpg');
    const decoder = new JpegDecoder();
    const rgb = decoder.decode(bytes);
    const bgr = decoder.decode(bytes, { order: 'bgr' });
    assert.notEqual(rgb.data.buffer, bgr.data.buffer);
    assert.deepEqual(bgr.data, npyOf('rings-color-32x32.jpg.imread-color.npy').data);
    for (let i = 0; i < rgb.size; i += 3) assert.deepEqual([rgb.data[i], rgb.data[i + 2]], [bgr.data[i + 2], bgr.data[i]]);
  });

  it('decodeShared: reuses one buffer, grown when a larger image comes', () => {
    const decoder = new JpegDecoder();
    const small = readFileSync(DIR + 'rings-color-32x32.jpg');
    const large = readFileSync(DIR + 'pattern-color-48x64.jpg');
    const a = decoder.decodeShared(small);
    const b = decoder.decodeShared(large);
    assert.deepEqual(b.data, decoder.decode(large).data);
    const c = decoder.decodeShared(small, { channels: 1 });
    assert.deepEqual([a.shape, b.shape, c.shape], [[32, 32, 3], [48, 64, 3], [32, 32, 1]]);
    assert.notEqual(a.data.buffer, b.data.buffer); // grown from 3,072 to 9,216 bytes
    assert.equal(c.data.buffer, b.data.buffer); // reused: b now shows c's pixels
  });

  it('corrupt data is a DataFlowError with libjpeg-turbo\'s message, the decoder stays usable', () => {
    const decoder = new JpegDecoder();
    const bytes = readFileSync(DIR + 'rings-color-32x32.jpg');
    const broken = Uint8Array.from(bytes);
    broken.fill(0, 200, 400); // zeroes inside the entropy-coded data and tables
    assert.throws(() => decoder.decodeShared(bytes.subarray(0, 100)), { name: 'DataFlowError', message: /^decodeImage: cannot decode a JPEG of 100 bytes: cannot (read the JPEG header|decode the JPEG): / });
    assert.throws(() => decoder.decode(broken), { name: 'DataFlowError', message: /^decodeImage: cannot decode a JPEG of \d+ bytes: / });
    assert.throws(() => decoder.decode(Buffer.from('not a jpeg')), {
      message: 'decodeImage: cannot decode a JPEG of 10 bytes: cannot read the JPEG header: Not a JPEG file: starts with 0x6e 0x6f',
    });
    assert.deepEqual(decoder.decodeShared(bytes).shape, [32, 32, 3]);
  });
  it('a fatal error inside the header does not poison the next, valid image', () => {
    const decoder = new JpegDecoder();
    const bytes = readFileSync(DIR + 'rings-color-32x32.jpg');
    assert.throws(() => decoder.decode(bytes.subarray(0, 400)), {
      message: 'decodeImage: cannot decode a JPEG of 400 bytes: cannot read the JPEG header: Bogus Huffman table definition',
    });
    assert.deepEqual(decoder.decode(bytes, { order: 'bgr' }).data, npyOf('rings-color-32x32.jpg.imread-color.npy').data);
  });
  it('CMYK JPEGs (a few of ImageNet\'s) convert with OpenCV\'s formula: channel = k - ((255 - ink) * k >> 8)', async () => {
    const rgb = new Uint8Array(16 * 16 * 3).map((_, i) => [200, 100, 30][i % 3]!);
    const cmyk = await sharp(rgb, { raw: { width: 16, height: 16, channels: 3 } }).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    const tj = turbojpeg();
    assert.equal(tj.readHeader(cmyk).colorspace, tj.TJCS_CMYK); // libvips writes plain (Adobe) CMYK
    const inks = new Uint8Array(16 * 16 * 4);
    tj.decode(cmyk, inks, tj.TJPF_CMYK);
    const [c, m, y, k] = inks.subarray(0, 4);
    const ink = (v: number): number => k! - (((255 - v) * k!) >> 8);
    const decoder = new JpegDecoder();
    const img = decoder.decode(cmyk);
    assert.deepEqual(img.shape, [16, 16, 3]);
    assert.deepEqual([...img.data.subarray(0, 3)], [ink(c!), ink(m!), ink(y!)]);
    assert.deepEqual([...decoder.decodeShared(cmyk, { order: 'bgr' }).data.subarray(0, 3)], [ink(y!), ink(m!), ink(c!)]);
    assert.deepEqual(decoder.decode(cmyk, { channels: 1 }).data[0], (ink(c!) * 4899 + ink(m!) * 9617 + ink(y!) * 1868 + 8192) >> 14);
    // close to the color that was written (sharp converted it to CMYK with an ICC profile)
    assert.ok([200, 100, 30].every((v, i) => Math.abs(v - img.data[i]!) <= 25), `got ${[...img.data.subarray(0, 3)].join(',')}`);
  });
});

describe('encodeJpeg', () => {
  it('round-trips through the decoder within JPEG loss (quality 95: max |diff| <= 8)', () => {
    const img = gradient(40, 56);
    const bytes = encodeJpeg(img, { quality: 95 });
    assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    const back = new JpegDecoder().decode(bytes);
    assert.deepEqual(back.shape, [40, 56, 3]);
    let maxAbs = 0;
    for (let i = 0; i < img.size; i++) maxAbs = Math.max(maxAbs, Math.abs(img.data[i]! - back.data[i]!));
    assert.ok(maxAbs <= 8, `max |diff| ${maxAbs}`);
  });

  it('order bgr reads the pixels as BGR; grayscale [h, w] and [h, w, 1] give a 1-channel JPEG', () => {
    const img = gradient(16, 16);
    const decoder = new JpegDecoder();
    const maxDiff = (a: Uint8Array, b: Uint8Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
    const asBgr = encodeJpeg(img, { order: 'bgr' }); // img's bytes read as B, G, R
    assert.ok(maxDiff(decoder.decode(asBgr, { order: 'bgr' }).data, img.data) <= 8);
    const swapped = decoder.decode(asBgr).data; // now R (img's channel 2, all 128) comes first
    assert.ok(maxDiff(swapped.filter((_, i) => i % 3 === 0), new Uint8Array(256).fill(128)) <= 8);
    const gray = new NDArray(new Uint8Array(256).fill(77), [16, 16], 'uint8');
    const decoded = decoder.decode(encodeJpeg(gray), { channels: 1 });
    assert.deepEqual([...new Set(decoded.data)], [77]);
    assert.deepEqual(decoder.decode(encodeJpeg(gray.reshape([16, 16, 1]))).shape, [16, 16, 3]);
  });

  it('rejects other shapes, dtypes and qualities', () => {
    assert.throws(() => encodeJpeg(NDArray.zeros([4, 4, 2], 'uint8')), {
      message: 'encodeJpeg: expects a uint8 image of shape [h, w], [h, w, 1] or [h, w, 3], got uint8 NDArray<uint8>[4,4,2]',
    });
    assert.throws(() => encodeJpeg(NDArray.zeros([4, 4, 3], 'float32') as unknown as NDArray<'uint8'>), { message: /got float32 NDArray<float32>\[4,4,3\]$/ });
    assert.throws(() => encodeJpeg(gradient(4, 4), { quality: 0 }), {
      message: 'encodeJpeg: cannot encode NDArray<uint8>[4,4,3]: width and height must be positive and quality within 1..100',
    });
  });
});
