import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFromGenerator, FixedSizeData } from '../../src/index.ts';
import { collect, collectAsync, lengthsOver, listOf, recordingSource, take } from '../helpers.ts';

const oneToFive = (): ReturnType<typeof listOf<number>> => listOf([1, 2, 3, 4, 5]);

describe('FixedSizeData', () => {
  it('ds yields 1,2,3,4,5 → FixedSizeData(ds, 3) yields 1,2,3 ; 4,5,1 ; 2,3,4 (keepState, the default)', async () => {
    const flow = new FixedSizeData(oneToFive(), 3);
    assert.equal(flow.length, 3);
    assert.deepEqual([collect(flow), collect(flow), collect(flow)], [[1, 2, 3], [4, 5, 1], [2, 3, 4]]);
    const asyncFlow = new FixedSizeData(oneToFive(), 3);
    assert.deepEqual([await collectAsync(asyncFlow), await collectAsync(asyncFlow), await collectAsync(asyncFlow)], [[1, 2, 3], [4, 5, 1], [2, 3, 4]]);
  });

  it('with { keepState: false }: 1,2,3 ; 1,2,3', async () => {
    const flow = new FixedSizeData(oneToFive(), 3, { keepState: false });
    assert.deepEqual([collect(flow), collect(flow)], [[1, 2, 3], [1, 2, 3]]);
    assert.deepEqual([await collectAsync(flow), await collectAsync(flow)], [[1, 2, 3], [1, 2, 3]]);
  });

  it('restarts the upstream as often as needed within a pass', () => {
    assert.deepEqual(collect(new FixedSizeData(listOf([1, 2]), 5)), [1, 2, 1, 2, 1]);
  });

  it('a pass broken off early: the next pass continues after the last datapoint taken', () => {
    const flow = new FixedSizeData(oneToFive(), 4);
    assert.deepEqual(take(flow, 1), [1]);
    assert.deepEqual(collect(flow), [2, 3, 4, 5]);
  });

  it('keepState: false closes the upstream at the end of each pass', () => {
    const { flow, events } = recordingSource([1, 2, 3, 4, 5]);
    collect(new FixedSizeData(flow, 2, { keepState: false }));
    assert.deepEqual(events, ['open', 'close']);
  });

  it('length: size, whatever the upstream', () => {
    assert.deepEqual(lengthsOver((ds) => new FixedSizeData(ds, 4)), [4, 4, 4]);
  });

  it('an empty upstream is an error (it cannot fill a pass); size must be a positive integer', async () => {
    const empty = new DataFromGenerator(function* (): Generator<number> {});
    assert.throws(() => collect(new FixedSizeData(empty, 2)), { name: 'DataFlowError', message: 'FixedSizeData: upstream DataFromGenerator yielded nothing; cannot fill 2 datapoints' });
    await assert.rejects(collectAsync(new FixedSizeData(listOf([]), 2)), { message: 'FixedSizeData: upstream DataFromList yielded nothing; cannot fill 2 datapoints' });
    assert.throws(() => new FixedSizeData(oneToFive(), 0), { message: 'FixedSizeData: size must be a positive integer, got 0' });
  });
});
