// Compile-time specifications: `npm test` runs `tsc --noEmit` first, so every line here is checked.
// Datapoint types flow through map, batch, select and mapComponent without casts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BatchData, DataFromList, FakeData, JoinData, MapData, NDArray, SelectComponent,
  type DataFlow, type DatapointOf,
} from '../../src/index.ts';
import { assertType, collect, expectType, type Equal } from '../helpers.ts';

const toFloat = (a: NDArray<'uint8'>): NDArray<'float32'> => NDArray.from(Float32Array.from(a.data, (v) => v / 255), a.shape);

describe('datapoint types', () => {
  it("issue's pipeline: [NDArray<'uint8'>, number] → map → shuffle → batch", () => {
    const samples: [NDArray<'uint8'>, number][] = [[NDArray.from(new Uint8Array([0, 255])), 1], [NDArray.from(new Uint8Array([51, 102])), 2]];
    const ds = new DataFromList(samples, { shuffle: false });
    assertType<Equal<DatapointOf<typeof ds>, [NDArray<'uint8'>, number]>>();
    const mapped = ds.map(([img, label]) => [toFloat(img), label] as const);
    assertType<Equal<DatapointOf<typeof mapped>, readonly [NDArray<'float32'>, number]>>();
    const batched = mapped.shuffle(10).batch(2);
    assertType<Equal<DatapointOf<typeof batched>, [NDArray<'float32'>, NDArray<'int32' | 'float32' | 'float64'>]>>();
    for (const [images, labels] of batched) {
      expectType<NDArray<'float32'>>(images);
      assert.deepEqual(images.shape, [2, 2]);
      assert.deepEqual([...labels.toArray()].sort(), [1, 2]);
      // @ts-expect-error: images are float32, not uint8
      expectType<NDArray<'uint8'>>(images);
    }
    // tensorpack's way, same type
    const nested = new BatchData(new MapData(ds, ([img, label]) => [toFloat(img), label] as const), 2);
    assertType<Equal<DatapointOf<typeof nested>, DatapointOf<typeof batched>>>();
  });

  it('map: the return type; null drops leave the type non-nullable', () => {
    const ds = new DataFromList([1, 2, 3], { shuffle: false });
    const m = ds.map((x) => (x > 1 ? `${x}` : null));
    assertType<Equal<typeof m, DataFlow<string>>>();
    assert.deepEqual(collect(m), ['2', '3']);
  });

  it('filter with a type guard narrows', () => {
    const ds = new DataFromList<number | string>([1, 'a'], { shuffle: false });
    const onlyStrings = ds.filter((x): x is string => typeof x === 'string');
    assertType<Equal<DatapointOf<typeof onlyStrings>, string>>();
    const same = ds.filter(() => true);
    assertType<Equal<DatapointOf<typeof same>, number | string>>();
  });

  it('select: the chosen components, in order', () => {
    const ds = new DataFromList<[number, string, boolean]>([[1, 'a', true]], { shuffle: false });
    const s = ds.select([2, 0]);
    assertType<Equal<DatapointOf<typeof s>, [boolean, number]>>();
    const cls = new SelectComponent(ds, [1]);
    assertType<Equal<DatapointOf<typeof cls>, [string]>>();
    assert.deepEqual(collect(s), [[true, 1]]);
  });

  it('mapComponent: the component type in, the new type out, by index or key', () => {
    const tuples = new DataFromList<[number, string]>([[1, 'a']], { shuffle: false });
    const byIndex = tuples.mapComponent((n) => {
      expectType<number>(n);
      return n > 0;
    }, 0);
    assertType<Equal<DatapointOf<typeof byIndex>, [boolean, string]>>();
    const records = new DataFromList([{ img: 1, label: 'x' }], { shuffle: false });
    const byKey = records.mapComponent((label) => label.length, 'label');
    assertType<Equal<DatapointOf<typeof byKey>, { img: number; label: number }>>();
    // @ts-expect-error: no such key
    records.mapComponent((x) => x, 'nope');
    // @ts-expect-error: no such index
    tuples.mapComponent((x) => x, 2);
  });

  it('batch: stacking types per component; records stay records; useList gives lists', () => {
    const ds = new DataFromList([{ x: NDArray.from(new Float64Array(2)), ok: true, name: 'a', big: 1n }], { shuffle: false });
    const b = ds.batch(1);
    assertType<Equal<DatapointOf<typeof b>, { x: NDArray<'float64'>; ok: NDArray<'bool'>; name: string[]; big: NDArray<'int64'> }>>();
    const l = ds.batch(1, { useList: true });
    assertType<Equal<DatapointOf<typeof l>, { x: NDArray<'float64'>[]; ok: boolean[]; name: string[]; big: bigint[] }>>();
    const typed = new DataFromList([[new Int16Array(2), new BigInt64Array(1), new BigUint64Array(1), Buffer.alloc(1)] as const], { shuffle: false }).batch(1);
    assertType<Equal<DatapointOf<typeof typed>, [NDArray<'int16'>, NDArray<'int64'>, NDArray<'uint64'>, Buffer<ArrayBuffer>[]]>>();
    const [[i16, i64, u64, buffers]] = collect(typed);
    assert.deepEqual([i16.dtype, i64.dtype, u64.dtype, Array.isArray(buffers)], ['int16', 'int64', 'uint64', true]);
  });

  it('sources and joins carry their types', () => {
    const fake = new FakeData([[2, 3], [1]], { dtype: 'int32' });
    assertType<Equal<DatapointOf<typeof fake>, [NDArray<'int32'>, NDArray<'int32'>]>>();
    const joined = new JoinData([new DataFromList<[number]>([]), new DataFromList<[string]>([])]);
    assertType<Equal<DatapointOf<typeof joined>, [number, string]>>();
    const merged = new JoinData([new DataFromList<{ a: number }>([]), new DataFromList<{ b: string }>([])]);
    expectType<{ a: number; b: string }>(collect(merged)[0]!);
  });

  it('flows are covariant in their datapoint type: any flow is a DataFlow<unknown>', () => {
    const ds = new DataFromList<[number, string]>([], { shuffle: false });
    expectType<DataFlow<unknown>>(ds);
    expectType<DataFlow<readonly unknown[]>>(ds.batch(2));
    expectType<DataFlow<unknown>>(ds.mapComponent((x) => x, 0));
    expectType<readonly DataFlow<unknown>[]>([ds, ds.select([0]), ds.shuffle(2), ds.mapAsync(async (x) => x)]);
    assert.ok(ds);
  });

  it('wrong uses do not compile', () => {
    const ds = new DataFromList<[number]>([[1]], { shuffle: false });
    // @ts-expect-error: a function of the wrong datapoint type
    ds.map((s: string) => s);
    // @ts-expect-error: select is for tuples
    new DataFromList([{ a: 1 }]).select([0]);
    // @ts-expect-error: the wrong datapoint type for the flow
    expectType<DataFlow<[string]>>(ds.map(([x]) => [x] as [number]));
    assert.ok(ds);
  });
});
