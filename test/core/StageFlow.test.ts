import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFlow, DataFromGenerator, DataFromList, Stage, StageFlow, type Length, type Sink } from '../../src/index.ts';
import { collect, collectAsync, expectSequence, recordingSource, take } from '../helpers.ts';

/** A user-written StageFlow: yields running sums, and the total once more at the end of a pass. */
class RunningSum extends StageFlow<number, number> {
  constructor(ds: DataFlow<number>) {
    super(ds);
  }

  get length(): Length {
    const n = this.upstream.length;
    return n === null ? null : n + 1;
  }

  createStage(next: Sink<number>): Stage<number, number> {
    let sum = 0;
    return new (class extends Stage<number, number> {
      push(x: number): void {
        sum += x;
        this.next.push(sum);
      }

      override flush(): void {
        this.next.push(sum);
        this.next.flush();
      }
    })(next);
  }
}

/** A source that counts how many datapoints were pulled from it. */
function countingSource(n: number): { flow: DataFlow<number>; pulled: () => number } {
  let pulled = 0;
  const flow = new DataFromGenerator(function* () {
    for (let i = 0; i < n; i++) {
      pulled++;
      yield i;
    }
  }, { size: n });
  return { flow, pulled: () => pulled };
}

describe('StageFlow', () => {
  it('a user-written stage: push per datapoint, flush at the end of each pass', async () => {
    const flow = new RunningSum(new DataFromList([1, 2, 3], { shuffle: false }));
    assert.equal(flow.length, 4);
    await expectSequence(flow, [1, 3, 6, 6]);
  });

  it('a fused chain pulls from the source only as far as the consumer needs', () => {
    const { flow, pulled } = countingSource(100);
    const chain = flow.map((x) => x + 1).filter((x) => x % 2 === 0).map((x) => [x] as [number]);
    assert.deepEqual(take(chain, 1), [[2]]);
    assert.equal(pulled(), 2);
    const batched = countingSource(100);
    assert.equal(take(batched.flow.map((x) => [x] as [number]).batch(4), 1).length, 1);
    assert.equal(batched.pulled(), 4);
  });

  it('each pass gets fresh stages: passes may run interleaved without sharing state', () => {
    const flow = new RunningSum(new DataFromList([1, 2, 3], { shuffle: false }));
    const a = flow[Symbol.iterator]();
    const b = flow[Symbol.iterator]();
    assert.deepEqual([a.next().value, b.next().value, a.next().value, b.next().value], [1, 1, 3, 3]);
    assert.deepEqual(collect(flow), [1, 3, 6, 6]);
  });

  it('a stage that emits several datapoints per input yields them all, in order', async () => {
    const flow = new DataFromList([1, 2], { shuffle: false }).repeatDatapoint(3).map((x) => x * 10);
    await expectSequence(flow, [10, 10, 10, 20, 20, 20]);
  });

  it('a StageFlow over a non-stage flow fuses from there (the flow below is iterated as a source)', async () => {
    const { flow, events } = recordingSource([1, 2, 3]);
    const chain = flow.map((x) => x * 2).concat(new DataFromList([7], { shuffle: false })).map((x) => x + 1);
    await expectSequence(chain, [3, 5, 7, 8]);
    assert.deepEqual(events, ['open', 'close', 'open', 'close']);
  });

  it('an empty source: stages are flushed and nothing is yielded', async () => {
    const flow = new RunningSum(new DataFromList([], { shuffle: false }));
    await expectSequence(flow, [0]);
    assert.deepEqual(await collectAsync(new DataFromList<number>([]).map((x) => x)), []);
  });
});
