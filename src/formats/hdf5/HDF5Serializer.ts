import type { DataFlow } from '../../core/DataFlow.ts';
import { DataFlowError } from '../../core/errors.ts';
import { NDArray, formatShape, shapesEqual } from '../../core/NDArray.ts';
import { savePass } from '../savePass.ts';
import { loadH5wasm } from './h5.ts';
import { HDF5Data, type HDF5DataOptions } from './HDF5Data.ts';

const FLOW = 'HDF5Serializer';

/**
 * tensorpack's HDF5Serializer: component k of every datapoint is stacked into the dataset
 * `dataPaths[k]` (shape [N, ...component shape]); groups in a path are created. Components must be
 * NDArrays of one shape and dtype, or numbers (a dataset of int64 if all are integers, else float64),
 * or bigints (int64). HDF5 goes through h5wasm, in memory until written, as tensorpack's h5py.
 *
 *   await HDF5Serializer.save(flow yielding [NDArray<float32>[3], 7], 'x.h5', ['img', 'label'])
 *   → datasets img: float32 [N, 3], label: int64 [N]
 */
export class HDF5Serializer {
  static async save<T extends readonly unknown[]>(flow: DataFlow<T>, path: string, dataPaths: readonly string[]): Promise<number> {
    const columns: unknown[][] = dataPaths.map(() => []);
    const count = await savePass(FLOW, flow, path, (dp, index) => {
      if (!Array.isArray(dp) || dp.length !== dataPaths.length) {
        throw new DataFlowError(FLOW, `datapoint ${index} has ${Array.isArray(dp) ? dp.length : 'no'} components, expected ${dataPaths.length} (one per data path)`, { index });
      }
      for (let k = 0; k < dp.length; k++) columns[k]!.push(dp[k]);
    });
    const h5 = await loadH5wasm();
    const file = new h5.File(path, 'w');
    try {
      dataPaths.forEach((name, k) => {
        const parts = name.split('/').filter(Boolean);
        for (let i = 1; i < parts.length; i++) {
          const group = parts.slice(0, i).join('/');
          if (file.get(group) === null) file.create_group(group);
        }
        const { data, shape } = stack(columns[k]!, name);
        file.create_dataset({ name, data, shape });
      });
    } finally {
      file.close();
    }
    return count;
  }

  /** tensorpack's `HDF5Serializer.load(path, data_paths, shuffle)`: an HDF5Data. */
  static load(path: string, dataPaths: readonly string[], options: HDF5DataOptions = {}): Promise<HDF5Data> {
    return HDF5Data.open(path, dataPaths, options);
  }
}

type Column = { data: NDArray['data']; shape: number[] };

/** One dataset from the values of one component across all datapoints. */
function stack(values: readonly unknown[], name: string): Column {
  const first = values[0];
  const fail = (i: number, what: string): never => {
    throw new DataFlowError(FLOW, `component ${JSON.stringify(name)} of datapoint ${i} ${what}`, { index: i });
  };
  if (values.length === 0) return { data: new Float64Array(0), shape: [0] };
  if (first instanceof NDArray) {
    if (first.dtype === 'float16' || first.dtype === 'bool') fail(0, `is a ${first.dtype} NDArray, which h5wasm cannot store`);
    const out = new (first.data.constructor as new (n: number) => NDArray['data'])(first.size * values.length);
    values.forEach((v, i) => {
      if (!(v instanceof NDArray) || v.dtype !== first.dtype || !shapesEqual(v.shape, first.shape)) {
        fail(i, `is ${v instanceof NDArray ? `${v.dtype}${formatShape(v.shape)}` : typeof v}, expected an NDArray ${first.dtype}${formatShape(first.shape)}`);
      }
      (out as Uint8Array).set((v as NDArray).data as Uint8Array, i * first.size);
    });
    return { data: out, shape: [values.length, ...first.shape] };
  }
  if (typeof first === 'bigint' || (typeof first === 'number' && values.every((v) => Number.isSafeInteger(v)))) {
    const out = new BigInt64Array(values.length);
    values.forEach((v, i) => {
      if (typeof v !== 'bigint' && !Number.isSafeInteger(v)) fail(i, `is ${typeof v}, expected an integer`);
      out[i] = BigInt(v as number | bigint);
    });
    return { data: out, shape: [values.length] };
  }
  if (typeof first === 'number') {
    values.forEach((v, i) => typeof v === 'number' || fail(i, `is ${typeof v}, expected a number`));
    return { data: Float64Array.from(values as number[]), shape: [values.length] };
  }
  return fail(0, `is ${typeof first}: only NDArrays, numbers and bigints can be stored`);
}

