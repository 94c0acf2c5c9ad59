import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFromIterable } from '../../src/index.ts';
import { collect, collectAsync, expectSequence } from '../helpers.ts';

describe('DataFromIterable', () => {
  it("yields an iterable's elements on every pass; length from length/size", async () => {
    const set = new DataFromIterable(new Set([[1], [2]]));
    assert.equal(set.length, 2);
    await expectSequence(set, [[1], [2]]);
    await expectSequence(set, [[1], [2]]);
    assert.equal(new DataFromIterable([[1], [2], [3]]).length, 3);
    const map = new DataFromIterable(new Map([['a', 1], ['b', 2]]));
    assert.equal(map.length, 2);
    await expectSequence(map, [['a', 1], ['b', 2]]);
  });

  it('the length option overrides; a custom iterable without a size has an unknown length', () => {
    const custom = { *[Symbol.iterator]() { yield 1; yield 2; } };
    assert.equal(new DataFromIterable(custom).length, null);
    assert.equal(new DataFromIterable(custom, { length: 2 }).length, 2);
    assert.equal(new DataFromIterable(custom, { length: Infinity }).length, Infinity);
    assert.equal(new DataFromIterable([1, 2], { length: null }).length, null);
  });

  it('an async iterable makes an async flow', async () => {
    const iterable = { async *[Symbol.asyncIterator]() { yield 'x'; yield 'y'; } };
    const flow = new DataFromIterable(iterable);
    assert.equal(flow.isSync, false);
    assert.equal(flow.length, null);
    assert.deepEqual(await collectAsync(flow), ['x', 'y']);
    assert.deepEqual(await collectAsync(flow), ['x', 'y']);
  });

  it('a one-shot iterator (a generator object) yields once; a second pass is an error, not an empty pass', async () => {
    const flow = new DataFromIterable((function* () { yield 1; yield 2; })());
    assert.deepEqual(collect(flow), [1, 2]);
    assert.throws(() => collect(flow), {
      name: 'DataFlowError',
      message: 'DataFromIterable: its iterable is a one-shot iterator (a generator object?) consumed by an earlier pass; pass a re-iterable such as an array or a DataFromGenerator of a generator function',
    });
    const asyncFlow = new DataFromIterable((async function* () { yield 1; })());
    assert.deepEqual(await collectAsync(asyncFlow), [1]);
    await assert.rejects(collectAsync(asyncFlow), { message: /^DataFromIterable: its iterable is a one-shot iterator/ });
  });

  it('an empty iterable yields nothing', async () => {
    await expectSequence(new DataFromIterable([]), []);
  });

  it('a non-iterable is a DataFlowError', () => {
    assert.throws(() => new DataFromIterable(42 as unknown as number[]), { name: 'DataFlowError', message: 'DataFromIterable: expects an iterable or an async iterable' });
    assert.throws(() => new DataFromIterable(null as unknown as number[]), { message: 'DataFromIterable: expects an iterable or an async iterable' });
  });
});
