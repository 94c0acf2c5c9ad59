import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DataFlow } from '../core/DataFlow.ts';
import { LMDBSerializer } from '../formats/lmdb/LMDBSerializer.ts';
import { NumpySerializer } from '../formats/numpy/NumpySerializer.ts';
import type { SerializerName } from '../formats/serialize/index.ts';
import { TFRecordSerializer } from '../formats/tfrecord/TFRecordSerializer.ts';
import { CliError } from './CliError.ts';

/** The files `inspect` and `convert` handle: tensorpack's LMDB, TFRecord and NumpySerializer (.npz) layouts. */
export type FileFormat = 'lmdb' | 'tfrecord' | 'npz';

const BY_EXTENSION: Record<string, FileFormat> = { '.lmdb': 'lmdb', '.mdb': 'lmdb', '.tfrecord': 'tfrecord', '.tfrecords': 'tfrecord', '.npz': 'npz' };

/** The format of `file`, from its extension (an LMDB directory holds data.mdb). */
export function formatOf(file: string): FileFormat {
  if (existsSync(file) && statSync(file).isDirectory()) {
    if (existsSync(path.join(file, 'data.mdb'))) return 'lmdb';
    throw new CliError(`${file} is a directory without data.mdb, not an LMDB environment`);
  }
  const format = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (format === undefined) throw new CliError(`cannot tell the format of ${file}: expected .lmdb/.mdb, .tfrecord/.tfrecords or .npz`);
  return format;
}

/** The datapoints of a file, in stored order. */
export function readFile(file: string, format: FileFormat): DataFlow<unknown> {
  if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
  if (format === 'lmdb') return LMDBSerializer.load(file, { shuffle: false });
  if (format === 'tfrecord') return TFRecordSerializer.load(file);
  return NumpySerializer.load(file, { shuffle: false });
}

/** Writes one pass of `flow` to `file`; resolves to the number of datapoints. */
export function writeFile(flow: DataFlow<unknown>, file: string, format: FileFormat, serializer: SerializerName | undefined): Promise<number> {
  if (existsSync(file)) throw new CliError(`${file} exists; not overwriting it`);
  if (format === 'lmdb') return LMDBSerializer.save(flow, file, { serializer });
  if (format === 'tfrecord') return TFRecordSerializer.save(flow, file, { serializer });
  if (serializer === 'msgpack') throw new CliError('an .npz holds a pickled list (tensorpack NumpySerializer); --serializer msgpack does not apply');
  return NumpySerializer.save(flow, file);
}
