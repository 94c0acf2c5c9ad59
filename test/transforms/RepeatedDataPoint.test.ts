import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RepeatedDataPoint } from '../../src/index.ts';
import { collect, expectSequence, lengthsOver, listOf } from '../helpers.ts';

describe('RepeatedDataPoint', () => {
  it('ds yields 1, 2 → RepeatedDataPoint(ds, 2) yields 1, 1, 2, 2', async () => {
    await expectSequence(new RepeatedDataPoint(listOf([1, 2]), 2), [1, 1, 2, 2]);
  });

  it('yields the same object each time', () => {
    const dp = [1];
    const [a, b] = collect(new RepeatedDataPoint(listOf([dp]), 2));
    assert.ok(a === dp && b === dp);
  });

  it('length: upstream × num; an empty upstream yields nothing', async () => {
    assert.deepEqual(lengthsOver((ds) => new RepeatedDataPoint(ds, 3)), [18, null, Infinity]);
    await expectSequence(new RepeatedDataPoint(listOf([]), 3), []);
  });

  it('num must be a positive integer', () => {
    assert.throws(() => new RepeatedDataPoint(listOf([1]), 0), { name: 'DataFlowError', message: 'RepeatedDataPoint: num must be a positive integer, got 0' });
  });
});
