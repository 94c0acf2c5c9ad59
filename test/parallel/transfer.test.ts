import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { NDArray } from '../../src/core/NDArray.ts';
import { decodeMessage, encodeMessage } from '../../src/parallel/codec.ts';
import { DetachedArrayError, packChunk, unpackChunk } from '../../src/parallel/transfer.ts';

function roundTrip(dps: unknown[], transfer: boolean): unknown[] {
  const packed = packChunk(dps, transfer);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(packed, packed.transferList);
  const got = receiveMessageOnPort(port2)!.message as typeof packed;
  port1.close();
  return unpackChunk(got.dps, got.nd);
}

test('an array that owns its buffer is moved, not copied', () => {
  const a = NDArray.from(new Float32Array([1, 2, 3, 4]), [2, 2]);
  const [[b]] = roundTrip([[a]], true) as [[NDArray]];
  assert.equal(a.data.byteLength, 0); // moved away
  assert.deepEqual([b.dtype, b.shape, b.toArray()], ['float32', [2, 2], [1, 2, 3, 4]]);
});

test('a view into a larger buffer, or a pooled Buffer, is copied once and the original stays intact', () => {
  const big = new Uint8Array(100).map((_, i) => i);
  const view = big.subarray(10, 14);
  const pooled = Buffer.from([7, 8, 9]);
  const [[v, p]] = roundTrip([[view, pooled]], true) as [[Uint8Array, Uint8Array]];
  assert.deepEqual([...v], [10, 11, 12, 13]);
  assert.deepEqual([...p], [7, 8, 9]);
  assert.equal(big.byteLength, 100);
  assert.deepEqual([...pooled], [7, 8, 9]);
});

test('with transfer off, arrays are copied; tiny datapoints are passed as they are', () => {
  const a = new Int32Array([5]);
  assert.deepEqual(roundTrip([[a, 1, 'x', { k: [true] }]], false), [[new Int32Array([5]), 1, 'x', { k: [true] }]]);
  assert.equal(a.length, 1);
  const tiny = [[1], [2]];
  assert.equal(packChunk(tiny, true).dps[0], tiny[0]);
  assert.equal(packChunk(tiny, true).nd, false);
});

test('an NDArray already moved by an earlier message is reported, not sent empty', () => {
  const a = NDArray.from(new Float32Array(4), [4]);
  roundTrip([[a]], true);
  assert.throws(() => packChunk([[a]], true), DetachedArrayError);
});

test('one array in two datapoints of a chunk is reported (it was refilled); twice within one datapoint, it moves once', () => {
  const a = new Float32Array(4);
  assert.throws(() => packChunk([[a], [a]], true), /a Float32Array whose buffer an earlier datapoint already moved/);
  const packed = packChunk([[a, a]], true);
  assert.equal(packed.transferList.length, 1);
});

test('codec: NDArrays (uint8, float64, float16, int64), typed arrays, records, bigints and strings survive ZeroMQ frames', () => {
  const dp = {
    img: NDArray.from(new Uint8Array([1, 2, 3, 4, 5, 6]), [1, 2, 3]),
    f: NDArray.from(new Float64Array([0.5]), [1]),
    h: NDArray.from(new Uint16Array([15360]), [1], 'float16'),
    big: NDArray.from(new BigInt64Array([-(2n ** 40n)]), [1]),
    raw: new Int16Array([-3]),
    meta: ['name', 42, null, true, 2n ** 62n],
  };
  const frames = encodeMessage({ t: 'data', w: 1, seq: 9, dps: [dp], nd: false });
  assert.equal(frames.length, 6); // header + one frame per array
  const msg = decodeMessage<{ t: 'data'; w: number; seq: number; dps: (typeof dp)[]; nd: boolean }>(frames);
  const back = msg.dps[0]!;
  assert.deepEqual([msg.w, msg.seq], [1, 9]);
  assert.deepEqual([back.img.dtype, back.img.shape, back.img.toArray()], ['uint8', [1, 2, 3], [1, 2, 3, 4, 5, 6]]);
  assert.deepEqual([back.h.dtype, back.h.get(0)], ['float16', 1]);
  assert.deepEqual(back.big.toArray(), [-(2n ** 40n)]);
  assert.ok(back.raw instanceof Int16Array && back.raw[0] === -3);
  assert.deepEqual(back.meta, ['name', 42, null, true, 2n ** 62n]);
});

test('codec: a frame at a misaligned offset is copied into an aligned array', () => {
  const frames = encodeMessage({ t: 'data', w: 0, seq: 0, dps: [[NDArray.from(new Float32Array([1.5, 2.5]), [2])]], nd: false });
  const shifted = Buffer.alloc(frames[1]!.length + 1).subarray(1);
  frames[1]!.copy(shifted);
  const msg = decodeMessage<{ t: 'data'; w: number; seq: number; dps: [NDArray][]; nd: boolean }>([frames[0]!, shifted]);
  assert.deepEqual(msg.dps[0]![0].toArray(), [1.5, 2.5]);
});

test('with transfer off, a view into a larger buffer travels alone, not with its whole buffer', () => {
  const slab = new Uint8Array(1 << 16);
  slab.set([1, 2, 3], 100);
  const view = slab.subarray(100, 103);
  const packed = packChunk([[NDArray.from(view), view]], false);
  const [[nd, bare]] = packed.dps as [[{ data: Uint8Array }, Uint8Array]];
  assert.deepEqual([nd.data.buffer.byteLength, bare.buffer.byteLength], [3, 3]);
  assert.deepEqual([[...nd.data], [...bare]], [[1, 2, 3], [1, 2, 3]]);
  assert.deepEqual(packed.transferList, []);
  assert.equal(slab.buffer.byteLength, 1 << 16); // the slab itself is untouched
});
