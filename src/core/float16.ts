// IEEE 754 half precision <-> float conversions, for the 'float16' dtype (raw bits in a Uint16Array).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

export function float16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Rounds to nearest even, as numpy's astype('float16') does — from the float64 value itself: going
 * through float32 first would round twice (1 + 2^-11 + 2^-40 must round up, not to the tie's even).
 */
export function numberToFloat16Bits(value: number): number {
  f64[0] = value;
  const high = u32[1]!; // little-endian: the word with the sign and exponent
  const sign = (high >>> 16) & 0x8000;
  if (Number.isNaN(value)) return sign | 0x7e00;
  const abs = Math.abs(value);
  if (abs >= 65520) return sign | 0x7c00; // from the midpoint between 65504 and 2^16 up: Infinity
  const exp = ((high >>> 20) & 0x7ff) - 1023;
  // Scale so that 1 is the half's last place (exact: a power of two), then round the rest.
  const subnormal = exp < -14;
  const q = subnormal ? abs * 2 ** 24 : abs * 2 ** (10 - exp);
  let m = Math.floor(q);
  const rem = q - m;
  if (rem > 0.5 || (rem === 0.5 && (m & 1) === 1)) m++;
  // A carry out of the mantissa (m = 2048, or 1024 for a subnormal) lands in the exponent, as it should.
  return sign | (subnormal ? m : ((exp + 15) << 10) + m - 1024);
}
