import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTYPES, dtypeOfTypedArray, fromNumpyStr, isDType, itemSize, toNumpyStr } from '../../src/index.ts';

describe('dtype', () => {
  it("numpy's names, one typed array each", () => {
    assert.deepEqual(DTYPES, ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64']);
    assert.deepEqual(DTYPES.map(itemSize), [1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8]);
    assert.equal(isDType('float32'), true);
    assert.equal(isDType('complex64'), false);
    assert.equal(isDType('toString'), false);
    assert.equal(isDType(3), false);
  });

  it("numpy's dtype.str, little-endian", () => {
    assert.deepEqual(DTYPES.map(toNumpyStr), ['|b1', '|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8', '<f2', '<f4', '<f8']);
  });

  it('parses dtype strings: byte order, short forms and names', () => {
    for (const d of DTYPES) assert.deepEqual(fromNumpyStr(toNumpyStr(d)), { dtype: d, bigEndian: false });
    assert.deepEqual(fromNumpyStr('>i4'), { dtype: 'int32', bigEndian: true });
    assert.deepEqual(fromNumpyStr('>u1'), { dtype: 'uint8', bigEndian: false }); // one byte has no order
    assert.deepEqual(fromNumpyStr('=f8'), { dtype: 'float64', bigEndian: false });
    assert.deepEqual(fromNumpyStr('f2'), { dtype: 'float16', bigEndian: false });
    assert.deepEqual(fromNumpyStr('uint64'), { dtype: 'uint64', bigEndian: false });
    assert.equal(fromNumpyStr('<c8'), undefined);
    assert.equal(fromNumpyStr('<f3'), undefined);
    assert.equal(fromNumpyStr('|b2'), undefined);
    assert.equal(fromNumpyStr('<U5'), undefined);
  });

  it('the dtype of a typed array, when it is not ambiguous', () => {
    assert.equal(dtypeOfTypedArray(new Float32Array(1)), 'float32');
    assert.equal(dtypeOfTypedArray(new Float64Array(1)), 'float64');
    assert.equal(dtypeOfTypedArray(new Int8Array(1)), 'int8');
    assert.equal(dtypeOfTypedArray(new Int16Array(1)), 'int16');
    assert.equal(dtypeOfTypedArray(new Int32Array(1)), 'int32');
    assert.equal(dtypeOfTypedArray(new BigInt64Array(1)), 'int64');
    assert.equal(dtypeOfTypedArray(new Uint8Array(1)), 'uint8');
    assert.equal(dtypeOfTypedArray(Buffer.alloc(1)), 'uint8');
    assert.equal(dtypeOfTypedArray(new Uint16Array(1)), 'uint16');
    assert.equal(dtypeOfTypedArray(new Uint32Array(1)), 'uint32');
    assert.equal(dtypeOfTypedArray(new BigUint64Array(1)), 'uint64');
    assert.equal(dtypeOfTypedArray(new Uint8ClampedArray(1)), undefined);
    assert.equal(dtypeOfTypedArray(new DataView(new ArrayBuffer(1))), undefined);
  });
});
