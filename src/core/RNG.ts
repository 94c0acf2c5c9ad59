import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { randomInt } from 'node:crypto';

const TWO_POW_32 = 4294967296;

/**
 * A seeded random stream (xoroshiro128+ from pure-rand). Stream `k` of a seed is the generator of
 * that seed jumped k times (2^64 steps each), so streams never overlap: worker i draws from
 * `new RNG(seed, i)` and the whole run is reproducible from one seed.
 */
export class RNG {
  private readonly gen: JumpableRandomGenerator;
  readonly seed: number;
  readonly streamId: number;

  constructor(seed: number = randomSeed(), streamId = 0) {
    this.seed = seed;
    this.streamId = streamId;
    this.gen = xoroshiro128plus(mix32(seed));
    for (let i = 0; i < streamId; i++) this.gen.jump();
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    return this.gen.next() >>> 0;
  }

  /** A float in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.gen.next() >>> 5; // 27 bits
    const lo = this.gen.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /**
   * An integer in [0, n) for n ≤ 2^32, by multiply-shift (Lemire); its bias, at most n / 2^32,
   * is far below what a shuffle buffer or an augmentor can show, and it costs one draw.
   */
  int(n: number): number {
    return Math.floor(((this.gen.next() >>> 0) / TWO_POW_32) * n);
  }

  /** A standard normal draw (Box-Muller). */
  normal(mean = 0, std = 1): number {
    const u = 1 - this.random();
    const v = this.random();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles in place (Fisher-Yates) and returns the array. */
  shuffle<A extends { length: number; [i: number]: unknown }>(a: A): A {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** An index drawn with the given probabilities (which sum to 1). */
  choice(probabilities: readonly number[]): number {
    let r = this.random();
    for (let i = 0; i < probabilities.length - 1; i++) {
      r -= probabilities[i]!;
      if (r < 0) return i;
    }
    return probabilities.length - 1;
  }
}

export function randomSeed(): number {
  return randomInt(0, 2 ** 31);
}

/** A stable 31-bit hash of a string, to give each kind of flow its own stream of a shared seed. */
export function hashSeed(base: number, salt: string): number {
  let h = (base ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}

/** murmur3's finalizer: spreads a small seed over all bits, since xoroshiro's first draws echo its seed. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/**
 * The stream a random flow draws from after `resetState(context)`: its own `seed` if it was given
 * one, else the context's seed salted with the flow's name, else a fresh random seed; always on
 * the context's stream (the worker index), so workers differ and every run can be replayed.
 */
export function rngFor(flowName: string, ownSeed: number | undefined, context: { seed?: number; streamId?: number }): RNG {
  const seed = ownSeed ?? (context.seed === undefined ? randomSeed() : hashSeed(context.seed, flowName));
  return new RNG(seed, context.streamId ?? 0);
}
