import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryPool } from '../../src/core/MemoryPool.ts';

test('take(n) returns n bytes, 16-byte aligned, that no other taken array overlaps', () => {
  const pool = new MemoryPool();
  const arrays = [27_012, 1, 64, 65, 4096, 30_000, 27_012].map((n) => pool.take(n));
  assert.deepEqual(arrays.map((a) => a.length), [27_012, 1, 64, 65, 4096, 30_000, 27_012]);
  for (const a of arrays) assert.equal(a.byteOffset % 16, 0);
  arrays.forEach((a, k) => a.fill(k + 1));
  arrays.forEach((a, k) => assert.ok(a.every((v) => v === k + 1), `array ${k} was overwritten`));
});

test('an array given back is handed out again to the next take of its size class, and only then', () => {
  const pool = new MemoryPool();
  const jpeg = pool.take(27_012); // class 28 KiB
  const other = pool.take(27_012);
  pool.give(jpeg);
  const small = pool.take(26_000); // class 28 KiB too: gets jpeg's block
  assert.equal(small.buffer, jpeg.buffer);
  assert.equal(small.byteOffset, jpeg.byteOffset);
  assert.equal(small.length, 26_000);
  const next = pool.take(27_012); // nothing free in the class: new memory
  assert.ok(next.buffer !== other.buffer || next.byteOffset !== other.byteOffset);
  assert.ok(next.buffer !== jpeg.buffer || next.byteOffset !== jpeg.byteOffset);
  pool.give(small);
  const bigger = pool.take(29_000); // class 32 KiB: not the 28 KiB block
  assert.ok(bigger.buffer !== jpeg.buffer || bigger.byteOffset !== jpeg.byteOffset);
});

test('arrays the pool did not hand out are ignored by give; arrays over 1 MiB get memory of their own', () => {
  const pool = new MemoryPool();
  const foreign = new Uint8Array(32_768);
  pool.give(foreign);
  assert.notEqual(pool.take(32_768).buffer, foreign.buffer);
  const big = pool.take((1 << 20) + 1);
  assert.equal(big.byteOffset, 0);
  assert.equal(big.buffer.byteLength, (1 << 20) + 1);
  pool.give(big);
  assert.notEqual(pool.take((1 << 20) + 1).buffer, big.buffer);
});
