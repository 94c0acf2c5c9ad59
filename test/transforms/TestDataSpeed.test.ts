import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFromGenerator, TestDataSpeed } from '../../src/index.ts';
import { collect, lengthsOver, listOf, textStream } from '../helpers.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('TestDataSpeed', () => {
  it('start() consumes `size` datapoints and returns { count, seconds, perSecond }', () => {
    const { stream, text } = textStream();
    const result = new TestDataSpeed(listOf(range(100)), { size: 40, stream }).start();
    assert.equal(result.count, 40);
    assert.ok(result.seconds > 0 && result.perSecond === result.count / result.seconds);
    assert.match(text(), /^DataFromList: 40 datapoints in \d+\.\d{3} s, \d+\.\d datapoints\/s\n$/);
  });

  it('warm-up and size run across passes when the flow is shorter', () => {
    let passes = 0;
    const flow = new DataFromGenerator(function* () {
      passes++;
      yield* range(10);
    });
    const { stream } = textStream();
    const result = new TestDataSpeed(flow, { size: 25, warmup: 5, stream }).start();
    assert.equal(result.count, 25);
    assert.equal(passes, 3);
  });

  it('startAsync() times async flows', async () => {
    const flow = new DataFromGenerator(async function* () { yield* range(30); });
    const { stream } = textStream();
    assert.equal((await new TestDataSpeed(flow, { size: 20, stream }).startAsync()).count, 20);
    await assert.rejects(new TestDataSpeed(flow, { size: 1, stream }).startAsync(AbortSignal.abort(new Error('stop'))), { message: 'stop' });
    assert.throws(() => new TestDataSpeed(flow, { stream }).start(), {
      name: 'DataFlowError', message: 'TestDataSpeed: DataFromGenerator is asynchronous; use startAsync()',
    });
  });

  it('an empty flow ends with count 0 (no endless loop)', () => {
    const { stream } = textStream();
    assert.equal(new TestDataSpeed(listOf([]), { size: 10, stream }).start().count, 0);
  });

  it("iterating it passes datapoints through; length: the upstream's", () => {
    assert.deepEqual(collect(new TestDataSpeed(listOf([1, 2]))), [1, 2]);
    assert.deepEqual(lengthsOver((ds) => new TestDataSpeed(ds)), [6, null, Infinity]);
  });

  it('size and warmup are checked', () => {
    assert.throws(() => new TestDataSpeed(listOf([1]), { size: 0 }), { name: 'DataFlowError', message: 'TestDataSpeed: size must be a positive integer, got 0' });
    assert.throws(() => new TestDataSpeed(listOf([1]), { warmup: -1 }), { message: 'TestDataSpeed: warmup must be a non-negative integer, got -1' });
  });
});
