import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BatchData, BatchDataByShape, CacheData, ConcatData, FilterData, FixedSizeData, LocallyShuffleData, MapData, MapDataAsync,
  MapDataComponent, NDArray, PrintData, RepeatedData, RepeatedDataPoint, SelectComponent, TestDataSpeed,
} from '../../src/index.ts';
import { collect, collectAsync, listOf, take } from '../helpers.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('fluent facade', () => {
  it("flow.map(f).shuffle(n).batch(b) builds the same flows as tensorpack's nesting, with the same output", async () => {
    const fluent = listOf(range(20)).map((x) => [x * 2] as [number]).shuffle(5, { seed: 1 }).batch(4);
    const nested = new BatchData(new LocallyShuffleData(new MapData(listOf(range(20)), (x) => [x * 2] as [number]), 5, { seed: 1 }), 4);
    assert.ok(fluent instanceof BatchData);
    assert.ok(fluent.upstream instanceof LocallyShuffleData);
    assert.ok(fluent.upstream.upstream instanceof MapData);
    assert.equal(fluent.length, 5);
    assert.deepEqual(collect(fluent), collect(nested));
    assert.deepEqual(await collectAsync(fluent), await collectAsync(nested));
  });

  it('each method is its flow', () => {
    const ds = listOf<[number, number]>([[1, 2], [3, 4]]);
    const shaped = listOf<[NDArray<'float32'>]>([]);
    const cases: [unknown, new (...args: never[]) => unknown][] = [
      [ds.map((x) => x), MapData],
      [ds.filter(() => true), FilterData],
      [ds.mapComponent((x) => x, 0), MapDataComponent],
      [ds.select([1]), SelectComponent],
      [ds.mapAsync(async (x) => x), MapDataAsync],
      [ds.batch(2), BatchData],
      [shaped.batchByShape(2, 0), BatchDataByShape],
      [ds.shuffle(2), LocallyShuffleData],
      [ds.repeat(), RepeatedData],
      [ds.repeatDatapoint(2), RepeatedDataPoint],
      [ds.fixedSize(3), FixedSizeData],
      [ds.cache(), CacheData],
      [ds.concat(ds), ConcatData],
      [ds.print(), PrintData],
      [ds.speed(), TestDataSpeed],
    ];
    for (const [flow, cls] of cases) assert.ok(flow instanceof cls, `${String(flow?.constructor.name)} is not ${cls.name}`);
  });

  it('the options and arguments reach the flows', async () => {
    const ds = listOf<[number, number]>([[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(collect(ds.select([1, 0])), [[2, 1], [4, 3], [6, 5]]);
    assert.deepEqual(collect(ds.mapComponent((x) => x * 10, 1)), [[1, 20], [3, 40], [5, 60]]);
    assert.deepEqual(collect(ds.filter(([a]) => a > 1)), [[3, 4], [5, 6]]);
    assert.deepEqual(await collectAsync(ds.mapAsync(async ([a]) => a, { concurrency: 1 })), [1, 3, 5]);
    assert.equal(ds.batch(2, { remainder: true }).length, 2);
    assert.deepEqual(collect(ds.batch(2, { useList: true })), [[[1, 3], [2, 4]]]);
    assert.equal(ds.repeat().length, Infinity);
    assert.deepEqual(take(ds.repeat(), 4), [[1, 2], [3, 4], [5, 6], [1, 2]]);
    assert.equal(ds.repeat(2).length, 6);
    assert.equal(ds.repeatDatapoint(2).length, 6);
    const fixed = ds.fixedSize(2, { keepState: false });
    assert.deepEqual([collect(fixed), collect(fixed)], [[[1, 2], [3, 4]], [[1, 2], [3, 4]]]);
    assert.deepEqual(collect(ds.concat(listOf<[number, number]>([[7, 8]]))), [[1, 2], [3, 4], [5, 6], [7, 8]]);
    assert.equal(ds.shuffle(2, { numReuse: 2 }).length, 6);
    const lines: string[] = [];
    collect(ds.print({ name: 'p', log: (l) => lines.push(l) }));
    assert.equal(lines.length, 1);
    assert.equal(ds.cache({ shuffle: true, seed: 1 }).length, 3);
  });
});
