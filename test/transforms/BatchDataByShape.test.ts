import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchDataByShape, NDArray } from '../../src/index.ts';
import { collect, expectSequence, lengthsOver, listOf } from '../helpers.ts';

const arr = (...v: number[]): NDArray<'float32'> => NDArray.from(new Float32Array(v));

describe('BatchDataByShape', () => {
  it('shapes of component 0: [2],[3],[2],[3] → BatchDataByShape(ds, 2, 0) yields a [2,2] batch, then a [2,3] batch', async () => {
    const ds = listOf<[NDArray<'float32'>, number]>([[arr(1, 2), 0], [arr(1, 2, 3), 1], [arr(3, 4), 2], [arr(4, 5, 6), 3]]);
    await expectSequence(new BatchDataByShape(ds, 2, 0), [
      [NDArray.from(new Float32Array([1, 2, 3, 4]), [2, 2]), NDArray.from(new Int32Array([0, 2]))],
      [NDArray.from(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]), NDArray.from(new Int32Array([1, 3]))],
    ]);
  });

  it('groups left short at the end of a pass are dropped', async () => {
    const ds = listOf<[NDArray<'float32'>]>([[arr(1)], [arr(1, 2)], [arr(2)], [arr(3)]]);
    await expectSequence(new BatchDataByShape(ds, 2, 0), [[NDArray.from(new Float32Array([1, 2]), [2, 1])]]);
    await expectSequence(new BatchDataByShape(listOf<[NDArray<'float32'>]>([]), 2, 0), []);
  });

  it('length: unknown (Infinity for an infinite upstream)', () => {
    const ds = listOf<[NDArray<'float32'>]>([[arr(1)]]);
    assert.equal(new BatchDataByShape(ds, 1, 0).length, null);
    assert.deepEqual(lengthsOver((d) => new BatchDataByShape(d, 2, 0)), [null, null, Infinity]);
  });

  it('a component that is not an NDArray, and a bad batchSize, are DataFlowErrors', () => {
    assert.throws(() => collect(new BatchDataByShape(listOf<[NDArray<'float32'>] | [number]>([[arr(1)], [5]]), 2, 0)), {
      name: 'DataFlowError', message: 'BatchDataByShape: component 0 of datapoint 1 must be an NDArray to group by its shape',
    });
    assert.throws(() => new BatchDataByShape(listOf<[number]>([]), 0, 0), { message: 'BatchDataByShape: batchSize must be a positive integer, got 0' });
  });
});
