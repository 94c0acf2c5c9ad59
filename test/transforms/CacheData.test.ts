import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CacheData, DataFromGenerator } from '../../src/index.ts';
import { collect, collectAsync, expectSequence, lengthsOver, take } from '../helpers.ts';

/** A source over `values` that counts its passes and datapoints pulled. */
function counted<T>(values: readonly T[], async = false): { flow: DataFromGenerator<T>; passes: () => number; pulled: () => number } {
  let passes = 0;
  let pulled = 0;
  const gen = function* (): Generator<T> {
    passes++;
    for (const v of values) {
      pulled++;
      yield v;
    }
  };
  const flow = async
    ? new DataFromGenerator(async function* () { yield* gen(); })
    : new DataFromGenerator(gen);
  return { flow, passes: () => passes, pulled: () => pulled };
}

describe('CacheData', () => {
  it('ds yields 1, 2, 3 → CacheData(ds) yields 1, 2, 3 ; 1, 2, 3, the second pass without touching ds', async () => {
    const src = counted([1, 2, 3]);
    const flow = new CacheData(src.flow);
    assert.deepEqual(collect(flow), [1, 2, 3]);
    assert.deepEqual(collect(flow), [1, 2, 3]);
    assert.deepEqual(await collectAsync(flow), [1, 2, 3]);
    assert.deepEqual([src.passes(), src.pulled()], [1, 3]);
  });

  it('an async upstream is cached too, and the cache is then synchronous', async () => {
    const src = counted(['a', 'b'], true);
    const flow = new CacheData(src.flow);
    assert.equal(flow.isSync, false);
    assert.deepEqual(await collectAsync(flow), ['a', 'b']);
    assert.equal(flow.isSync, true);
    assert.deepEqual(collect(flow), ['a', 'b']);
    assert.equal(src.passes(), 1);
  });

  it('a pass broken off early caches nothing', () => {
    const src = counted([1, 2, 3]);
    const flow = new CacheData(src.flow);
    assert.deepEqual(take(flow, 2), [1, 2]);
    assert.deepEqual(collect(flow), [1, 2, 3]);
    assert.deepEqual(collect(flow), [1, 2, 3]);
    assert.equal(src.passes(), 2);
  });

  it('shuffle: the first pass in upstream order, the replays shuffled (seeded)', () => {
    const values = Array.from({ length: 30 }, (_, i) => i);
    const make = (): CacheData<number> => new CacheData(counted(values).flow, { shuffle: true, seed: 1 });
    const flow = make();
    assert.deepEqual(collect(flow), values);
    const second = collect(flow);
    const third = collect(flow);
    assert.deepEqual([...second].sort((a, b) => a - b), values);
    assert.notDeepEqual(second, values);
    assert.notDeepEqual(second, third);
    const again = make();
    collect(again);
    assert.deepEqual(collect(again), second);
  });

  it("length: the upstream's, then the cache's; an empty upstream is cached as empty", async () => {
    assert.deepEqual(lengthsOver((ds) => new CacheData(ds)), [6, null, Infinity]);
    const flow = new CacheData(counted([1, 2]).flow);
    assert.equal(flow.length, null);
    collect(flow);
    assert.equal(flow.length, 2);
    const empty = counted<number>([]);
    const emptyCache = new CacheData(empty.flow);
    await expectSequence(emptyCache, []);
    assert.equal(empty.passes(), 1);
  });
});
