import { DataFlow, type Length } from '../core/DataFlow.ts';
import { NDArray } from '../core/NDArray.ts';
import { checkArg, checkPositiveInt } from '../core/errors.ts';
import { RNG } from '../core/RNG.ts';
import { encodeJpeg } from '../image/decode/encodeJpeg.ts';

export interface SyntheticJpegOptions {
  /** Number of images. */
  readonly count: number;
  /** Default 256. */
  readonly height?: number;
  /** Default 256. */
  readonly width?: number;
  /** JPEG quality 1..100; default 90. */
  readonly quality?: number;
  /** Labels are drawn from 0..classes-1; default 1000 (ImageNet's). */
  readonly classes?: number;
  /** The same seed gives the same images and labels; default 0. */
  readonly seed?: number;
}

/** Noise amplitude giving ~27 KB per 256×256 quality-90 image, the size of a typical ImageNet JPEG at that scale. */
const NOISE = 44;

/**
 * Synthetic ImageNet-like JPEGs, in the layout tensorpack's ImageNet LMDB recipe stores
 * (`[np.frombuffer(jpeg_bytes, np.uint8), label]`): yields `[jpeg, label]` with `jpeg` the encoded
 * bytes as a 1-D uint8 NDArray and `label` an int. Each image is a smooth color pattern plus grain
 * (so it costs a decoder what a photo does: ~27 KB at 256×256, quality 90), RGB, 4:2:0.
 *
 *   new SyntheticJpegDataset({ count: 2 }) yields [NDArray<uint8>[27xxx], 417], [NDArray<uint8>[27xxx], 3]; length 2
 *
 * Deterministic: every pass yields the same bytes for the same options. ~2,000 images/s on one core.
 */
export class SyntheticJpegDataset extends DataFlow<[NDArray<'uint8'>, number]> {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly quality: number;
  readonly classes: number;
  readonly seed: number;

  constructor(options: SyntheticJpegOptions) {
    super();
    const { count, height = 256, width = 256, quality = 90, classes = 1000, seed = 0 } = options;
    checkArg('SyntheticJpegDataset', Number.isInteger(count) && count >= 0, `count must be a non-negative integer, got ${String(count)}`);
    checkPositiveInt('SyntheticJpegDataset', 'height', height);
    checkPositiveInt('SyntheticJpegDataset', 'width', width);
    checkPositiveInt('SyntheticJpegDataset', 'classes', classes);
    checkArg('SyntheticJpegDataset', Number.isInteger(quality) && quality >= 1 && quality <= 100, `quality must be an integer in 1..100, got ${String(quality)}`);
    this.count = count;
    this.height = height;
    this.width = width;
    this.quality = quality;
    this.classes = classes;
    this.seed = seed;
  }

  get length(): Length {
    return this.count;
  }

  protected override *iterate(): Iterator<[NDArray<'uint8'>, number]> {
    const { height: h, width: w } = this;
    const rng = new RNG(this.seed);
    const noise = new Int8Array(1 << 16);
    for (let i = 0; i < noise.length; i++) noise[i] = Math.floor((rng.random() - 0.5) * NOISE);
    const pixels = new Uint8ClampedArray(h * w * 3); // clamps the sum into 0..255
    const img = new NDArray(new Uint8Array(pixels.buffer), [h, w, 3], 'uint8');
    const cols = new Int16Array(w * 3);
    const rows = new Int16Array(h * 3);
    for (let n = 0; n < this.count; n++) {
      // Per channel: a column wave and a row wave of random frequency and phase.
      for (let c = 0; c < 3; c++) {
        const fx = rng.uniform(0.01, 0.08);
        const fy = rng.uniform(0.01, 0.08);
        const px = rng.uniform(0, 2 * Math.PI);
        const py = rng.uniform(0, 2 * Math.PI);
        for (let x = 0; x < w; x++) cols[x * 3 + c] = 128 + 70 * Math.sin(x * fx + px);
        for (let y = 0; y < h; y++) rows[y * 3 + c] = 50 * Math.cos(y * fy + py);
      }
      let lcg = rng.uint32();
      for (let y = 0, p = 0; y < h; y++) {
        lcg = (Math.imul(lcg, 1664525) + 1013904223) >>> 0; // cheap per-row draws; the RNG seeds them per image
        const k = (lcg % (noise.length - w * 3)) - p; // a random window of the grain for each row
        const r0 = rows[y * 3]!, r1 = rows[y * 3 + 1]!, r2 = rows[y * 3 + 2]!;
        for (let x = 0; x < w * 3; x += 3, p += 3) {
          pixels[p] = cols[x]! + r0 + noise[k + p]!;
          pixels[p + 1] = cols[x + 1]! + r1 + noise[k + p + 1]!;
          pixels[p + 2] = cols[x + 2]! + r2 + noise[k + p + 2]!;
        }
      }
      const jpeg = encodeJpeg(img, { quality: this.quality });
      const bytes = new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.length); // a plain view, as LMDB loading gives back
      yield [new NDArray(bytes, [bytes.length], 'uint8'), rng.int(this.classes)];
    }
  }
}
