import type { RNG } from '../../src/core/RNG.ts';
import { newImage, type Image } from '../../src/image/kernels/image.ts';

/** A new image of random values: uint8 over 0..255, float32 over -1..1. */
export function randomImage(rng: RNG, dtype: 'uint8' | 'float32', h: number, w: number, c: number, channelAxis: boolean): Image {
  const img = newImage(dtype, h, w, c, channelAxis);
  for (let i = 0; i < img.size; i++) img.data[i] = dtype === 'uint8' ? rng.int(256) : rng.uniform(-1, 1);
  return img;
}
