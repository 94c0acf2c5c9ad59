import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilterData } from '../../src/index.ts';
import { collect, expectSequence, lengthsOver, listOf } from '../helpers.ts';

describe('FilterData', () => {
  it('ds yields [1], [2], [3], [4] → FilterData(ds, ([x]) => x % 2 === 0) yields [2], [4]', async () => {
    await expectSequence(new FilterData(listOf([[1], [2], [3], [4]]), ([x]) => x! % 2 === 0), [[2], [4]]);
  });

  it('the predicate gets the index of the datapoint in the pass', async () => {
    await expectSequence(new FilterData(listOf(['a', 'b', 'c', 'd']), (_, i) => i >= 2), ['c', 'd']);
  });

  it('length: unknown for a finite upstream, Infinity for an infinite one', () => {
    assert.deepEqual(lengthsOver((ds) => new FilterData(ds, () => true)), [null, null, Infinity]);
  });

  it('a predicate that throws names FilterData and the datapoint', () => {
    const flow = new FilterData(listOf([1, 2]), (x) => {
      if (x === 2) throw new Error('nope');
      return true;
    });
    assert.throws(() => collect(flow), { name: 'DataFlowError', message: 'FilterData: predicate threw at datapoint 1: nope' });
  });

  it('an empty upstream, a filter that keeps nothing; a non-function is an error', async () => {
    await expectSequence(new FilterData(listOf<number>([]), () => true), []);
    await expectSequence(new FilterData(listOf([1, 2]), () => false), []);
    assert.throws(() => new FilterData(listOf([1]), 'x' as unknown as () => boolean), { message: 'FilterData: expects a predicate function, got string' });
  });
});
