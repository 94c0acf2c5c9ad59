import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BatchData, ConcatData, DataFlow, DataFlowError, DataFromGenerator, DataFromList, MapData, MapDataAsync,
  type ResetContext,
} from '../../src/index.ts';
import { collect, collectAsync, recordingSource, sorted, take, takeAsync } from '../helpers.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A DataFromList that counts its resets. */
class CountingList extends DataFromList<number> {
  resets: ResetContext[] = [];
  protected override onReset(context: ResetContext): void {
    this.resets.push(context);
    super.onReset(context);
  }
}

describe('DataFlow contract', () => {
  it('sync and async iteration give the same sequence (same seed)', async () => {
    const flow = new DataFromList(range(20)).map((x) => (x % 3 === 0 ? null : [x] as [number])).shuffle(4).batch(3, { remainder: true });
    flow.resetState({ seed: 7 });
    const sync = collect(flow);
    flow.resetState({ seed: 7 });
    const async = await collectAsync(flow);
    assert.deepEqual(async, sync);
    assert.deepEqual(sorted(sync.flatMap(([b]) => b.toArray())), sorted(range(20).filter((x) => x % 3 !== 0)));
  });

  it('is re-iterable: every iteration is a new pass', async () => {
    const flow = new DataFromList([1, 2, 3], { shuffle: false }).map((x) => x * 2);
    assert.deepEqual(collect(flow), [2, 4, 6]);
    assert.deepEqual(collect(flow), [2, 4, 6]);
    assert.deepEqual(await collectAsync(flow), [2, 4, 6]);
  });

  it('a sync iteration over a flow with an async stage throws, naming that stage', () => {
    const list = new DataFromList([1, 2], { shuffle: false });
    const flow = new MapData(new MapDataAsync(list, async (x) => x), (x) => x);
    assert.equal(flow.isSync, false);
    assert.throws(() => collect(flow), {
      name: 'DataFlowError',
      message: 'MapData: cannot be iterated synchronously because MapDataAsync is asynchronous; use for await',
    });
    const fromAsyncSource = new BatchData(new DataFromGenerator(async function* () { yield [1]; }), 1);
    assert.throws(() => collect(fromAsyncSource), {
      message: 'BatchData: cannot be iterated synchronously because DataFromGenerator is asynchronous; use for await',
    });
  });

  it('iterating before resetState() resets once, with no context; later passes do not reset again', () => {
    const list = new CountingList([1, 2, 3]);
    const flow = list.map((x) => x);
    assert.equal(sorted(collect(flow)).join(), '1,2,3');
    assert.equal(sorted(collect(flow)).join(), '1,2,3');
    assert.deepEqual(list.resets, [{}]);
    flow.resetState({ seed: 3, streamId: 1 });
    collect(flow);
    assert.deepEqual(list.resets, [{}, { seed: 3, streamId: 1 }]);
  });

  it('an explicit resetState(context) is what the passes use', () => {
    const make = (): DataFlow<number> => new DataFromList(range(10)).map((x) => x);
    const a = make();
    const b = make();
    a.resetState({ seed: 11 });
    b.resetState({ seed: 11 });
    assert.deepEqual([collect(a), collect(a)], [collect(b), collect(b)]);
  });

  it('length is a number, Infinity or null (unknown), and never throws', () => {
    assert.equal(new DataFromList([1, 2, 3]).length, 3);
    assert.equal(new DataFromGenerator(function* () { yield 1; }).length, null);
    assert.equal(new DataFromGenerator(function* () { yield 1; }, { size: Infinity }).length, Infinity);
  });

  it('a non-flow where a flow is expected is a DataFlowError naming the flow and what it got', () => {
    const f = (x: unknown): unknown => x;
    assert.throws(() => new MapData({} as unknown as DataFlow<unknown>, f), {
      name: 'DataFlowError', message: 'MapData: argument 0 must be a DataFlow, got Object',
    });
    assert.throws(() => new MapData(null as unknown as DataFlow<unknown>, f), { message: 'MapData: argument 0 must be a DataFlow, got null' });
    assert.throws(() => new BatchData([1, 2] as unknown as DataFlow<number[]>, 2), { message: 'BatchData: argument 0 must be a DataFlow, got Array' });
    const ok = new DataFromList([1]);
    assert.throws(() => new ConcatData([ok, 5 as unknown as DataFlow<number>]), { message: 'ConcatData: argument 1 must be a DataFlow, got number' });
    try {
      new MapData(undefined as unknown as DataFlow<unknown>, f);
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof DataFlowError);
      assert.equal(e.flow, 'MapData');
      assert.equal(e.message, 'MapData: argument 0 must be a DataFlow, got undefined');
    }
  });
});

describe('breaking out of a loop calls return() down the chain', () => {
  it('sync source, for...of', () => {
    const { flow, events } = recordingSource([1, 2, 3, 4]);
    assert.deepEqual(take(flow, 2), [1, 2]);
    assert.deepEqual(events, ['open', 'close']);
  });

  it('sync source, for await', async () => {
    const { flow, events } = recordingSource([1, 2, 3, 4]);
    assert.deepEqual(await takeAsync(flow, 2), [1, 2]);
    assert.deepEqual(events, ['open', 'close']);
  });

  it('async source, for await', async () => {
    const { flow, events } = recordingSource([1, 2, 3, 4], { async: true });
    assert.deepEqual(await takeAsync(flow, 2), [1, 2]);
    assert.deepEqual(events, ['open', 'close']);
  });

  it('a fused chain (map → filter → batch), sync and async', async () => {
    const sync = recordingSource(range(100));
    const chain = sync.flow.map((x) => [x] as [number]).filter(([x]) => x % 2 === 0).batch(2);
    assert.deepEqual(take(chain, 1).map(([b]) => b.toArray()), [[0, 2]]);
    assert.deepEqual(sync.events, ['open', 'close']);

    const async = recordingSource(range(100), { async: true });
    const asyncChain = async.flow.map((x) => [x] as [number]).filter(([x]) => x % 2 === 0).batch(2);
    assert.deepEqual((await takeAsync(asyncChain, 2)).map(([b]) => b.toArray()), [[0, 2], [4, 6]]);
    assert.deepEqual(async.events, ['open', 'close']);
  });

  it('through MapDataAsync, and through a stage above it', async () => {
    const { flow, events } = recordingSource(range(100));
    const chain = flow.mapAsync(async (x) => x * 2, { concurrency: 4 }).map((x) => x + 1);
    assert.deepEqual(await takeAsync(chain, 3), [1, 3, 5]);
    assert.deepEqual(events, ['open', 'close']);
  });

  it('when a stage throws, the source is closed too', async () => {
    const { flow, events } = recordingSource(range(10));
    const chain = flow.map((x) => { if (x === 2) throw new Error('boom'); return x; });
    assert.throws(() => collect(chain), { message: 'MapData: map function threw at datapoint 2: boom' });
    assert.deepEqual(events, ['open', 'close']);
    await assert.rejects(collectAsync(chain), { message: 'MapData: map function threw at datapoint 2: boom' });
    assert.deepEqual(events, ['open', 'close', 'open', 'close']);
  });
});

describe('iterAsync({ signal })', () => {
  for (const async of [false, true]) {
    it(`aborting ends ${async ? 'an async' : 'a sync'} chain with the reason and closes the source`, async () => {
      const { flow, events } = recordingSource(range(10), { async });
      const controller = new AbortController();
      const reason = new Error('stop');
      const seen: number[] = [];
      await assert.rejects(async () => {
        for await (const x of flow.map((v) => v * 10).iterAsync({ signal: controller.signal })) {
          seen.push(x);
          if (seen.length === 2) controller.abort(reason);
        }
      }, (e) => e === reason);
      assert.deepEqual(seen, [0, 10]);
      assert.deepEqual(events, ['open', 'close']);
    });
  }

  it('aborting interrupts a source that is waiting', async () => {
    const never = new DataFromGenerator(async function* () {
      yield 1;
      await new Promise(() => {});
    });
    const controller = new AbortController();
    const reason = new Error('timeout');
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const x of never.map((v) => v).iterAsync({ signal: controller.signal })) {
        seen.push(x);
        setTimeout(() => controller.abort(reason), 5);
      }
    }, (e) => e === reason);
    assert.deepEqual(seen, [1]);
  });

  it('an already aborted signal yields nothing', async () => {
    const reason = new Error('before');
    const flow = new DataFromList([1, 2], { shuffle: false });
    await assert.rejects(collectAsync(flow.iterAsync({ signal: AbortSignal.abort(reason) })), (e) => e === reason);
  });
});
