import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeData, NDArray } from '../../src/index.ts';
import { collect, collectAsync } from '../helpers.ts';

describe('FakeData', () => {
  it('yields `size` datapoints of NDArrays with the given shapes (float32 in [0, 1) by default)', () => {
    const flow = new FakeData([[2, 3], [1]], { size: 10, seed: 1 });
    assert.equal(flow.length, 10);
    const dps = collect(flow);
    assert.equal(dps.length, 10);
    for (const [a, b] of dps) {
      assert.ok(a instanceof NDArray && b instanceof NDArray);
      assert.deepEqual([a.dtype, a.shape, b.shape], ['float32', [2, 3], [1]]);
      assert.ok(a.toArray().every((v) => v >= 0 && v < 1));
    }
    assert.notDeepEqual(dps[0]![0].toArray(), dps[1]![0].toArray());
    assert.equal(new FakeData([[1]]).length, 1000);
  });

  it('dtype per component, and the domain [low, high); integer dtypes are whole numbers', () => {
    const flow = new FakeData([[50], [50], [50], [50]], { size: 3, dtype: ['int32', 'uint8', 'float16', 'int64'], domain: [10, 20], seed: 2 });
    for (const [i, u, h, l] of collect(flow)) {
      assert.deepEqual([i.dtype, u.dtype, h.dtype, l.dtype], ['int32', 'uint8', 'float16', 'int64']);
      assert.ok(i.data instanceof Int32Array && u.data instanceof Uint8Array && h.data instanceof Uint16Array && l.data instanceof BigInt64Array);
      for (const v of [...i.toArray(), ...u.toArray()]) assert.ok(Number.isInteger(v) && v >= 10 && v < 20, `value ${v}`);
      for (const v of h.toArray()) assert.ok(v >= 10 && v <= 20, `value ${v}`); // float16 rounding may reach 20
      for (const v of l.toArray()) assert.ok(v >= 10n && v < 20n, `value ${v}`);
    }
  });

  it('random: false yields one datapoint again and again', () => {
    const [a, b] = collect(new FakeData([[4]], { size: 2, random: false, seed: 3 }));
    assert.equal(a, b);
  });

  it('same seed → same data, sync and async; the context seed is used without its own', async () => {
    const values = (flow: FakeData<readonly [readonly [3]]>): number[][] => collect(flow).map(([x]) => x.toArray());
    assert.deepEqual(values(new FakeData([[3]], { size: 4, seed: 9 })), values(new FakeData([[3]], { size: 4, seed: 9 })));
    const async = new FakeData([[3]], { size: 4, seed: 9 });
    assert.deepEqual((await collectAsync(async)).map(([x]) => x.toArray()), values(new FakeData([[3]], { size: 4, seed: 9 })));
    const ctx = (seed: number, streamId = 0): number[][] => {
      const flow = new FakeData([[3]], { size: 2 });
      flow.resetState({ seed, streamId });
      return values(flow);
    };
    assert.deepEqual(ctx(1), ctx(1));
    assert.notDeepEqual(ctx(1), ctx(1, 1));
  });

  it('size 0 yields nothing; bad shapes or dtypes are DataFlowErrors', () => {
    assert.deepEqual(collect(new FakeData([[1]], { size: 0 })), []);
    assert.throws(() => new FakeData([3] as unknown as [[3]]), { name: 'DataFlowError', message: 'FakeData: expects a list of shapes, e.g. [[28, 28], [1]]' });
    assert.throws(() => new FakeData([[1], [2]], { dtype: ['int8'] }), { message: 'FakeData: got 1 dtypes for 2 shapes' });
  });
});
