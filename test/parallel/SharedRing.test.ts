import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { RingWriter } from '../../src/parallel/SharedRing.ts';
import { BatchData } from '../../src/transforms/BatchData.ts';

test('place copies a datapoint\'s arrays into the ring; arrays from allocate stay where they are', () => {
  const ring = new RingWriter(1024);
  const [images, labels] = [...new BatchData(new DataFromList([[NDArray.from(new Uint8Array([1, 2, 3])), 7], [NDArray.from(new Uint8Array([4, 5, 6])), 8]], { shuffle: false }), 2, { allocate: ring.allocate })][0]!;
  assert.ok(images.data.buffer instanceof SharedArrayBuffer);
  assert.deepEqual([images.data.byteOffset, ring.position], [0, 8]); // 6 bytes, 8-aligned
  assert.deepEqual([images.shape, images.toArray()], [[2, 3], [1, 2, 3, 4, 5, 6]]);
  const [placedImages, placedLabels] = ring.place([images, labels]) as [NDArray<'uint8'>, NDArray<'int32'>];
  assert.equal(placedImages.data, images.data); // not copied again
  assert.equal(placedLabels.data.buffer, images.data.buffer); // copied in, after the images
  assert.deepEqual([placedLabels.data.byteOffset, placedLabels.toArray(), ring.position], [8, [7, 8], 16]);
});

test('allocate: never more than half the ring, never across its end; full until the main side releases, then room() resolves', async () => {
  const ring = new RingWriter(64);
  assert.equal(ring.allocate('uint8', 33), undefined); // over half: the caller makes an ordinary array
  assert.equal(ring.hasRoomForNextAllocation(), true); // nothing allocated yet
  const a = ring.allocate('float32', 6)!; // 24 bytes at 0
  const b = ring.allocate('float64', 3)!; // 24 bytes at 24
  assert.deepEqual([a.byteOffset, b.byteOffset, ring.position], [0, 24, 48]);
  assert.equal(a.buffer, b.buffer);
  assert.equal(ring.hasRoomForNextAllocation(), false); // 24 more would cross the end: 16 skipped + 24 > 16 free
  assert.equal(ring.allocate('float64', 3), undefined);
  let roomy = false;
  const room = ring.room().then(() => (roomy = true));
  ring.release(24); // a is read: 40 free, enough for the skip and 24
  await room;
  assert.ok(roomy && ring.hasRoomForNextAllocation());
  const c = ring.allocate('float64', 3)!;
  assert.deepEqual([c.byteOffset, ring.position], [0, 88]); // the 16-byte tail skipped
});

test('a full ring lets the worker go on only once a quarter of it is free, so it refills by whole chunks, not one datapoint per release', async () => {
  const ring = new RingWriter(1024);
  const dp = (k: number) => [new Uint8Array(96).fill(k), k];
  for (let k = 0; k < 10; k++) assert.ok(ring.place(dp(k)));
  assert.equal(ring.position, 960);
  assert.equal(ring.place(dp(10)), undefined); // 64-byte tail + 96 > 64 free
  let roomy = false;
  const room = ring.room().then(() => (roomy = true));
  ring.release(96); // 160 free: the datapoint would fit, but that is not a quarter of the ring
  await new Promise((r) => setImmediate(r));
  assert.equal(roomy, false);
  ring.release(192); // 256 free
  await room;
  const [data] = ring.place(dp(10)) as [Uint8Array, number];
  assert.deepEqual([data.byteOffset, data[0], ring.position], [0, 10, 1120]);
});
