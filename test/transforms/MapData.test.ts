import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFlowError, MapData } from '../../src/index.ts';
import { collect, expectSequence, lengthsOver, listOf } from '../helpers.ts';

describe('MapData', () => {
  it('ds yields [1], [2], [3] → MapData(ds, ([x]) => [x * 10]) yields [10], [20], [30]', async () => {
    await expectSequence(new MapData(listOf([[1], [2], [3]]), ([x]) => [x! * 10]), [[10], [20], [30]]);
  });

  it('the function gets the datapoint index within the pass', async () => {
    const flow = new MapData(listOf(['a', 'b', 'c']), (s, i) => `${s}${i}`);
    await expectSequence(flow, ['a0', 'b1', 'c2']);
    await expectSequence(flow, ['a0', 'b1', 'c2']);
  });

  it('a null or undefined result drops the datapoint; 0, false and "" are kept', async () => {
    const flow = new MapData(listOf([1, 2, 3, 4, 5, 6]), (x) => [null, 0, undefined, false, '', x][x - 1]);
    await expectSequence(flow, [0, false, '', 6]);
  });

  it("length: the upstream's (an upper bound when the function drops)", () => {
    assert.deepEqual(lengthsOver((ds) => new MapData(ds, () => null)), [6, null, Infinity]);
  });

  it('a function that throws: a DataFlowError naming MapData and the datapoint, keeping the cause', () => {
    const cause = new TypeError('bad value');
    const flow = new MapData(listOf([1, 2, 3]), (x) => {
      if (x === 2) throw cause;
      return x;
    });
    try {
      collect(flow);
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof DataFlowError);
      assert.equal(e.message, 'MapData: map function threw at datapoint 1: bad value');
      assert.equal(e.flow, 'MapData');
      assert.equal(e.index, 1);
      assert.equal(e.cause, cause);
    }
    assert.throws(() => collect(new MapData(listOf([1]), () => { throw 'oops'; })), { message: 'MapData: map function threw at datapoint 0: oops' });
  });

  it('a DataFlowError thrown inside (a nested flow) passes through unchanged', () => {
    const inner = new DataFlowError('Inner', 'went wrong', { index: 7 });
    assert.throws(() => collect(new MapData(listOf([1]), () => { throw inner; })), (e) => e === inner);
  });

  it('an empty upstream yields nothing; a non-function is a DataFlowError', async () => {
    await expectSequence(new MapData(listOf<number>([]), (x) => x), []);
    assert.throws(() => new MapData(listOf([1]), 3 as unknown as () => number), { name: 'DataFlowError', message: 'MapData: expects a function, got number' });
  });
});
