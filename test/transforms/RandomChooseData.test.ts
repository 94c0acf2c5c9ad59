import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RandomChooseData } from '../../src/index.ts';
import { collect, collectAsync, listOf, recordingSource } from '../helpers.ts';

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('RandomChooseData', () => {
  it('picks a flow at random at each step, keeping each flow in its own order', () => {
    const flow = new RandomChooseData([listOf(range(0, 50)), listOf(range(100, 50))], { seed: 1 });
    const out = collect(flow);
    const a = out.filter((x) => x < 100);
    const b = out.filter((x) => x >= 100);
    assert.deepEqual(a, range(0, a.length));
    assert.deepEqual(b, range(100, b.length));
    assert.ok(a.length > 0 && b.length > 0);
  });

  it('stops as soon as the chosen flow is exhausted (so at most all of one flow plus part of the others)', () => {
    const flow = new RandomChooseData([listOf([1, 2, 3]), listOf(range(100, 1000))], { seed: 2 });
    const out = collect(flow);
    assert.equal(out.filter((x) => x < 100).length, 3);
    assert.ok(out.length < 1003);
  });

  it('same seed → same sequence, sync and async; another seed or stream → another', async () => {
    const make = (seed?: number): RandomChooseData<number> => new RandomChooseData([listOf(range(0, 30)), listOf(range(100, 30))], seed === undefined ? {} : { seed });
    const seeded = collect(make(5));
    assert.deepEqual(collect(make(5)), seeded);
    assert.deepEqual(await collectAsync(make(5)), seeded);
    assert.notDeepEqual(collect(make(6)), seeded);
    const ctx = (streamId: number): number[] => {
      const flow = make();
      flow.resetState({ seed: 5, streamId });
      return collect(flow);
    };
    assert.deepEqual(ctx(0), ctx(0));
    assert.notDeepEqual(ctx(0), ctx(1));
  });

  it('weights: a flow is chosen with its weight', () => {
    const out = collect(new RandomChooseData([listOf(new Array(10000).fill('a')), listOf(new Array(10000).fill('b'))], { weights: [0.9, 0.1], seed: 3 }));
    const share = out.filter((x) => x === 'a').length / out.length;
    assert.ok(Math.abs(share - 0.9) < 0.03, `share of a: ${share}`);
    const only = collect(new RandomChooseData([listOf(['a']), listOf(['b', 'b'])], { weights: [0, 1], seed: 3 }));
    assert.deepEqual(only, ['b', 'b']);
  });

  it('length: unknown; breaking out or ending closes every flow', () => {
    const a = recordingSource([1, 2]);
    const b = recordingSource([3, 4]);
    const flow = new RandomChooseData([a.flow, b.flow], { seed: 1 });
    assert.equal(flow.length, null);
    collect(flow);
    assert.deepEqual([a.events, b.events], [['open', 'close'], ['open', 'close']]);
  });

  it('weights that do not sum to 1 (±1e-6), or do not fit the flows, are DataFlowErrors', () => {
    const flows = [listOf([1]), listOf([2])];
    assert.throws(() => new RandomChooseData(flows, { weights: [0.5, 0.6] }), {
      name: 'DataFlowError', message: 'RandomChooseData: weights must sum to 1 (±1e-6), got [0.5, 0.6] summing to 1.1',
    });
    assert.throws(() => new RandomChooseData(flows, { weights: [0.5, 0.499998] }), { message: /^RandomChooseData: weights must sum to 1 \(±1e-6\)/ });
    assert.doesNotThrow(() => new RandomChooseData(flows, { weights: [0.5, 0.4999995] }));
    assert.doesNotThrow(() => new RandomChooseData([listOf([1]), listOf([2]), listOf([3])], { weights: [0.1, 0.2, 0.7] }));
    assert.throws(() => new RandomChooseData(flows, { weights: [1] }), { message: 'RandomChooseData: got 1 weights for 2 flows' });
    assert.throws(() => new RandomChooseData(flows, { weights: [1.5, -0.5] }), { message: 'RandomChooseData: weights must be non-negative numbers, got [1.5, -0.5]' });
    assert.throws(() => new RandomChooseData([]), { message: 'RandomChooseData: expects a non-empty list of flows' });
  });
});
