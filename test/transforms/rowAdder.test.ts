import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchData, DTYPES, NDArray, RNG } from '../../src/index.ts';
import { TYPED_ARRAY_OF } from '../../src/core/dtype.ts';
import { compileRowAdder, type ComponentAdder } from '../../src/transforms/rowAdder.ts';
import { collect, listOf } from '../helpers.ts';

/** A builder that records what reached it through the slow path. */
const recorder = (fast?: ComponentAdder['fast']): ComponentAdder & { seen: unknown[] } => {
  const seen: unknown[] = [];
  return { fast, seen, add: (v, row, index) => void seen.push([v, row, index]) };
};

describe('compileRowAdder', () => {
  it('copies values in their expected form itself and hands every other value to its builder', () => {
    const out = new Float32Array(4);
    const values = new Float64Array(2);
    const bare = new Int16Array(6);
    const arrays = recorder({ kind: 'ndarray', dtype: 'float32', shape: [2], size: 2, out });
    const labels = recorder({ kind: 'int32', values });
    const raw = recorder({ kind: 'typed', type: Int16Array, size: 3, out: bare });
    const names = recorder();
    const adders = [arrays, labels, raw, names];
    const addRow = compileRowAdder(true, adders)(adders, [0, 1, 2, 3], () => assert.fail('the tuples have 4 components'));
    addRow([NDArray.from(new Float32Array([1, 2])), 7, new Int16Array([1, 2, 3]), 'a'], 0, 10);
    const wrongShape = NDArray.from(new Float32Array([3, 4]), [1, 2]);
    addRow([wrongShape, 0.5, new Int16Array(2), 'b'], 1, 11);
    assert.deepEqual(Array.from(out), [1, 2, 0, 0]);
    assert.deepEqual(Array.from(values), [7, 0]);
    assert.deepEqual(Array.from(bare), [1, 2, 3, 0, 0, 0]);
    assert.deepEqual(arrays.seen, [[wrongShape, 1, 11]]);
    assert.deepEqual(labels.seen, [[0.5, 1, 11]]);
    assert.deepEqual(raw.seen, [[new Int16Array(2), 1, 11]]);
    assert.deepEqual(names.seen, [['a', 0, 10], ['b', 1, 11]]);
  });

  it('flows of one structure share compiled code, each with its own keys, dtypes and shapes', () => {
    const a = collect(new BatchData(listOf([[NDArray.from(new Float32Array([1, 2]))], [NDArray.from(new Float32Array([3, 4]))]]), 2));
    const b = collect(new BatchData(listOf([[NDArray.from(new Int32Array([5, 6, 7]))], [NDArray.from(new Int32Array([8, 9, 10]))]]), 2));
    assert.deepEqual(a.map(([x]) => [x.dtype, x.shape, Array.from(x.data)]), [['float32', [2, 2], [1, 2, 3, 4]]]);
    assert.deepEqual(b.map(([x]) => [x.dtype, x.shape, Array.from(x.data)]), [['int32', [2, 3], [5, 6, 7, 8, 9, 10]]]);
    assert.throws(() => collect(new BatchData(listOf([[NDArray.from(new Float32Array(2))], [NDArray.from(new Float32Array(3))]]), 2)), {
      message: 'BatchData: component 0 of datapoint 1 has shape [3], expected [2]',
    });
  });

  it('a structure of more components than one compiled function takes (64) is stacked group by group', () => {
    const keys = Array.from({ length: 150 }, (_, k) => `f${k}`);
    const dp = (i: number) => Object.fromEntries(keys.map((k, j) => [k, i * 1000 + j]));
    const [batch] = collect(new BatchData(listOf([dp(1), dp(2)]), 2));
    assert.deepEqual(keys.map((k) => batch![k]!.toArray()), keys.map((_, j) => [1000 + j, 2000 + j]));
    const wrong = { ...dp(2), f149: 'x' };
    assert.throws(() => collect(new BatchData(listOf([dp(1), wrong]), 2)), { message: 'BatchData: component f149 of datapoint 1 is a string, expected a number' });
  });

  it('copies every dtype bit for bit, at the sizes it copies element by element (≤ 16) and beyond', () => {
    // Random bits: for floats these hold signaling and quiet NaNs, infinities of both signs (∞ − ∞
    // makes the NaN check copy again), subnormals and -0.
    const rng = new RNG(7);
    for (const dtype of DTYPES) {
      for (const size of [1, 3, 16, 17]) {
        const datapoints = Array.from({ length: 600 }, () => {
          const data = new TYPED_ARRAY_OF[dtype](size);
          const bytes = new Uint8Array(data.buffer);
          for (let b = 0; b < bytes.length; b++) bytes[b] = rng.int(256);
          return [NDArray.from(data, [size], dtype), data] as const;
        });
        const expected = Buffer.concat(datapoints.map(([, data]) => new Uint8Array(data.buffer)));
        const batches = collect(new BatchData(listOf(datapoints), 600));
        const [arrays, bare] = batches[0]!;
        assert.ok(Buffer.from(arrays.data.buffer, arrays.data.byteOffset, arrays.data.byteLength).equals(expected), `${dtype}[${size}] as NDArrays`);
        assert.ok(Buffer.from(bare.data.buffer, bare.data.byteOffset, bare.data.byteLength).equals(expected), `${dtype}[${size}] as typed arrays`);
      }
    }
  });

  it('a tuple of another length is an error, never a silent drop, also past the first group', () => {
    const tuple = (n: number, i: number): number[] => Array.from({ length: n }, (_, k) => i * 1000 + k);
    for (const width of [3, 100]) {
      const [batch] = collect(new BatchData(listOf([tuple(width, 1), tuple(width, 2)]), 2));
      assert.deepEqual(batch!.map((c) => c.toArray()), tuple(width, 0).map((k) => [1000 + k, 2000 + k]));
      for (const wrong of [width - 1, width + 1]) {
        assert.throws(() => collect(new BatchData(listOf([tuple(width, 1), tuple(wrong, 2)]), 2)), {
          message: `BatchData: datapoint 1 has ${wrong} components, expected ${width}`,
        });
      }
    }
  });

  it('record keys are bound, never written into code: any key works', () => {
    const key = `x'"\\\n}; throw 1; //`;
    const [batch] = collect(new BatchData(listOf([{ [key]: 1, __proto__x: 2 }, { [key]: 3, __proto__x: 4 }]), 2));
    assert.deepEqual(Array.from(batch![key]!.data), [1, 3]);
    assert.deepEqual(Array.from(batch!.__proto__x!.data), [2, 4]);
  });
});
