/** numpy's dtype names. `float16` is stored as raw IEEE half bits in a Uint16Array (Node 20 has no Float16Array). */
export type DType =
  | 'bool'
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'float16' | 'float32' | 'float64';

export interface TypedArrayFor {
  bool: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  uint64: BigUint64Array;
  float16: Uint16Array;
  float32: Float32Array;
  float64: Float64Array;
}

export type TypedArray = TypedArrayFor[DType];

/** The element type a dtype reads and writes as in JavaScript. */
export type ScalarOf<D extends DType> = D extends 'int64' | 'uint64' ? bigint : number;

interface TypedArrayConstructorLike<A> {
  new (length: number): A;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): A;
  readonly BYTES_PER_ELEMENT: number;
}

export const TYPED_ARRAY_OF: { readonly [D in DType]: TypedArrayConstructorLike<TypedArrayFor[D]> } = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  float16: Uint16Array,
  float32: Float32Array,
  float64: Float64Array,
};

export const DTYPES = Object.keys(TYPED_ARRAY_OF) as DType[];

export function isDType(name: unknown): name is DType {
  return typeof name === 'string' && Object.hasOwn(TYPED_ARRAY_OF, name);
}

export function itemSize(dtype: DType): number {
  return TYPED_ARRAY_OF[dtype].BYTES_PER_ELEMENT;
}

/** numpy's `dtype.str` for each dtype, little-endian as numpy writes on x86 ('<f4', '|u1', ...). */
const NUMPY_STR: { readonly [D in DType]: string } = {
  bool: '|b1', int8: '|i1', int16: '<i2', int32: '<i4', int64: '<i8',
  uint8: '|u1', uint16: '<u2', uint32: '<u4', uint64: '<u8',
  float16: '<f2', float32: '<f4', float64: '<f8',
};

export function toNumpyStr(dtype: DType): string {
  return NUMPY_STR[dtype];
}

/** Parses numpy's dtype string ('<f4', '|u1', 'float32', 'f4', '=i8'); big-endian is reported as such. */
export function fromNumpyStr(str: string): { dtype: DType; bigEndian: boolean } | undefined {
  if (isDType(str)) return { dtype: str, bigEndian: false };
  const m = /^([<>|=]?)([biuf])(\d+)$/.exec(str);
  if (!m) return undefined;
  const [, order, kind, size] = m;
  const name = kind === 'b' ? (size === '1' ? 'bool' : '') : `${{ i: 'int', u: 'uint', f: 'float' }[kind!]}${Number(size) * 8}`;
  if (!isDType(name)) return undefined;
  return { dtype: name, bigEndian: order === '>' && size !== '1' };
}

/** The dtype of a typed array when it is not ambiguous (Uint8Array is 'uint8', Uint16Array 'uint16'). */
export function dtypeOfTypedArray(a: ArrayBufferView): DType | undefined {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof BigInt64Array) return 'int64';
  if (a instanceof BigUint64Array) return 'uint64';
  return undefined;
}
