import { readFileSync, writeFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import type { DataFlow } from '../../core/DataFlow.ts';
import { DataFlowError } from '../../core/errors.ts';
import { DataFromList } from '../../core/sources/DataFromList.ts';
import { dumps, loads } from '../serialize/index.ts';
import { savePass } from '../savePass.ts';
import { npyHeader, parseNpy } from './npy.ts';

export interface NumpyLoadOptions {
  /** Default `true`, as in tensorpack's `NumpySerializer.load` (a DataFromList). */
  readonly shuffle?: boolean;
  readonly seed?: number;
}

const FLOW = 'NumpySerializer';

/**
 * tensorpack's NumpySerializer: the whole flow in one compressed `.npz` holding the array
 * `buffer` of dtype object — a pickle inside the `.npy`. `save` writes a `.npy` of dtype `|O`
 * and shape (N,) whose pickle is the list of datapoints: tensorpack's `load`
 * (`np.load(path, allow_pickle=True)['buffer']` into a DataFromList) gets the N datapoints.
 * `load` also reads tensorpack's own files: its `np.asarray(buffer, dtype=np.object_)` turns N
 * datapoints of k components into a pickled (N, k) object array (an (N,) one when their lengths
 * differ), which loads as N arrays of k components — where tensorpack yields each row as a 1-D
 * object ndarray. Everything is held in memory, as in tensorpack.
 *
 *   await NumpySerializer.save(new DataFromList([[1, 'a'], [2, 'b']], { shuffle: false }), 'x.npz')
 *   NumpySerializer.load('x.npz', { shuffle: false }) yields [1, 'a'], [2, 'b']; length 2
 */
export class NumpySerializer {
  /** Writes one pass of `flow`; resolves to the number of datapoints. */
  static async save<T>(flow: DataFlow<T>, path: string): Promise<number> {
    const buffer: T[] = [];
    const count = await savePass(FLOW, flow, path, (dp) => void buffer.push(dp));
    let pickle: Buffer;
    try {
      pickle = dumps(buffer, { serializer: 'pickle' });
    } catch (e) {
      throw new DataFlowError(FLOW, `cannot serialize the datapoints for ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const npy = Buffer.concat([npyHeader({ descr: '|O', fortranOrder: false, shape: [count] }), pickle]);
    writeFileSync(path, zipSync({ 'buffer.npy': [npy, { level: 6 }] }));
    return count;
  }

  /** Reads a `.npz` written by tensorpack's NumpySerializer.save or ours. */
  static load<T = unknown>(path: string, options: NumpyLoadOptions = {}): DataFromList<T> {
    const fail = (what: string, cause?: unknown): never => {
      throw new DataFlowError(FLOW, `${path} ${what}`, { cause });
    };
    let files: Record<string, Uint8Array> = {};
    try {
      files = unzipSync(readFileSync(path));
    } catch (e) {
      fail(`is not a readable .npz (zip) file: ${e instanceof Error ? e.message : String(e)}`, e);
    }
    const npy = files['buffer.npy'];
    if (npy === undefined) fail(`has no array 'buffer' (found: ${Object.keys(files).join(', ') || 'nothing'})`);
    let parsed: ReturnType<typeof parseNpy> | undefined;
    try {
      parsed = parseNpy(npy!);
    } catch (e) {
      fail(`buffer.npy ${(e as Error).message}`);
    }
    const { header, data } = parsed!;
    if (header.descr !== '|O') fail(`buffer.npy has dtype ${header.descr}, expected an object array (|O) of datapoints`);
    const value = loads(data, { source: path, key: 'buffer' });
    if (!Array.isArray(value)) fail(`buffer.npy does not hold a list of datapoints`);
    const list = value as T[];
    if (header.shape[0] !== list.length) {
      fail(`buffer.npy has shape (${header.shape.join(', ')}) but holds ${list.length} datapoints`);
    }
    return new DataFromList(list, { shuffle: options.shuffle ?? true, seed: options.seed });
  }
}
