import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFromGenerator, RandomMixData } from '../../src/index.ts';
import { collect, collectAsync, listOf, recordingSource, sorted, take } from '../helpers.ts';

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('RandomMixData', () => {
  it("yields every datapoint of every flow, interleaved at random, each flow's order kept", () => {
    const flow = new RandomMixData([listOf(range(0, 20)), listOf(range(100, 5)), listOf(range(200, 10))], { seed: 1 });
    assert.equal(flow.length, 35);
    const out = collect(flow);
    assert.equal(out.length, 35);
    assert.deepEqual(out.filter((x) => x < 100), range(0, 20));
    assert.deepEqual(out.filter((x) => x >= 100 && x < 200), range(100, 5));
    assert.deepEqual(out.filter((x) => x >= 200), range(200, 10));
    assert.notDeepEqual(out, sorted(out));
  });

  it('same seed → same interleaving, sync and async; a new one every pass', async () => {
    const make = (): RandomMixData<number> => new RandomMixData([listOf(range(0, 10)), listOf(range(100, 10))], { seed: 4 });
    const flow = make();
    const first = collect(flow);
    assert.deepEqual(collect(make()), first);
    assert.deepEqual(await collectAsync(make()), first);
    assert.notDeepEqual(collect(flow), first);
  });

  it('empty flows are fine', () => {
    assert.deepEqual(collect(new RandomMixData([listOf<number>([]), listOf([1])])), [1]);
  });

  it('a flow of unknown or infinite length is a DataFlowError; so is one that ends before its length', () => {
    const unknown = new DataFromGenerator(function* () { yield 1; });
    assert.throws(() => new RandomMixData([listOf([1]), unknown]), {
      name: 'DataFlowError', message: 'RandomMixData: flow 1 (DataFromGenerator) must have a known finite length, got null',
    });
    const endless = new DataFromGenerator(function* () { for (;;) yield 1; }, { size: Infinity });
    assert.throws(() => new RandomMixData([endless]), { message: 'RandomMixData: flow 0 (DataFromGenerator) must have a known finite length, got Infinity' });
    const liar = new DataFromGenerator(function* () { yield 1; }, { size: 3 });
    assert.throws(() => collect(new RandomMixData([liar])), { message: 'RandomMixData: flow 0 (DataFromGenerator) ended before its length 3' });
  });

  it('breaking out closes every flow that was opened', () => {
    const a = recordingSource([1, 2]);
    const b = recordingSource([3, 4]);
    const [first] = take(new RandomMixData([a.flow, b.flow], { seed: 2 }), 1);
    const [opened, untouched] = first! < 3 ? [a, b] : [b, a];
    assert.deepEqual([opened.events, untouched.events], [['open', 'close'], []]);
  });
});
