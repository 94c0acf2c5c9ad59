const f32 = Math.fround;
/** numpy's PW_BLOCKSIZE: below it, 8 interleaved partial sums; above, split in two. */
const BLOCK = 128;

/**
 * numpy's float32 pairwise summation (`FLOAT_pairwise_sum`) of `a[start .. start + n)`, each
 * addition rounded to float32, so a mean or std over a contiguous float32 array equals numpy's
 * to the last bit.
 */
export function pairwiseSumF32(a: Float32Array, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f32(res + a[start + i]!);
    return res;
  }
  if (n <= BLOCK) {
    const r = [a[start]!, a[start + 1]!, a[start + 2]!, a[start + 3]!, a[start + 4]!, a[start + 5]!, a[start + 6]!, a[start + 7]!];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = f32(r[j]! + a[start + i + j]!);
    let res = f32(f32(f32(r[0]! + r[1]!) + f32(r[2]! + r[3]!)) + f32(f32(r[4]! + r[5]!) + f32(r[6]! + r[7]!)));
    for (; i < n; i++) res = f32(res + a[start + i]!);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f32(pairwiseSumF32(a, start, n2) + pairwiseSumF32(a, start + n2, n - n2));
}

/** `np.mean(a)` of a float32 array: the pairwise sum divided in double precision, then cast to float32. */
export function meanF32(a: Float32Array): number {
  return f32(pairwiseSumF32(a) / a.length);
}

/** `np.std(a)` of a float32 array (ddof 0), with numpy's float32 steps. */
export function stdF32(a: Float32Array): number {
  const mean = f32(pairwiseSumF32(a) / a.length);
  const sq = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const d = f32(a[i]! - mean);
    sq[i] = d * d;
  }
  return f32(Math.sqrt(f32(pairwiseSumF32(sq) / a.length)));
}
