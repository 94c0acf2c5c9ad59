import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import { DataFlowError } from '../../core/errors.ts';
import { inspectLmdb, type LmdbFileInfo } from './lmdbFile.ts';

/**
 * lmdb-js copies each value out of its shared read buffer unless the store has an encoder that
 * copies what it keeps ("decoderCopies"): this one keeps nothing and returns a view, so `getRange`
 * yields values that the next read overwrites — the caller copies or decodes them at once.
 */
const VALUE_VIEWS = {
  encode: (value: Buffer): Buffer => value,
  decode: (bytes: Buffer, size: number): Buffer => bytes.subarray(0, size),
};

/**
 * A read-only LMDB environment with binary keys. Values from `db.getRange()` and
 * `db.getBinaryFast()` are views valid until the next read; `db.getBinary()` copies.
 */
export interface ReadOnlyLmdb {
  readonly db: RootDatabase<Buffer, Buffer>;
  readonly info: LmdbFileInfo;
  /** The value of `key` as a view of lmdb-js's one reused read buffer (valid until the next read), or undefined. */
  view(key: Buffer): Buffer | undefined;
  close(): void;
}

/**
 * Opens an LMDB environment (file or directory) read-only, after checking its header in JS.
 *
 * Each call gets an environment of its own, with a private lock file: the data file is opened
 * through a symlink in a fresh temp directory, so LMDB puts its lock file there, and the directory
 * is removed as soon as LMDB holds its descriptors. Why: LMDB 0.9 (data format v1) must not open one
 * file twice in a process — its lock file uses fcntl locks, which belong to the process, and a
 * reader table keyed by pid. A second environment on the same lock file (another worker_thread, or
 * a second LMDBData) re-initialises the table under the first, and closing either drops both
 * locks and clears both readers' slots: the other reader then fails with "Invalid argument" (a
 * failed read-transaction renew surfacing as EINVAL) or silently sees an empty database.
 * lmdb-js shares one environment per file across threads only in its format-v2 LMDB fork. A
 * private lock file is also what tensorpack's `lock=False` amounts to, and leaves nothing beside
 * a read-only dataset.
 */
export function openReadOnly(flow: string, path: string): ReadOnlyLmdb {
  const info = inspectLmdb(flow, path);
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-lmdb-'));
  try {
    const link = join(dir, 'data');
    symlinkSync(resolve(info.dataFile), link);
    const db = open<Buffer, Buffer>({ path: link, noSubdir: true, readOnly: true, keyEncoding: 'binary', encoder: VALUE_VIEWS });
    const view = (key: Buffer): Buffer | undefined => {
      // getBinaryFast's buffer is shared and its `length` is patched to the value's size
      const found = db.getBinaryFast(key);
      return found === undefined ? undefined : found.subarray(0, found.length);
    };
    return { db, info, view, close: () => void db.close() };
  } catch (e) {
    throw new DataFlowError(flow, `cannot open ${info.dataFile} as LMDB: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
