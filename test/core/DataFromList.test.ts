import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFromList } from '../../src/index.ts';
import { collect, collectAsync, expectSequence, sorted } from '../helpers.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('DataFromList', () => {
  it("yields the list's order with { shuffle: false }; length is the list's", async () => {
    const flow = new DataFromList([[1], [2], [3]], { shuffle: false });
    assert.equal(flow.length, 3);
    await expectSequence(flow, [[1], [2], [3]]);
  });

  it("shuffles by default (tensorpack's default), a new permutation every pass", () => {
    const flow = new DataFromList(range(30));
    flow.resetState({ seed: 1 });
    const a = collect(flow);
    const b = collect(flow);
    assert.deepEqual(sorted(a), sorted(range(30)));
    assert.deepEqual(sorted(b), sorted(range(30)));
    assert.notDeepEqual(a, range(30));
    assert.notDeepEqual(a, b);
  });

  it('same seed → same passes; another streamId → another order', async () => {
    const passes = (ctx: { seed?: number; streamId?: number }, own?: number): number[][] => {
      const flow = new DataFromList(range(20), own === undefined ? {} : { seed: own });
      flow.resetState(ctx);
      return [collect(flow), collect(flow)];
    };
    assert.deepEqual(passes({ seed: 5 }), passes({ seed: 5 }));
    assert.notDeepEqual(passes({ seed: 5 }), passes({ seed: 6 }));
    assert.notDeepEqual(passes({ seed: 5 }), passes({ seed: 5, streamId: 1 }));
    assert.deepEqual(passes({}, 3), passes({ seed: 123 }, 3)); // its own seed wins over the context's
    const flow = new DataFromList(range(20), { seed: 9 });
    flow.resetState();
    const sync = collect(flow);
    flow.resetState();
    assert.deepEqual(await collectAsync(flow), sync);
  });

  it('an empty list yields nothing', async () => {
    const flow = new DataFromList([]);
    assert.equal(flow.length, 0);
    await expectSequence(flow, []);
  });

  it('a non-array is a DataFlowError', () => {
    assert.throws(() => new DataFromList('abc' as unknown as string[]), { name: 'DataFlowError', message: 'DataFromList: expects an array, got string' });
  });
});
