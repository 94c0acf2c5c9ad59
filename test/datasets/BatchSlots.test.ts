import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchSlots, RecycleBatches, TakeSlots } from '../../src/datasets/BatchSlots.ts';
import { LocallyShuffleData } from '../../src/transforms/LocallyShuffleData.ts';
import { lengthsOver, listOf } from '../helpers.ts';

describe('BatchSlots', () => {
  it('hands out shared buffers of the size asked, the smallest released one that holds it before making a new one', () => {
    const slots = new BatchSlots();
    const a = slots.take(16);
    assert.ok(a.buffer instanceof SharedArrayBuffer);
    assert.equal(a.byteLength, 16);
    const b = slots.take(32);
    const c = slots.take(8, 24); // room for more
    assert.deepEqual([a.buffer.byteLength, b.buffer.byteLength, c.buffer.byteLength], [16, 32, 24]);
    slots.release(new Uint8Array(b.buffer)); // another view of b's buffer, as a worker's message brings it back
    slots.release(new Int32Array(a.buffer, 4, 2)); // or a part of it
    slots.release(a); // already free: not twice in the pool
    assert.equal(slots.size, 2);
    assert.equal(slots.take(40).buffer.byteLength, 40); // none holds 40 bytes: a new one
    const d = slots.take(12);
    assert.equal(d.buffer, a.buffer); // the smallest that holds 12
    assert.equal(d.byteLength, 12);
    assert.equal(slots.take(20).buffer, b.buffer);
    assert.equal(slots.size, 0);
  });

  it('ignores buffers that are not shared', () => {
    const slots = new BatchSlots();
    slots.release(new Uint8Array(16));
    assert.equal(slots.size, 0);
  });
});

describe('TakeSlots', () => {
  it('attaches a buffer to each datapoint as it is pulled, not before, even when the upstream runs ahead', async () => {
    const slots = new BatchSlots();
    slots.release(slots.take(4));
    // LocallyShuffleData(4) pushes its whole buffer at the end of the pass
    const flow = new TakeSlots(new LocallyShuffleData(listOf([1, 2, 3]), 4, { seed: 1 }), slots, (x, s) => ({ x, out: s.take(4) }));
    assert.equal(flow.isSync, false);
    const it = flow[Symbol.asyncIterator]();
    const first = (await it.next()).value!;
    assert.equal(slots.size, 0); // the free buffer went to the first datapoint, and only to it
    slots.release(first.out);
    const second = (await it.next()).value!;
    assert.equal(second.out.buffer, first.out.buffer);
    const third = (await it.next()).value!;
    assert.deepEqual([first.x, second.x, third.x].sort(), [1, 2, 3]);
    assert.notEqual(third.out.buffer, first.out.buffer);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });

  it('has the length of its upstream', () => {
    assert.deepEqual(lengthsOver((ds) => new TakeSlots(ds, new BatchSlots(), (x) => x)), [6, null, Infinity]);
  });
});

describe('RecycleBatches', () => {
  it('yields the upstream and frees each batch when the consumer asks for the next one', async () => {
    const slots = new BatchSlots();
    const batches = [slots.take(4), slots.take(4), slots.take(4)].map((data, i) => ({ i, data }));
    const flow = new RecycleBatches(listOf(batches), slots, (b) => [b.data]);
    assert.equal(flow.isSync, false);
    const it = flow[Symbol.asyncIterator]();
    assert.equal((await it.next()).value, batches[0]);
    assert.equal(slots.size, 0);
    assert.equal((await it.next()).value, batches[1]);
    assert.equal(slots.size, 1);
    assert.equal(slots.take(4).buffer, batches[0]!.data.buffer);
    assert.equal((await it.next()).value, batches[2]);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
    assert.equal(slots.size, 2); // the end of the pass frees the last one too
  });

  it('frees a buffer once when two arrays of a batch are views of it', async () => {
    const slots = new BatchSlots();
    const data = slots.take(8);
    const batch = { images: data.subarray(0, 4), labels: new Int32Array(data.buffer, 4, 1) };
    for await (const _ of new RecycleBatches(listOf([batch]), slots, (b) => [b.images, b.labels]));
    assert.equal(slots.size, 1);
  });

  it('keeps the batch a consumer stopped at', async () => {
    const slots = new BatchSlots();
    const batches = [slots.take(4), slots.take(4)].map((data) => ({ data }));
    for await (const _ of new RecycleBatches(listOf(batches), slots, (b) => [b.data])) break;
    assert.equal(slots.size, 0);
  });

  it('has the length of its upstream', () => {
    assert.deepEqual(lengthsOver((ds) => new RecycleBatches(ds, new BatchSlots(), () => [])), [6, null, Infinity]);
  });
});
