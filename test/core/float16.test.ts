import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { float16BitsToNumber, numberToFloat16Bits } from '../../src/index.ts';

// Expected bits are numpy's: np.array([v], np.float64).astype(np.float16).view(np.uint16).
describe('float16', () => {
  it('encodes exact values', () => {
    assert.deepEqual([1, -2, 0.5, 65504, 0, 0.1].map(numberToFloat16Bits), [0x3c00, 0xc000, 0x3800, 0x7bff, 0, 0x2e66]);
    assert.equal(numberToFloat16Bits(-0), 0x8000);
  });

  it('rounds to nearest, ties to even', () => {
    assert.equal(numberToFloat16Bits(1 + 2 ** -11), 0x3c00); // tie: 1 (even) wins over 1 + 2^-10
    assert.equal(numberToFloat16Bits(1 + 3 * 2 ** -11), 0x3c02); // tie: 1 + 2^-9 (even) wins
    assert.equal(numberToFloat16Bits(1 + 2 ** -11 + 2 ** -40), 0x3c01); // just above the tie: up (no double rounding via float32)
    assert.equal(numberToFloat16Bits(1 + 2 ** -11 - 2 ** -40), 0x3c00);
  });

  it('subnormals: the smallest, ties, and the step into the normals', () => {
    assert.equal(numberToFloat16Bits(2 ** -24), 0x0001);
    assert.equal(numberToFloat16Bits(2 ** -25), 0x0000); // tie between 0 and 2^-24: even is 0
    assert.equal(numberToFloat16Bits(3 * 2 ** -25), 0x0002); // tie between 1 and 2 units: 2
    assert.equal(numberToFloat16Bits(2 ** -25 + 2 ** -60), 0x0001);
    assert.equal(numberToFloat16Bits(1023 * 2 ** -24), 0x03ff);
    assert.equal(numberToFloat16Bits(2 ** -14 - 2 ** -25), 0x0400); // rounds up into the smallest normal
    assert.equal(numberToFloat16Bits(-(2 ** -24)), 0x8001);
    assert.equal(numberToFloat16Bits(1e-300), 0);
  });

  it('overflow, infinities and NaN', () => {
    assert.equal(numberToFloat16Bits(65519.99), 0x7bff);
    assert.equal(numberToFloat16Bits(65520), 0x7c00);
    assert.equal(numberToFloat16Bits(1e10), 0x7c00);
    assert.equal(numberToFloat16Bits(-Infinity), 0xfc00);
    assert.equal(numberToFloat16Bits(NaN), 0x7e00);
  });

  it('decodes normals, subnormals, infinities and NaN', () => {
    assert.deepEqual([0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x8000].map(float16BitsToNumber),
      [1, -2, 65504, 2 ** -24, 1023 * 2 ** -24, 2 ** -14, -0]);
    assert.equal(float16BitsToNumber(0x7c00), Infinity);
    assert.equal(float16BitsToNumber(0xfc00), -Infinity);
    assert.ok(Number.isNaN(float16BitsToNumber(0x7e00)));
  });

  it('round trip: every finite half decodes and encodes back to its bits', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // infinities and NaNs
      assert.equal(numberToFloat16Bits(float16BitsToNumber(h)), h);
    }
  });
});
