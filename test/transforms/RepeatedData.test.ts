import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RepeatedData } from '../../src/index.ts';
import { expectSequence, lengthsOver, listOf, recordingSource, take, takeAsync } from '../helpers.ts';

describe('RepeatedData', () => {
  it('ds yields 1, 2 → RepeatedData(ds, 2) yields 1, 2, 1, 2', async () => {
    const flow = new RepeatedData(listOf([1, 2]), 2);
    assert.equal(flow.length, 4);
    await expectSequence(flow, [1, 2, 1, 2]);
  });

  it('num = -1 repeats forever: length Infinity; a prefix of it', async () => {
    const flow = new RepeatedData(listOf([1, 2, 3]), -1);
    assert.equal(flow.length, Infinity);
    assert.deepEqual(take(flow, 8), [1, 2, 3, 1, 2, 3, 1, 2]);
    assert.deepEqual(await takeAsync(flow, 4), [1, 2, 3, 1]);
  });

  it('num = 0 yields nothing', async () => {
    const flow = new RepeatedData(listOf([1]), 0);
    assert.equal(flow.length, 0);
    await expectSequence(flow, []);
  });

  it('length: upstream × num (Infinity for -1); unknown stays unknown', () => {
    assert.deepEqual(lengthsOver((ds) => new RepeatedData(ds, 3)), [18, null, Infinity]);
    assert.deepEqual(lengthsOver((ds) => new RepeatedData(ds, -1)), [Infinity, Infinity, Infinity]);
    assert.deepEqual(lengthsOver((ds) => new RepeatedData(ds, 0)), [0, 0, 0]);
  });

  it('an empty upstream repeated forever ends (it would spin); its length is 0', async () => {
    const flow = new RepeatedData(listOf<number>([]), -1);
    assert.equal(flow.length, 0);
    await expectSequence(flow, []);
  });

  it('breaking out closes the current upstream pass', () => {
    const { flow, events } = recordingSource([1, 2, 3]);
    assert.deepEqual(take(new RepeatedData(flow, -1), 4), [1, 2, 3, 1]);
    assert.deepEqual(events, ['open', 'close', 'open', 'close']);
  });

  it('num must be -1 or a non-negative integer', () => {
    assert.throws(() => new RepeatedData(listOf([1]), -2), { name: 'DataFlowError', message: 'RepeatedData: num must be -1 (forever) or a non-negative integer, got -2' });
    assert.throws(() => new RepeatedData(listOf([1]), 1.5), { message: 'RepeatedData: num must be -1 (forever) or a non-negative integer, got 1.5' });
  });
});
