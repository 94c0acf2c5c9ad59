import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcatData, DataFromGenerator, type DataFlow } from '../../src/index.ts';
import { collectAsync, expectSequence, listOf, recordingSource, take } from '../helpers.ts';

describe('ConcatData', () => {
  it('a yields 1, 2 and b yields 3 → ConcatData([a, b]) yields 1, 2, 3', async () => {
    const flow = new ConcatData([listOf([1, 2]), listOf([3])]);
    assert.equal(flow.length, 3);
    await expectSequence(flow, [1, 2, 3]);
  });

  it('empty flows contribute nothing', async () => {
    await expectSequence(new ConcatData([listOf<number>([]), listOf([1]), listOf<number>([])]), [1]);
  });

  it('length: the sum; unknown if any is unknown, else Infinity if any is infinite', () => {
    const unknown = new DataFromGenerator(function* () { yield 1; });
    const endless = new DataFromGenerator(function* () { for (;;) yield 1; }, { size: Infinity });
    assert.equal(new ConcatData([listOf([1]), unknown]).length, null);
    assert.equal(new ConcatData([endless, listOf([1])]).length, Infinity);
    assert.equal(new ConcatData([endless, unknown]).length, null);
  });

  it('mixes sync and async flows: async only then', async () => {
    const async = new DataFromGenerator(async function* () { yield 3; });
    const flow = new ConcatData([listOf([1, 2]), async]);
    assert.equal(flow.isSync, false);
    assert.deepEqual(await collectAsync(flow), [1, 2, 3]);
  });

  it('breaking out closes the flow being read', () => {
    const a = recordingSource([1, 2]);
    const b = recordingSource([3, 4]);
    assert.deepEqual(take(new ConcatData([a.flow, b.flow]), 3), [1, 2, 3]);
    assert.deepEqual([a.events, b.events], [['open', 'close'], ['open', 'close']]);
  });

  it('an empty list of flows, or a non-flow in it, is a DataFlowError', () => {
    assert.throws(() => new ConcatData([]), { name: 'DataFlowError', message: 'ConcatData: expects a non-empty list of flows' });
    assert.throws(() => new ConcatData([listOf([1]), {} as DataFlow<number>]), { message: 'ConcatData: argument 1 must be a DataFlow, got Object' });
  });
});
