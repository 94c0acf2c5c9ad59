import { existsSync } from 'node:fs';
import { DataFlow, type Length, type ResetContext } from '../../core/DataFlow.ts';
import { dtypeOfTypedArray, type TypedArrayFor, type DType } from '../../core/dtype.ts';
import { DataFlowError } from '../../core/errors.ts';
import { NDArray, shapeSize } from '../../core/NDArray.ts';
import { rngFor, type RNG } from '../../core/RNG.ts';
import { loadH5wasm } from './h5.ts';

export interface HDF5DataOptions {
  /** Default `true`, as in tensorpack. */
  readonly shuffle?: boolean;
  readonly seed?: number;
}

interface Column {
  readonly data: TypedArrayFor[DType];
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/**
 * tensorpack's HDF5Data: loads the datasets `dataPaths` into memory (all of the same first
 * dimension N) and yields datapoint i = [row i of each dataset]: a number (a bigint for int64
 * beyond 2^53) for a 1-D dataset, else an NDArray view of the row. Length: N.
 * Opening is asynchronous (h5wasm loads its WebAssembly), hence `await HDF5Data.open(...)`.
 *
 *   datasets img float32 [2, 3], label int64 [2]:
 *   (await HDF5Data.open(file, ['img', 'label'], { shuffle: false })) yields [NDArray[3], 0], [NDArray[3], 1]
 */
export class HDF5Data extends DataFlow<unknown[]> {
  readonly shuffled: boolean;
  private readonly seed: number | undefined;
  private rng: RNG | undefined;

  private constructor(readonly path: string, private readonly columns: readonly Column[], options: HDF5DataOptions) {
    super();
    this.shuffled = options.shuffle ?? true;
    this.seed = options.seed;
  }

  static async open(path: string, dataPaths: readonly string[], options: HDF5DataOptions = {}): Promise<HDF5Data> {
    const fail = (what: string): never => {
      throw new DataFlowError('HDF5Data', `${path} ${what}`);
    };
    if (!existsSync(path)) fail('does not exist');
    if (dataPaths.length === 0) fail('needs at least one data path');
    const h5 = await loadH5wasm();
    let file: InstanceType<typeof h5.File> | undefined;
    try {
      file = new h5.File(path, 'r');
    } catch (e) {
      fail(`is not a readable HDF5 file: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (file!.file_id < 0n) fail('is not a readable HDF5 file');
    try {
      const columns = dataPaths.map((name): Column => {
        const ds = file!.get(name);
        if (!(ds instanceof h5.Dataset)) return fail(`has no dataset ${JSON.stringify(name)}`);
        const data = ds.value as unknown;
        const dtype = ArrayBuffer.isView(data) ? dtypeOfTypedArray(data) : undefined;
        if (dtype === undefined) return fail(`dataset ${JSON.stringify(name)} has a type other than numbers (${ds.dtype})`);
        return { data: data as TypedArrayFor[DType], shape: ds.shape ?? [], dtype };
      });
      const n = columns[0]!.shape[0];
      columns.forEach((c, k) => {
        if (c.shape.length === 0 || c.shape[0] !== n) fail(`datasets differ in length: ${dataPaths[0]} has ${n}, ${dataPaths[k]} has ${c.shape[0] ?? 'no first dimension'}`);
      });
      return new HDF5Data(path, columns, options);
    } finally {
      file!.close();
    }
  }

  get length(): Length {
    return this.columns[0]!.shape[0]!;
  }

  protected override onReset(context: ResetContext): void {
    this.rng = rngFor(this.flowName, this.seed, context);
  }

  protected override *iterate(): Iterator<unknown[]> {
    const n = this.columns[0]!.shape[0]!;
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    if (this.shuffled) this.rng!.shuffle(order);
    for (let j = 0; j < n; j++) {
      const i = order[j]!;
      yield this.columns.map((c) => row(c, i));
    }
  }
}

function row(c: Column, i: number): unknown {
  if (c.shape.length === 1) {
    const v = c.data[i]!;
    return typeof v === 'bigint' && v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  }
  const inner = c.shape.slice(1);
  const size = shapeSize(inner);
  return new NDArray(c.data.subarray(i * size, (i + 1) * size) as TypedArrayFor[DType], inner, c.dtype);
}
