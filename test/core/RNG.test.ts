import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RNG, rngFor } from '../../src/index.ts';
import { sorted } from '../helpers.ts';

const draws = (rng: RNG, n: number): number[] => Array.from({ length: n }, () => rng.uint32());

describe('RNG', () => {
  it('a seed fixes the stream, across releases too (these values are part of the contract)', () => {
    assert.deepEqual(draws(new RNG(42), 3), [4152373923, 1457725914, 2919529305]);
    assert.deepEqual(draws(new RNG(42, 1), 2), [1314424701, 2930811310]);
    assert.deepEqual(new RNG(42).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), [2, 6, 4, 7, 0, 8, 1, 5, 3, 9]);
  });

  it('same seed and stream → same sequence; another stream or seed → another sequence', () => {
    assert.deepEqual(draws(new RNG(7, 3), 20), draws(new RNG(7, 3), 20));
    const streams = [0, 1, 2, 3].map((k) => draws(new RNG(7, k), 4).join());
    assert.equal(new Set(streams).size, 4);
    assert.notDeepEqual(draws(new RNG(7), 4), draws(new RNG(8), 4));
    const r = new RNG(7, 2);
    assert.deepEqual([r.seed, r.streamId], [7, 2]);
  });

  it('without a seed, each generator gets a fresh random seed', () => {
    const a = new RNG();
    const b = new RNG();
    assert.ok(Number.isInteger(a.seed) && a.seed >= 0 && a.seed < 2 ** 31);
    assert.notDeepEqual(draws(a, 4), draws(b, 4));
  });

  it('draws stay in their ranges', () => {
    const r = new RNG(1);
    for (let i = 0; i < 2000; i++) {
      const x = r.random();
      assert.ok(x >= 0 && x < 1);
      const k = r.int(7);
      assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
      const u = r.uniform(-3, -1);
      assert.ok(u >= -3 && u < -1);
      const w = r.uint32();
      assert.ok(Number.isInteger(w) && w >= 0 && w < 2 ** 32);
    }
  });

  it('int(n) covers every value; normal() has the requested mean and spread', () => {
    const r = new RNG(2);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 5000; i++) counts[r.int(5)]!++;
    assert.ok(counts.every((c) => c > 900 && c < 1100), `counts ${counts}`);
    const xs = Array.from({ length: 20000 }, () => r.normal(10, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    assert.ok(Math.abs(mean - 10) < 0.1 && Math.abs(sd - 2) < 0.1, `mean ${mean}, sd ${sd}`);
  });

  it('shuffle permutes in place; choice follows the probabilities', () => {
    const r = new RNG(3);
    const a = Array.from({ length: 50 }, (_, i) => i);
    const same = r.shuffle(a);
    assert.equal(same, a);
    assert.deepEqual(sorted(a), Array.from({ length: 50 }, (_, i) => i).sort());
    assert.notDeepEqual(a, Array.from({ length: 50 }, (_, i) => i));
    const counts = [0, 0, 0];
    for (let i = 0; i < 10000; i++) counts[r.choice([0.7, 0.2, 0.1])]!++;
    assert.ok(Math.abs(counts[0]! - 7000) < 250 && Math.abs(counts[1]! - 2000) < 200 && Math.abs(counts[2]! - 1000) < 150, `counts ${counts}`);
    assert.equal(new RNG(3).choice([0, 0, 1]), 2);
  });

  it("rngFor: the flow's own seed, else the context's seed salted with the flow's name; on the context's stream", () => {
    assert.deepEqual(draws(rngFor('X', 5, {}), 3), draws(new RNG(5), 3));
    assert.deepEqual(draws(rngFor('X', 5, { seed: 99, streamId: 2 }), 3), draws(new RNG(5, 2), 3));
    assert.deepEqual(draws(rngFor('X', undefined, { seed: 99 }), 3), draws(rngFor('X', undefined, { seed: 99 }), 3));
    assert.notDeepEqual(draws(rngFor('X', undefined, { seed: 99 }), 3), draws(rngFor('Y', undefined, { seed: 99 }), 3));
    assert.notDeepEqual(draws(rngFor('X', undefined, { seed: 99 }), 3), draws(rngFor('X', undefined, { seed: 99, streamId: 1 }), 3));
    assert.notDeepEqual(draws(rngFor('X', undefined, {}), 3), draws(rngFor('X', undefined, {}), 3));
  });
});
