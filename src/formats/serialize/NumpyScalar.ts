import { TYPED_ARRAY_OF, type DType, type TypedArrayFor } from '../../core/dtype.ts';
import { float16BitsToNumber, numberToFloat16Bits } from '../../core/float16.ts';

/**
 * A numpy scalar such as `np.float32(0.25)` or `np.int64(7)` (not a 0-d array: numpy pickles and
 * msgpack-numpy writes them differently, and a 0-d array is an NDArray with shape []).
 * It keeps its one element in a typed array of its dtype, so it writes back the same bytes.
 *
 *   NumpyScalar.of('float32', 0.25).value   // 0.25
 */
export class NumpyScalar<D extends DType = DType> {
  readonly dtype: D;
  /** One element; float16 as raw bits, bool as 0/1. */
  readonly data: TypedArrayFor[D];

  constructor(dtype: D, data: TypedArrayFor[D]) {
    if (data.length !== 1) throw new RangeError(`a numpy scalar holds 1 element, got ${data.length}`);
    this.dtype = dtype;
    this.data = data;
  }

  static of<D extends DType>(dtype: D, value: number | bigint | boolean): NumpyScalar<D> {
    const data = new TYPED_ARRAY_OF[dtype](1);
    if (dtype === 'float16') data[0] = numberToFloat16Bits(Number(value));
    else if (typeof data[0] === 'bigint') (data as BigInt64Array)[0] = BigInt(value);
    else (data as Float64Array)[0] = Number(value);
    return new NumpyScalar(dtype, data);
  }

  /** The value as numpy's `.item()` gives it: bool → boolean, float16 decoded, 64-bit ints as bigint. */
  get value(): number | bigint | boolean {
    const v = this.data[0]!;
    if (this.dtype === 'bool') return v !== 0;
    if (this.dtype === 'float16') return float16BitsToNumber(v as number);
    return v;
  }

  toString(): string {
    return `${this.dtype}(${String(this.value)})`;
  }
}
