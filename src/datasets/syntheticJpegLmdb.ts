import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LMDBSerializer } from '../formats/lmdb/LMDBSerializer.ts';
import { SyntheticJpegDataset, type SyntheticJpegOptions } from './SyntheticJpegDataset.ts';

/**
 * An LMDB of `SyntheticJpegDataset(options)` in tensorpack's layout (msgpack values, single file),
 * written once with a progress bar and then reused: the file name holds every option, so the same
 * options find the same file. `dir` defaults to the OS temp directory. Resolves to the path.
 *
 *   const path = await syntheticJpegLmdb({ count: 2000 });
 *   LMDBSerializer.load(path) yields [jpeg, label] × 2000
 */
export async function syntheticJpegLmdb(options: SyntheticJpegOptions, dir: string = tmpdir()): Promise<string> {
  const flow = new SyntheticJpegDataset(options);
  const name = `dataflow-synthetic-jpeg-${flow.count}-${flow.height}x${flow.width}-q${flow.quality}-c${flow.classes}-s${flow.seed}.lmdb`;
  const path = join(dir, name);
  if (existsSync(path)) return path;
  // Written under a private name and renamed when complete, so that a run killed half-way, or
  // another process making the same file, never leaves a partial database under `path`.
  const partial = `${path}.${process.pid}.partial`;
  try {
    await LMDBSerializer.save(flow, partial, { serializer: 'msgpack' });
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
    rmSync(`${partial}-lock`, { force: true });
  }
  return path;
}
