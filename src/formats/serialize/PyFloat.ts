/**
 * Marks a JS number to be written as a Python float, whatever its value.
 *
 * A JS number has no int/float distinction, so the encoders write integral numbers with
 * |x| ≤ 2^53 as Python int and all others (fractions, NaN, ±Infinity, -0, larger magnitudes) as
 * float. `new PyFloat(2)` writes `2.0`. Decoders never produce PyFloat: a Python float decodes to
 * a plain number, so `2.0` and `2` both read as `2`.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}
