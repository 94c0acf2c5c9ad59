import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MapDataComponent } from '../../src/index.ts';
import { collect, expectSequence, lengthsOver, listOf } from '../helpers.ts';

describe('MapDataComponent', () => {
  it("ds yields [1, 'a'], [2, 'b'] → MapDataComponent(ds, (x) => x * 10, 0) yields [10, 'a'], [20, 'b']", async () => {
    const ds = listOf<[number, string]>([[1, 'a'], [2, 'b']]);
    await expectSequence(new MapDataComponent(ds, (x) => x * 10, 0), [[10, 'a'], [20, 'b']]);
    await expectSequence(new MapDataComponent(ds, (s, i) => `${s}${i}`, 1), [[1, 'a0'], [2, 'b1']]);
  });

  it('by key on records', async () => {
    const ds = listOf([{ img: 1, label: 'x' }, { img: 2, label: 'y' }]);
    await expectSequence(new MapDataComponent(ds, (v) => v + 0.5, 'img'), [{ img: 1.5, label: 'x' }, { img: 2.5, label: 'y' }]);
  });

  it('copies the datapoint: the upstream datapoint is never changed', () => {
    const dp: [number, string] = [1, 'a'];
    const [out] = collect(new MapDataComponent(listOf([dp]), (x) => x + 1, 0));
    assert.deepEqual([dp, out], [[1, 'a'], [2, 'a']]);
  });

  it('a null or undefined result drops the datapoint', async () => {
    const ds = listOf<[number]>([[1], [2], [3]]);
    await expectSequence(new MapDataComponent(ds, (x) => (x === 2 ? null : x), 0), [[1], [3]]);
  });

  it("length: the upstream's", () => {
    assert.deepEqual(lengthsOver((ds) => new MapDataComponent(ds, (x) => x, 0)), [6, null, Infinity]);
  });

  it('a missing component, a throwing function and a bad component argument are DataFlowErrors', () => {
    const records = listOf<{ a?: number }>([{ a: 1 }, {}]);
    assert.throws(() => collect(new MapDataComponent(records, (x) => x, 'a')), {
      name: 'DataFlowError', message: 'MapDataComponent: datapoint 1 has no component a',
    });
    const cause = new Error('bad');
    assert.throws(() => collect(new MapDataComponent(listOf<[number]>([[1]]), () => { throw cause; }, 0)), (e: Error) =>
      e.message === 'MapDataComponent: map function threw at datapoint 0: bad' && e.cause === cause);
    assert.throws(() => new MapDataComponent(listOf<[number]>([[1]]), (x) => x, {} as unknown as 0), {
      message: 'MapDataComponent: component must be an index or a key, got object',
    });
  });
});
