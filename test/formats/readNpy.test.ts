import assert from 'node:assert/strict';
import { test } from 'node:test';
import { npyHeader } from '../../src/formats/numpy/npy.ts';
import { readNpy } from '../../src/formats/numpy/readNpy.ts';

/** A .npy file: our header (numpy's layout, version 1.0) and the raw data bytes. */
const npy = (descr: string, fortranOrder: boolean, shape: number[], data: Uint8Array): Buffer =>
  Buffer.concat([npyHeader({ descr, fortranOrder, shape }), data]);
const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

test('a little-endian C-order array: dtype, shape and values', () => {
  const a = readNpy(npy('<f4', false, [2, 3], bytesOf(new Float32Array([1, 2, 3, 4, 5, 6.5]))));
  assert.equal(a.dtype, 'float32');
  assert.deepEqual(a.shape, [2, 3]);
  assert.deepEqual([...a.data], [1, 2, 3, 4, 5, 6.5]);
});

test('a Fortran-order array is reordered to C order', () => {
  // np.asfortranarray([[1, 2, 3], [4, 5, 6]], dtype=np.int16) stores the columns: 1 4 2 5 3 6.
  const a = readNpy(npy('<i2', true, [2, 3], bytesOf(new Int16Array([1, 4, 2, 5, 3, 6]))));
  assert.equal(a.dtype, 'int16');
  assert.deepEqual(a.shape, [2, 3]);
  assert.deepEqual([...a.data], [1, 2, 3, 4, 5, 6]);
});

test('a big-endian array is byte-swapped; one-byte and scalar arrays read as they are', () => {
  const be = Buffer.alloc(16);
  be.writeDoubleBE(1.5, 0);
  be.writeDoubleBE(-2.25, 8);
  const a = readNpy(npy('>f8', false, [2], be));
  assert.equal(a.dtype, 'float64');
  assert.deepEqual([...a.data], [1.5, -2.25]);
  assert.deepEqual([...readNpy(npy('|b1', false, [3], new Uint8Array([1, 0, 1]))).data], [1, 0, 1]);
  const scalar = readNpy(npy('<i8', false, [], bytesOf(new BigInt64Array([-7n]))));
  assert.deepEqual([scalar.dtype, scalar.shape, [...scalar.data]], ['int64', [], [-7n]]);
});

test('bad files get an error that names the file and what is wrong', () => {
  assert.throws(() => readNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 'x.npy'), /^DataFlowError: readNpy: x.npy is not a .npy array \(no \\x93NUMPY magic\)$/);
  assert.throws(() => readNpy(npy('<f4', false, [2, 3], new Uint8Array(20)), 'short.npy'),
    /^DataFlowError: readNpy: short.npy is truncated: shape \[2,3\] of float32 needs 24 data bytes, the file has 20$/);
  assert.throws(() => readNpy(npy('|O', false, [1], new Uint8Array(8)), 'objects.npy'),
    /^DataFlowError: readNpy: objects.npy has an unsupported numpy dtype "\|O" \(supported: bool, int8..64, uint8..64, float16\/32\/64\)$/);
});
