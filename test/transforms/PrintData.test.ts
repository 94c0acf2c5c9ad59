import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeComponent, NDArray, numberToFloat16Bits, PrintData } from '../../src/index.ts';
import { collect, expectSequence, lengthsOver, listOf } from '../helpers.ts';

describe('PrintData', () => {
  it('passes datapoints through and describes the first `num` of each pass', async () => {
    const lines: string[] = [];
    const dps: [NDArray<'float32'>, number][] = [
      [NDArray.from(new Float32Array([0.5, -1, 2, 0]), [2, 2]), 3],
      [NDArray.from(new Float32Array([1, 1, 1, 1]), [2, 2]), 4],
      [NDArray.from(new Float32Array([2, 2, 2, 2]), [2, 2]), 5],
    ];
    const flow = new PrintData(listOf(dps), { num: 2, log: (line) => lines.push(line) });
    await expectSequence(flow, dps);
    const pass = [
      '[PrintData] datapoint 0 has 2 components:\n  0: NDArray<float32> shape=[2,2] range=[-1, 2]\n  1: number value=3',
      '[PrintData] datapoint 1 has 2 components:\n  0: NDArray<float32> shape=[2,2] range=[1, 1]\n  1: number value=4',
    ];
    assert.deepEqual(lines, [...pass, ...pass]);
  });

  it('records, a label, and the default of one datapoint', () => {
    const lines: string[] = [];
    collect(new PrintData(listOf([{ id: 'a7', ok: true }, { id: 'b', ok: false }]), { name: 'train', log: (line) => lines.push(line) }));
    assert.deepEqual(lines, ['[train] datapoint 0 has 2 components:\n  id: string len=2\n  ok: boolean value=true']);
  });

  it('describes each kind of component', () => {
    assert.equal(describeComponent(NDArray.from(new BigInt64Array([5n, -3n]))), 'NDArray<int64> shape=[2] range=[-3, 5]');
    assert.equal(describeComponent(NDArray.from(Uint16Array.from([0.5, -2], numberToFloat16Bits), [2], 'float16')), 'NDArray<float16> shape=[2] range=[-2, 0.5]');
    assert.equal(describeComponent(NDArray.zeros([0, 3], 'uint8')), 'NDArray<uint8> shape=[0,3] (empty)');
    assert.equal(describeComponent(Buffer.from('abc')), 'bytes len=3');
    assert.equal(describeComponent(new Float32Array(4)), 'Float32Array len=4');
    assert.equal(describeComponent([1, 2]), 'list len=2 of number');
    assert.equal(describeComponent([]), 'list len=0');
    assert.equal(describeComponent(null), 'null');
    assert.equal(describeComponent({ a: 1, b: 2 }), 'object keys=a,b');
    assert.equal(describeComponent(new (class Scalar { toString() { return 'float32(0.5)'; } })()), 'float32(0.5)');
    assert.equal(describeComponent(7n), 'bigint value=7');
    assert.equal(describeComponent(undefined), 'undefined value=undefined');
  });

  it("length: the upstream's", () => {
    assert.deepEqual(lengthsOver((ds) => new PrintData(ds, { log: () => {} })), [6, null, Infinity]);
  });
});
