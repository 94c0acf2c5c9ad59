import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFromGenerator } from '../../src/index.ts';
import { collect, collectAsync, expectSequence } from '../helpers.ts';

describe('DataFromGenerator', () => {
  it('a generator function is called once per pass: re-iterable; length unknown unless given', async () => {
    let calls = 0;
    const flow = new DataFromGenerator(function* () {
      calls++;
      yield [1];
      yield [2];
    });
    assert.equal(flow.length, null);
    assert.equal(flow.isSync, true);
    await expectSequence(flow, [[1], [2]]);
    assert.equal(calls, 2);
    assert.equal(new DataFromGenerator(function* () { yield 1; }, { size: 1 }).length, 1);
  });

  it('an async generator function makes an async flow', async () => {
    const flow = new DataFromGenerator(async function* () {
      yield 'a';
      await Promise.resolve();
      yield 'b';
    });
    assert.equal(flow.isSync, false);
    assert.deepEqual(await collectAsync(flow), ['a', 'b']);
    assert.deepEqual(await collectAsync(flow), ['a', 'b']);
  });

  it('passes of a generator function may overlap (each has its own generator)', () => {
    const flow = new DataFromGenerator(function* () { yield 1; yield 2; });
    const a = flow[Symbol.iterator]();
    const b = flow[Symbol.iterator]();
    assert.deepEqual([a.next().value, b.next().value, a.next().value, b.next().value], [1, 1, 2, 2]);
  });

  it('a generator object yields once; a second pass is a clear error', async () => {
    const flow = new DataFromGenerator((function* () { yield 1; yield 2; })());
    assert.deepEqual(collect(flow), [1, 2]);
    assert.throws(() => collect(flow), {
      name: 'DataFlowError',
      message: 'DataFromGenerator: its generator object was consumed by an earlier pass; pass a generator function to iterate more than once',
    });
    const asyncFlow = new DataFromGenerator((async function* () { yield 1; })());
    assert.equal(asyncFlow.isSync, false);
    assert.deepEqual(await collectAsync(asyncFlow), [1]);
    await assert.rejects(collectAsync(asyncFlow), { message: /^DataFromGenerator: its generator object was consumed/ });
  });

  it('a generator object iterated twice at once is a clear error', async () => {
    const flow = new DataFromGenerator((function* () { yield 1; yield 2; })());
    const first = flow[Symbol.iterator]();
    assert.deepEqual(first.next(), { value: 1, done: false });
    assert.throws(() => flow[Symbol.iterator]().next(), {
      message: 'DataFromGenerator: is already being iterated; a generator cannot be iterated twice at once',
    });
    const asyncFlow = new DataFromGenerator((async function* () { yield 1; yield 2; })());
    const it1 = asyncFlow[Symbol.asyncIterator]();
    await it1.next();
    await assert.rejects(asyncFlow[Symbol.asyncIterator]().next(), { message: /is already being iterated/ });
  });

  it('a plain iterator object works like a generator object', () => {
    let i = 0;
    const flow = new DataFromGenerator<number>({ next: () => (i < 3 ? { value: i++, done: false } : { value: undefined, done: true }) });
    assert.deepEqual(collect(flow), [0, 1, 2]);
  });

  it('an empty generator yields nothing', async () => {
    await expectSequence(new DataFromGenerator(function* (): Generator<number> {}), []);
  });

  it('anything else is a DataFlowError', () => {
    assert.throws(() => new DataFromGenerator([1, 2] as unknown as () => Iterator<number>), {
      name: 'DataFlowError', message: 'DataFromGenerator: expects a generator function or an iterator',
    });
  });
});
