import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { dumps } from '../../src/formats/serialize/index.ts';
import { SlabWriter } from '../../src/remote/SlabWriter.ts';

test('SlabWriter.dumps gives dumps(dp) bytes; views handed out stay intact across slabs and big datapoints', () => {
  const slab = new SlabWriter('msgpack');
  const dps = Array.from({ length: 300 }, (_, i) => [i, NDArray.from(new Float32Array(i === 150 ? 100_000 : 784).fill(i))]);
  const views = dps.map((dp) => slab.dumps(dp));
  views.forEach((v, i) => assert.ok(v.equals(dumps(dps[i], { serializer: 'msgpack' })), `datapoint ${i}`));
  assert.ok(new Set(views.map((v) => v.buffer)).size > 1); // several slabs
  assert.ok(new Set(views.map((v) => v.buffer)).size < 30); // not one per datapoint
});

test('SlabWriter: an unencodable datapoint leaves nothing behind; pickle works too', () => {
  const slab = new SlabWriter('pickle');
  const first = slab.dumps([1]);
  assert.throws(() => slab.dumps([() => 0]), /a function/);
  const second = slab.dumps(['two']);
  assert.ok(first.equals(dumps([1])));
  assert.ok(second.equals(dumps(['two'])));
  assert.equal(second.byteOffset, first.byteOffset + first.length);
});
