import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFromGenerator, JoinData, type Datapoint } from '../../src/index.ts';
import { collect, collectAsync, expectSequence, listOf, recordingSource, take } from '../helpers.ts';

describe('JoinData', () => {
  it("a yields [1], [2] and b yields ['x'], ['y'] → JoinData([a, b]) yields [1, 'x'], [2, 'y']", async () => {
    const flow = new JoinData([listOf<[number]>([[1], [2]]), listOf<[string]>([['x'], ['y']])]);
    assert.equal(flow.length, 2);
    await expectSequence(flow, [[1, 'x'], [2, 'y']]);
  });

  it('records are merged', async () => {
    const flow = new JoinData([listOf([{ img: 1 }, { img: 2 }]), listOf([{ label: 'a' }, { label: 'b' }])]);
    await expectSequence(flow, [{ img: 1, label: 'a' }, { img: 2, label: 'b' }]);
  });

  it('stops when the shortest flow ends, and closes the others; length: the minimum', async () => {
    const long = recordingSource<[number]>([[1], [2], [3]]);
    const flow = new JoinData([long.flow, listOf<[string]>([['a'], ['b']])]);
    assert.equal(flow.length, 2);
    await expectSequence(flow, [[1, 'a'], [2, 'b']]);
    assert.deepEqual(long.events, ['open', 'close', 'open', 'close']);
    const unknown = new DataFromGenerator(function* (): Generator<[number]> { yield [1]; });
    assert.equal(new JoinData([unknown, listOf<[number]>([[1]])]).length, null);
    const endless = new DataFromGenerator(function* (): Generator<[number]> { for (;;) yield [1]; }, { size: Infinity });
    assert.equal(new JoinData([endless, listOf<[number]>([[1], [2]])]).length, 2);
    assert.equal(new JoinData([endless, endless]).length, Infinity);
  });

  it('an async flow among them: joined asynchronously', async () => {
    const async = new DataFromGenerator(async function* (): AsyncGenerator<[string]> { yield ['x']; yield ['y']; });
    const flow = new JoinData([listOf<[number]>([[1], [2], [3]]), async]);
    assert.deepEqual(await collectAsync(flow), [[1, 'x'], [2, 'y']]);
  });

  it('breaking out closes every flow', () => {
    const a = recordingSource<[number]>([[1], [2]]);
    const b = recordingSource<[number]>([[3], [4]]);
    assert.deepEqual(take(new JoinData([a.flow, b.flow]), 1), [[1, 3]]);
    assert.deepEqual([a.events, b.events], [['open', 'close'], ['open', 'close']]);
  });

  it('a key in two flows, or tuples with records, are DataFlowErrors naming the datapoint', () => {
    assert.throws(() => collect(new JoinData([listOf([{ a: 1 }]), listOf([{ a: 2 }])])), {
      name: 'DataFlowError', message: "JoinData: datapoint 0: key 'a' is in two flows",
    });
    assert.throws(() => collect(new JoinData([listOf<Datapoint>([{ a: 1 }]), listOf<Datapoint>([[2]])])), {
      message: 'JoinData: datapoint 0 of flow 1 is not a record while others are; cannot join tuples with records',
    });
    assert.throws(() => new JoinData([]), { message: 'JoinData: expects a non-empty list of flows' });
  });
});
