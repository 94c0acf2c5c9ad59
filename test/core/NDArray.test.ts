import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatShape, isNDArray, NDArray, numberToFloat16Bits, shapesEqual, shapeSize } from '../../src/index.ts';

describe('NDArray', () => {
  it('wraps a typed array with a shape; the dtype follows the array type', () => {
    const a = NDArray.from(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    assert.deepEqual([a.dtype, a.shape, a.size, a.ndim, String(a)], ['float32', [2, 3], 6, 2, 'NDArray<float32>[2,3]']);
    assert.deepEqual(NDArray.from(new Int16Array(4)).shape, [4]);
    assert.equal(NDArray.from(new Uint8Array(2)).dtype, 'uint8');
    assert.equal(NDArray.from(new Uint8Array([1, 0]), [2], 'bool').dtype, 'bool');
    assert.equal(isNDArray(a), true);
    assert.equal(isNDArray(new Float32Array(1)), false);
  });

  it('a shape that does not match the data is an error', () => {
    assert.throws(() => NDArray.from(new Float32Array(5), [2, 3]), {
      name: 'DataFlowError', message: 'NDArray: shape [2,3] needs 6 elements, the data has 5',
    });
    assert.throws(() => NDArray.from(new Uint8ClampedArray(2) as unknown as Uint8Array), {
      message: 'NDArray: cannot infer a dtype from Uint8ClampedArray',
    });
  });

  it('zeros: a fresh buffer of the dtype', () => {
    const z = NDArray.zeros([2, 2], 'int64');
    assert.ok(z.data instanceof BigInt64Array);
    assert.deepEqual(z.toArray(), [0n, 0n, 0n, 0n]);
    assert.ok(NDArray.zeros([3], 'float16').data instanceof Uint16Array);
    assert.ok(NDArray.zeros([3], 'bool').data instanceof Uint8Array);
    assert.equal(NDArray.zeros([0, 5], 'float32').size, 0);
  });

  it('at(i) is a view of the i-th row: writes show through', () => {
    const a = NDArray.from(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    const row = a.at(1);
    assert.deepEqual([row.shape, row.toArray()], [[3], [4, 5, 6]]);
    assert.equal(row.data.buffer, a.data.buffer);
    row.data[0] = 40;
    assert.equal(a.get(1, 0), 40);
    const cube = NDArray.from(new Int32Array(24).map((_, i) => i), [2, 3, 4]);
    assert.deepEqual(cube.at(1).at(2).toArray(), [20, 21, 22, 23]);
    assert.throws(() => a.at(2), { message: 'NDArray: index 2 is out of range for shape [2,3]' });
    assert.throws(() => a.at(-1), { message: 'NDArray: index -1 is out of range for shape [2,3]' });
    assert.throws(() => NDArray.from(new Float32Array(1), []).at(0), { message: 'NDArray: index 0 is out of range for shape []' });
  });

  it('reshape is a view; -1 stands for the rest', () => {
    const a = NDArray.from(new Uint8Array([1, 2, 3, 4, 5, 6]), [6]);
    const b = a.reshape([3, -1]);
    assert.deepEqual(b.shape, [3, 2]);
    assert.equal(b.get(2, 1), 6);
    b.data[0] = 9;
    assert.equal(a.get(0), 9);
    assert.throws(() => a.reshape([4, 2]), { message: 'NDArray: cannot reshape [6] to [4,2]' });
    assert.throws(() => a.reshape([4, -1]), { message: 'NDArray: cannot reshape [6] to [4,-1]' });
  });

  it('get() by full index, C order; wrong arity or range is an error', () => {
    const a = NDArray.from(new Float64Array([0, 1, 2, 3, 4, 5]), [2, 3]);
    assert.deepEqual([a.get(0, 0), a.get(0, 2), a.get(1, 0), a.get(1, 2)], [0, 2, 3, 5]);
    assert.throws(() => a.get(1), { message: 'NDArray: get() needs 2 indices for shape [2,3], got 1' });
    assert.throws(() => a.get(0, 3), { message: 'NDArray: index 0,3 is out of range for shape [2,3]' });
    assert.equal(NDArray.from(new Float32Array([7]), []).get(), 7);
  });

  it('float16: stored as bits, read as numbers (get, toArray)', () => {
    const values = [1, -2.5, 65504, 2 ** -24];
    const h = NDArray.from(Uint16Array.from(values, numberToFloat16Bits), [2, 2], 'float16');
    assert.deepEqual(Array.from(h.data), [0x3c00, 0xc100, 0x7bff, 0x0001]);
    assert.equal(h.get(0, 1), -2.5);
    assert.deepEqual(h.toArray(), values);
    assert.deepEqual(h.at(1).toArray(), [65504, 2 ** -24]);
  });

  it('int64 and uint64 are BigInt arrays, read as bigint', () => {
    const i = NDArray.from(new BigInt64Array([-(2n ** 63n), 5n]));
    assert.equal(i.dtype, 'int64');
    assert.equal(i.get(0), -(2n ** 63n));
    const u = NDArray.from(new BigUint64Array([2n ** 64n - 1n]), [1, 1]);
    assert.equal(u.dtype, 'uint64');
    assert.equal(u.get(0, 0), 2n ** 64n - 1n);
    assert.deepEqual(u.toArray(), [2n ** 64n - 1n]);
  });

  it('copy() has its own buffer', () => {
    const a = NDArray.from(new Int32Array([1, 2, 3, 4]), [2, 2]);
    const c = a.copy();
    c.data[0] = 100;
    assert.deepEqual([a.get(0, 0), c.get(0, 0), c.shape, c.dtype], [1, 100, [2, 2], 'int32']);
    assert.notEqual(c.data.buffer, a.data.buffer);
  });

  it('shape helpers', () => {
    assert.equal(shapeSize([2, 3, 4]), 24);
    assert.equal(shapeSize([]), 1);
    assert.equal(shapesEqual([2, 3], [2, 3]), true);
    assert.equal(shapesEqual([2, 3], [3, 2]), false);
    assert.equal(shapesEqual([2], [2, 1]), false);
    assert.equal(formatShape([3, 5]), '[3,5]');
  });
});
