import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocallyShuffleData, type LocallyShuffleOptions } from '../../src/index.ts';
import { collect, collectAsync, expectSequence, lengthsOver, listOf } from '../helpers.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const counts = (xs: number[]): Map<number, number> => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<number, number>());

const modes: [string, LocallyShuffleOptions][] = [['default (random replacement)', {}], ["tensorpack's shuffleInterval", { shuffleInterval: 3 }]];

for (const [mode, options] of modes) {
  describe(`LocallyShuffleData, ${mode}`, () => {
    it('every pass is a permutation of the upstream, a different one each pass', () => {
      const flow = new LocallyShuffleData(listOf(range(100)), 10, { ...options, seed: 1 });
      const a = collect(flow);
      const b = collect(flow);
      assert.deepEqual([...a].sort((x, y) => x - y), range(100));
      assert.deepEqual([...b].sort((x, y) => x - y), range(100));
      assert.notDeepEqual(a, range(100));
      assert.notDeepEqual(a, b);
    });

    it('with numReuse, each datapoint exactly numReuse times per pass', () => {
      const flow = new LocallyShuffleData(listOf(range(30)), 8, { ...options, numReuse: 3, seed: 2 });
      assert.equal(flow.length, 90);
      const out = collect(flow);
      assert.equal(out.length, 90);
      assert.deepEqual([...counts(out).entries()].sort((x, y) => x[0] - y[0]), range(30).map((x) => [x, 3]));
    });

    it('same seed → same order (sync and async); another stream → another order', async () => {
      const make = (seed?: number): LocallyShuffleData<number> =>
        new LocallyShuffleData(listOf(range(50)), 7, seed === undefined ? options : { ...options, seed });
      const order = collect(make(3));
      assert.deepEqual(collect(make(3)), order);
      assert.deepEqual(await collectAsync(make(3)), order);
      const ctx = (seed: number, streamId: number): number[] => {
        const flow = make();
        flow.resetState({ seed, streamId });
        return collect(flow);
      };
      assert.deepEqual(ctx(8, 0), ctx(8, 0));
      assert.notDeepEqual(ctx(8, 0), ctx(8, 1));
      assert.notDeepEqual(ctx(8, 0), ctx(9, 0));
    });

    it('a buffer larger than the pass still yields everything; an empty upstream yields nothing', async () => {
      const out = collect(new LocallyShuffleData(listOf(range(5)), 100, { ...options, seed: 4 }));
      assert.deepEqual([...out].sort(), range(5));
      await expectSequence(new LocallyShuffleData(listOf<number>([]), 4, options), []);
    });
  });
}

describe('LocallyShuffleData', () => {
  it('ds yields 0..99 → each item comes out at most bufferSize - 1 places earlier than in ds', () => {
    const out = collect(new LocallyShuffleData(listOf(range(100)), 4, { seed: 5 }));
    out.forEach((x, pos) => assert.ok(pos >= x - 3, `${x} at ${pos}`));
  });

  it('shuffleInterval: a FIFO buffer between shuffles (no shuffle due: the upstream order)', () => {
    assert.deepEqual(collect(new LocallyShuffleData(listOf(range(10)), 4, { shuffleInterval: 1000, seed: 1 })), range(10));
  });

  it('length: upstream length × numReuse', () => {
    assert.deepEqual(lengthsOver((ds) => new LocallyShuffleData(ds, 4)), [6, null, Infinity]);
    assert.deepEqual(lengthsOver((ds) => new LocallyShuffleData(ds, 4, { numReuse: 2 })), [12, null, Infinity]);
  });

  it('bufferSize, numReuse and shuffleInterval must be positive integers', () => {
    const ds = listOf([1]);
    assert.throws(() => new LocallyShuffleData(ds, 0), { name: 'DataFlowError', message: 'LocallyShuffleData: bufferSize must be a positive integer, got 0' });
    assert.throws(() => new LocallyShuffleData(ds, 2, { numReuse: 0 }), { message: 'LocallyShuffleData: numReuse must be a positive integer, got 0' });
    assert.throws(() => new LocallyShuffleData(ds, 2, { shuffleInterval: 0.5 }), { message: 'LocallyShuffleData: shuffleInterval must be a positive integer, got 0.5' });
  });
});
