import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchData, DataFromList, NDArray, numberToFloat16Bits } from '../../src/index.ts';
import { collect, expectSequence, lengthsOver, listOf } from '../helpers.ts';

const i32 = (...v: number[]): NDArray<'int32'> => NDArray.from(new Int32Array(v));

describe('BatchData', () => {
  it('ds yields [1], [2], [3], [4], [5] → BatchData(ds, 2) yields [Int32 [1,2]], [Int32 [3,4]]', async () => {
    const ds = listOf([[1], [2], [3], [4], [5]]);
    const flow = new BatchData(ds, 2);
    assert.equal(flow.length, 2);
    await expectSequence(flow, [[i32(1, 2)], [i32(3, 4)]]);
  });

  it('with { remainder: true } also [Int32 [5]]', async () => {
    const flow = new BatchData(listOf([[1], [2], [3], [4], [5]]), 2, { remainder: true });
    assert.equal(flow.length, 3);
    await expectSequence(flow, [[i32(1, 2)], [i32(3, 4)], [i32(5)]]);
  });

  it('length: ⌊n / b⌋, or ⌈n / b⌉ with remainder; unknown and infinite stay so', () => {
    assert.deepEqual(lengthsOver((ds) => new BatchData(ds, 4)), [1, null, Infinity]);
    assert.deepEqual(lengthsOver((ds) => new BatchData(ds, 4, { remainder: true })), [2, null, Infinity]);
    assert.deepEqual(lengthsOver((ds) => new BatchData(ds, 3)), [2, null, Infinity]);
    assert.deepEqual(lengthsOver((ds) => new BatchData(ds, 3, { remainder: true })), [2, null, Infinity]);
  });

  it('numbers: int32 when all are int32 integers, float64 when integers exceed int32, else float32', () => {
    const batch = (values: number[]): NDArray => collect(new BatchData(listOf(values.map((v) => [v] as [number])), values.length))[0]![0] as NDArray;
    assert.deepEqual(batch([1, -2, 2 ** 31 - 1]), NDArray.from(new Int32Array([1, -2, 2 ** 31 - 1])));
    assert.deepEqual(batch([1, 2 ** 31]), NDArray.from(new Float64Array([1, 2 ** 31])));
    assert.deepEqual(batch([2 ** 53, -(2 ** 40)]), NDArray.from(new Float64Array([2 ** 53, -(2 ** 40)])));
    assert.deepEqual(batch([1, 1.5]), NDArray.from(new Float32Array([1, 1.5])));
    assert.deepEqual(batch([0.5, 2 ** 40]), NDArray.from(new Float32Array([0.5, 2 ** 40])));
    assert.deepEqual(batch([NaN, 1]), NDArray.from(new Float32Array([NaN, 1])));
  });

  it('booleans → bool, bigints → int64', async () => {
    await expectSequence(new BatchData(listOf<[boolean, bigint]>([[true, 1n], [false, -2n]]), 2), [
      [new NDArray(new Uint8Array([1, 0]), [2], 'bool'), NDArray.from(new BigInt64Array([1n, -2n]))],
    ]);
  });

  it('NDArrays and typed arrays of one dtype and shape stack into [n, ...shape]', async () => {
    const a = NDArray.from(new Float32Array([1, 2, 3, 4]), [2, 2]);
    const b = NDArray.from(new Float32Array([5, 6, 7, 8]), [2, 2]);
    await expectSequence(new BatchData(listOf([[a, new Uint8Array([1, 2])], [b, new Uint8Array([3, 4])]]), 2), [
      [NDArray.from(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), [2, 2, 2]), NDArray.from(new Uint8Array([1, 2, 3, 4]), [2, 2])],
    ]);
    const half = (v: number): NDArray<'float16'> => NDArray.from(Uint16Array.of(numberToFloat16Bits(v)), [1], 'float16');
    const [[h]] = collect(new BatchData(listOf([[half(1)], [half(-2)]]), 2));
    assert.deepEqual([h.dtype, h.shape, h.toArray()], ['float16', [2, 1], [1, -2]]);
  });

  it('stacks float components bit for bit, signaling NaNs included, whatever their size', () => {
    const bits = (n: number, i: number): Uint32Array => Uint32Array.from({ length: n }, (_, k) => 0x7f800001 + i * 64 + k); // signaling NaNs
    for (const n of [2, 16]) {
      const dps = [0, 1].map((i) => [new Float32Array(bits(n, i).buffer), NDArray.from(new Float64Array(new Uint32Array([1, 0x7ff00000]).buffer))] as const);
      const [[images, doubles]] = collect(new BatchData(listOf(dps), 2));
      assert.deepEqual([...new Uint32Array(images!.data.buffer)], [...bits(n, 0), ...bits(n, 1)]);
      assert.deepEqual([...new Uint32Array(doubles!.data.buffer)], [1, 0x7ff00000, 1, 0x7ff00000]);
    }
  });

  it('strings, Buffers, objects and nulls → lists', async () => {
    const buf = [Buffer.from('ab'), Buffer.from('c')];
    await expectSequence(new BatchData(listOf([['x', buf[0], { k: 1 }, null], ['y', buf[1], { k: 2 }, null]]), 2), [
      [['x', 'y'], buf, [{ k: 1 }, { k: 2 }], [null, null]],
    ]);
  });

  it('useList: every component as a list', async () => {
    const a = NDArray.from(new Float32Array([1]));
    await expectSequence(new BatchData(listOf([[1, a], [2, a]]), 2, { useList: true }), [[[1, 2], [a, a]]]);
  });

  it('records batch per key', async () => {
    await expectSequence(new BatchData(listOf([{ x: 1, s: 'a' }, { x: 2, s: 'b' }, { x: 3, s: 'c' }]), 3), [
      { x: i32(1, 2, 3), s: ['a', 'b', 'c'] },
    ]);
  });

  it('components of different shapes: the error names the component, the datapoint and both shapes', () => {
    const dp = (n: number): [NDArray<'float32'>] => [NDArray.from(new Float32Array(n))];
    assert.throws(() => collect(new BatchData(listOf([dp(2), dp(2), dp(2), dp(3)]), 2)), {
      name: 'DataFlowError', message: 'BatchData: component 0 of datapoint 3 has shape [3], expected [2]',
    });
    assert.throws(() => collect(new BatchData(listOf([[1, new Float32Array(2)], [1, new Float32Array(3)]]), 2)), {
      message: 'BatchData: component 1 of datapoint 1 has shape [3], expected [2]',
    });
  });

  it('components of different types or dtypes, and datapoints of different sizes, are DataFlowErrors', () => {
    const err = (dps: unknown[]): void => void collect(new BatchData(listOf(dps), dps.length));
    assert.throws(() => err([[NDArray.from(new Float32Array(1))], [NDArray.from(new Int32Array(1))]]), {
      message: 'BatchData: component 0 of datapoint 1 is an NDArray<int32>, expected an NDArray of dtype float32',
    });
    assert.throws(() => err([[new Float32Array(1)], [new Float64Array(1)]]), {
      message: 'BatchData: component 0 of datapoint 1 is a Float64Array, expected a typed array of dtype float32',
    });
    assert.throws(() => err([[1, 2], [1, 'x']]), { message: 'BatchData: component 1 of datapoint 1 is a string, expected a number' });
    assert.throws(() => err([[true], [1]]), { message: 'BatchData: component 0 of datapoint 1 is a number, expected a boolean' });
    assert.throws(() => err([{ a: 1 }, { b: 2 }]), { message: 'BatchData: component a of datapoint 1 is undefined, expected a number' });
    assert.throws(() => err([[1, 2], [1]]), { message: 'BatchData: datapoint 1 has 1 components, expected 2' });
    assert.throws(() => err([[1], { 0: 1 }]), { message: 'BatchData: datapoint 1 has no components, expected 1' });
    assert.throws(() => err([5, 6]), { message: 'BatchData: datapoint 0 is a number, expected a tuple or a record' });
  });

  it('batchSize <= 0 (or not an integer) is a DataFlowError', () => {
    for (const bad of [0, -1, 1.5, NaN]) {
      assert.throws(() => new BatchData(listOf([[1]]), bad), { name: 'DataFlowError', message: `BatchData: batchSize must be a positive integer, got ${bad}` });
    }
  });

  it('an empty upstream, and one shorter than a batch, yield nothing (a remainder if asked)', async () => {
    await expectSequence(new BatchData(listOf<[number]>([]), 2, { remainder: true }), []);
    await expectSequence(new BatchData(listOf([[1]]), 2), []);
    await expectSequence(new BatchData(listOf([[1]]), 2, { remainder: true }), [[i32(1)]]);
  });
});

describe('BatchData reuseBuffers', () => {
  it('stacks every batch into the same arrays; each batch is right when it is yielded', () => {
    const dps = Array.from({ length: 6 }, (_, i) => [NDArray.from(new Float32Array([i, -i])), i, i + 0.5] as const);
    const flow = new BatchData(new DataFromList(dps, { shuffle: false }), 2, { reuseBuffers: true, remainder: true });
    const seen: { x: number[]; y: number[]; z: number[]; buffer: ArrayBufferLike }[] = [];
    for (const [x, y, z] of flow) seen.push({ x: [...x.data], y: [...y.data], z: [...z.data], buffer: x.data.buffer });
    assert.deepEqual(seen.map(({ x, y, z }) => ({ x, y, z })), [
      { x: [0, -0, 1, -1], y: [0, 1], z: [0.5, 1.5] },
      { x: [2, -2, 3, -3], y: [2, 3], z: [2.5, 3.5] },
      { x: [4, -4, 5, -5], y: [4, 5], z: [4.5, 5.5] },
    ]);
    assert.equal(seen[0]!.buffer, seen[2]!.buffer);
  });

  it('a batch of another structure gets new arrays; without the option batches never share memory', () => {
    const dps: (readonly [NDArray<'float32'>])[] = [[NDArray.from(new Float32Array([1]))], [NDArray.from(new Float32Array([2, 3]))]];
    const reused = [...new BatchData(new DataFromList(dps, { shuffle: false }), 1, { reuseBuffers: true })];
    assert.deepEqual(reused.map(([x]) => x.shape), [[1, 1], [1, 2]]);
    assert.deepEqual([...reused[1]![0].data], [2, 3]);
    const dp = (i: number) => [NDArray.from(new Float32Array([i])), new Int16Array([i]), i, i % 2 === 0, BigInt(i), `s${i}`] as const;
    const fresh = [...new BatchData(new DataFromList([dp(1), dp(2), dp(3)], { shuffle: false }), 1)];
    for (let c = 0; c < 5; c++) assert.notEqual((fresh[0]![c] as NDArray).data.buffer, (fresh[1]![c] as NDArray).data.buffer);
    // every batch still holds its own values once the later ones are made
    assert.deepEqual(fresh.map((b) => b.map((x) => (x instanceof NDArray ? x.toArray() : x))),
      [1, 2, 3].map((i) => [[i], [i], [i], [i % 2 === 0 ? 1 : 0], [BigInt(i)], [`s${i}`]]));
  });
});

describe('BatchData allocate', () => {
  it('each batch asks for its arrays anew; undefined means a new array; numbers and lists are made as before', () => {
    const asked: [string, number][] = [];
    const memory = new Float32Array(8);
    const allocate = (dtype: string, length: number): Float32Array | undefined => {
      asked.push([dtype, length]);
      return asked.length === 1 ? memory.subarray(0, length) : undefined;
    };
    const dps = [0, 1, 2, 3, 4].map((i): [NDArray<'float32'>, number, string] => [NDArray.from(new Float32Array([i, -i])), i, `s${i}`]);
    const [first, second, third] = collect(new BatchData(new DataFromList(dps, { shuffle: false }), 2, { allocate, remainder: true }));
    assert.deepEqual(asked, [['float32', 4], ['float32', 4], ['float32', 4]]); // a batch's full size, also for the remainder
    assert.equal(first![0].data.buffer, memory.buffer); // the first batch in the given memory
    assert.deepEqual([...memory.subarray(0, 4)], [0, -0, 1, -1]);
    assert.notEqual(second![0].data.buffer, memory.buffer);
    assert.deepEqual([second![0].toArray(), second![1].toArray(), second![2]], [[2, -2, 3, -3], [2, 3], ['s2', 's3']]);
    assert.deepEqual([third![0].shape, third![0].toArray()], [[1, 2], [4, -4]]);
  });

  it('not with reuseBuffers', () => {
    assert.throws(() => new BatchData(new DataFromList([[1]]), 1, { reuseBuffers: true, allocate: () => undefined }), {
      name: 'DataFlowError',
      message: 'BatchData: takes reuseBuffers or allocate, not both (allocate gives each batch arrays of its own)',
    });
  });
});
