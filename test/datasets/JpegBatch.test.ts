import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { DataFlowError } from '../../src/core/errors.ts';
import { jpegOf, packJpegBatch, packKeyBatch } from '../../src/datasets/JpegBatch.ts';

const bytes = (...v: number[]): NDArray<'uint8'> => NDArray.from(Uint8Array.from(v), [v.length]) as NDArray<'uint8'>;

describe('packJpegBatch', () => {
  it('puts the JPEGs in one buffer of their own, each starting 8-byte aligned, with their ends and int32 labels', () => {
    // views into one larger buffer, as LMDBSerializer.load yields them (slabs)
    const slab = new Uint8Array(100).map((_, i) => i);
    const a = new NDArray(slab.subarray(10, 13), [3], 'uint8');
    const b = new NDArray(slab.subarray(50, 52), [2], 'uint8');
    const batch = packJpegBatch([[a, b, bytes(7)], [417, 3, 0]], 0);
    assert.deepEqual([...batch.bytes], [10, 11, 12, 0, 0, 0, 0, 0, 50, 51, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(batch.ends, Int32Array.from([3, 10, 17]));
    assert.deepEqual(batch.labels, Int32Array.from([417, 3, 0]));
    assert.equal(batch.out, undefined);
    // labels, ends, bytes: one buffer, in that order
    assert.equal(batch.bytes.buffer.byteLength, 12 + 12 + 24);
    assert.deepEqual([batch.labels.byteOffset, batch.ends.byteOffset, batch.bytes.byteOffset], [0, 12, 24]);
    assert.ok(batch.ends.buffer === batch.bytes.buffer && batch.labels.buffer === batch.bytes.buffer);
    assert.deepEqual([0, 1, 2].map((k) => [...jpegOf(batch, k)]), [[10, 11, 12], [50, 51], [7]]);
  });

  it('packs into the buffer `into` gives (a shared slot, at an offset)', () => {
    const asked: number[] = [];
    const slot = new Uint8Array(new SharedArrayBuffer(64)).fill(255);
    const batch = packJpegBatch([[bytes(1, 2, 3), bytes(4)], [9, 8]], 0, (n) => (asked.push(n), slot.subarray(8, 8 + n)));
    assert.deepEqual(asked, [8 + 8 + 16]);
    assert.equal(batch.bytes.buffer, slot.buffer);
    assert.deepEqual([batch.labels.byteOffset, batch.ends.byteOffset, batch.bytes.byteOffset], [8, 16, 24]);
    // padding is left as it was: only the JPEGs' own bytes are read back
    assert.deepEqual([...slot.subarray(24, 33)], [1, 2, 3, 255, 255, 255, 255, 255, 4]);
    assert.deepEqual([...new Int32Array(slot.buffer, 8, 4)], [9, 8, 3, 9]);
    assert.deepEqual([0, 1].map((k) => [...jpegOf(batch, k)]), [[1, 2, 3], [4]]);
  });

  it('names the batch and the datapoint of a label or JPEG it cannot pack', () => {
    assert.throws(() => packJpegBatch([[bytes(1), bytes(2)], [1, 2.5]], 7), (e: unknown) => {
      assert.ok(e instanceof DataFlowError);
      assert.equal(e.message, 'packJpegBatch: datapoint 1 of batch 7: the label must be an int32 integer, got 2.5');
      assert.equal(e.index, 7);
      return true;
    });
    const floats = NDArray.from(new Float32Array(2), [2]) as unknown as NDArray<'uint8'>;
    assert.throws(() => packJpegBatch([[floats], [1]], 3), { message: 'packJpegBatch: datapoint 0 of batch 3: the JPEG must be a 1-D uint8 NDArray, got NDArray<float32>[2]' });
  });
});

describe('packKeyBatch', () => {
  it('packs keys as packJpegBatch packs JPEGs, with the labels left for the worker', () => {
    const batch = packKeyBatch([[Buffer.from('00000007'), Buffer.from('k3')]], 0);
    assert.deepEqual(batch.labels, new Int32Array(2));
    assert.deepEqual(batch.ends, Int32Array.from([8, 10]));
    assert.deepEqual([0, 1].map((k) => Buffer.from(jpegOf(batch, k)).toString()), ['00000007', 'k3']);
    assert.equal(batch.bytes.buffer.byteLength, 8 + 8 + 16);
  });

  it('names the batch and the datapoint of a key that is not bytes', () => {
    assert.throws(() => packKeyBatch([[Buffer.from('a'), 'b' as unknown as Buffer]], 4),
      { message: 'packKeyBatch: datapoint 1 of batch 4: the key must be bytes, got string' });
  });
});
