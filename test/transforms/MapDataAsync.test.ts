import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFlowError, DataFromGenerator, MapDataAsync, RNG } from '../../src/index.ts';
import { collect, collectAsync, lengthsOver, listOf, recordingSource, takeAsync } from '../helpers.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('MapDataAsync', () => {
  it('ds yields 1, 2, 3 → MapDataAsync(ds, async (x) => x * 10, { concurrency: 2 }) yields 10, 20, 30', async () => {
    const flow = new MapDataAsync(listOf([1, 2, 3]), async (x) => x * 10, { concurrency: 2 });
    assert.equal(flow.isSync, false);
    assert.deepEqual(await collectAsync(flow), [10, 20, 30]);
    assert.deepEqual(await collectAsync(flow), [10, 20, 30]);
  });

  it('keeps the input order when calls finish in random order, and never exceeds the concurrency', async () => {
    const delays = new RNG(1);
    let inFlight = 0;
    let maxInFlight = 0;
    const flow = new MapDataAsync(listOf(range(40)), async (x) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(delays.int(4));
      inFlight--;
      return x * 2;
    }, { concurrency: 5 });
    assert.deepEqual(await collectAsync(flow), range(40).map((x) => x * 2));
    assert.equal(maxInFlight, 5);
    assert.equal(inFlight, 0);
  });

  it('the function gets the datapoint index and a signal; a plain (non-async) function works too', async () => {
    const seen: number[] = [];
    const flow = new MapDataAsync(listOf(['a', 'b']), (s, { index, signal }) => {
      assert.ok(signal instanceof AbortSignal);
      seen.push(index);
      return `${s}${index}`;
    });
    assert.deepEqual(await collectAsync(flow), ['a0', 'b1']);
    assert.deepEqual(seen, [0, 1]);
  });

  it('a null or undefined result drops the datapoint', async () => {
    const flow = new MapDataAsync(listOf(range(6)), async (x) => (x % 3 === 0 ? null : x % 3 === 1 ? undefined : x));
    assert.deepEqual(await collectAsync(flow), [2, 5]);
  });

  it('a rejection ends the pass with a DataFlowError naming the datapoint, keeping the cause; the upstream is closed', async () => {
    const { flow: source, events } = recordingSource(range(20));
    const cause = new Error('fetch failed');
    const flow = new MapDataAsync(source, async (x) => {
      if (x === 3) throw cause;
      await sleep(1);
      return x;
    }, { concurrency: 4 });
    const seen: number[] = [];
    await assert.rejects(async () => { for await (const x of flow) seen.push(x); }, (e) =>
      e instanceof DataFlowError && e.message === 'MapDataAsync: async map function threw at datapoint 3: fetch failed'
      && e.index === 3 && e.cause === cause);
    assert.deepEqual(seen, [0, 1, 2]);
    assert.deepEqual(events, ['open', 'close']);
  });

  it('an error of the upstream ends the pass unchanged, after the datapoints read before it', async () => {
    const error = new Error('disk gone');
    const upstream = new DataFromGenerator(async function* () {
      yield 1;
      throw error;
    });
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const x of new MapDataAsync(upstream, async (v) => v * 2)) seen.push(x);
    }, (e) => e === error);
    assert.deepEqual(seen, [2]); // what was read before the failure comes first, in order
  });

  it('breaking out aborts the signal of the calls in flight and closes the upstream', async () => {
    const { flow: source, events } = recordingSource(range(100), { async: true });
    const signals: AbortSignal[] = [];
    const flow = new MapDataAsync(source, async (x, { signal }) => {
      signals.push(signal);
      return x;
    }, { concurrency: 3 });
    assert.deepEqual(await takeAsync(flow, 2), [0, 1]);
    assert.deepEqual(events, ['open', 'close']);
    assert.ok(signals.length >= 2 && signals.every((s) => s.aborted));
  });

  it("an abort of the pass's signal reaches the function", async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const signals: AbortSignal[] = [];
    const flow = new MapDataAsync(listOf([1, 2]), (_, { signal }) => new Promise((_resolve, reject) => {
      signals.push(signal);
      signal.addEventListener('abort', () => reject(signal.reason));
    }));
    const done = collectAsync(flow.iterAsync({ signal: controller.signal }));
    await sleep(1);
    controller.abort(reason);
    await assert.rejects(done, (e) => e === reason);
    assert.equal(signals.length, 2);
    assert.ok(signals.every((s) => s.aborted && s.reason === reason));
  });

  it("length: the upstream's; an empty upstream yields nothing", async () => {
    assert.deepEqual(lengthsOver((ds) => new MapDataAsync(ds, async (x) => x)), [6, null, Infinity]);
    assert.deepEqual(await collectAsync(new MapDataAsync(listOf<number>([]), async (x) => x)), []);
  });

  it('is asynchronous: a sync iteration names it; bad arguments are DataFlowErrors', () => {
    assert.throws(() => collect(new MapDataAsync(listOf([1]), async (x) => x)), {
      message: 'MapDataAsync: cannot be iterated synchronously because MapDataAsync is asynchronous; use for await',
    });
    assert.throws(() => new MapDataAsync(listOf([1]), async (x) => x, { concurrency: 0 }), {
      name: 'DataFlowError', message: 'MapDataAsync: concurrency must be a positive integer, got 0',
    });
    assert.throws(() => new MapDataAsync(listOf([1]), null as unknown as () => number), { message: 'MapDataAsync: expects a function, got object' });
  });
});
