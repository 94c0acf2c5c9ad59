import { closeSync, existsSync, fsyncSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import type { DataFlow } from '../../core/DataFlow.ts';
import { checkPositiveInt, DataFlowError } from '../../core/errors.ts';
import { ByteWriter, dumps, dumpsInto, loads, type ArrayMemory, type SerializerName } from '../serialize/index.ts';
import { savePass } from '../savePass.ts';
import { KEYS_KEY, LMDBData } from './LMDBData.ts';
import { LMDBDataDecoder } from './LMDBDataDecoder.ts';

export interface LMDBSaveOptions {
  /** Commit a transaction every this many puts. Default 5000, as in tensorpack. */
  readonly writeFrequency?: number;
  /** Default: tensorpack's default, pickle. */
  readonly serializer?: SerializerName;
}

export interface LMDBLoadOptions {
  /** Default `true`, as in tensorpack's `LMDBSerializer.load`. */
  readonly shuffle?: boolean;
  readonly seed?: number;
  /** Where the decoded arrays get their memory (LoadsOptions.memory). Default: fresh memory. */
  readonly memory?: ArrayMemory;
}

/** tensorpack's map_size on Linux: 2 TiB, sparse, so the file only grows as data is written. */
const MAP_SIZE = 2 * 1024 ** 4;
const FLOW = 'LMDBSerializer';

/**
 * tensorpack's LMDB layout: datapoint i under the key `'{:08}'.format(i)` (8-digit zero-padded
 * ASCII), its value `dumps(dp)`, and finally `__keys__` = `dumps([b'00000000', ...])`. A path that
 * is an existing directory gets `data.mdb` + `lock.mdb` inside it; any other path becomes a single
 * file plus `<path>-lock`. Files written here are read by tensorpack, and the other way round.
 *
 *   await LMDBSerializer.save(new DataFromList([[1, 'a'], [2, 'b']], { shuffle: false }), 'x.lmdb')
 *   LMDBSerializer.load('x.lmdb', { shuffle: false }) yields [1, 'a'], [2, 'b']; length 2
 */
export class LMDBSerializer {
  /**
   * Writes one pass of `flow`, committing every `writeFrequency` puts, with a progress bar on a
   * TTY. Resolves to the number of datapoints written. On failure the partial output is removed.
   */
  static async save<T>(flow: DataFlow<T>, path: string, options: LMDBSaveOptions = {}): Promise<number> {
    const writeFrequency = options.writeFrequency ?? 5000;
    checkPositiveInt(FLOW, 'writeFrequency', writeFrequency);
    const isDir = existsSync(path) && statSync(path).isDirectory();
    const dataFile = isDir ? join(path, 'data.mdb') : path;
    if (existsSync(dataFile)) throw new DataFlowError(FLOW, `LMDB file ${dataFile} exists`);

    // noSync: the commits every writeFrequency puts need not wait for the disk (measured 1.5-2x
    // faster writes); one fsync at the end makes the finished file durable, as tensorpack's
    // final db.sync() does.
    const db = open<Buffer, Buffer>({ path, noSubdir: !isDir, mapSize: MAP_SIZE, keyEncoding: 'binary', encoding: 'binary', noSync: true });
    const serializer = options.serializer;
    // The batch's values are serialized one after another into one reused buffer, and put from
    // views of it: putSync copies a value into LMDB before it returns. Against one Buffer per
    // value this saves an allocation, a second copy of the array bytes, and lmdb-js's native
    // address lookup per new ArrayBuffer (B6 save: see the commit that made it).
    const batch = new Batch();
    try {
      const count = await savePass(FLOW, flow, path, (dp, index) => {
        batch.add(dp, index, serializer);
        if (batch.size === writeFrequency) batch.commit(db, index + 1);
      });
      batch.commit(db, count);
      const keys = Array.from({ length: count }, (_, i) => keyOf(i));
      db.transactionSync(() => db.putSync(KEYS_KEY, dumps(keys, { serializer })));
      await db.close();
      fsyncFile(dataFile);
      return count;
    } catch (e) {
      await db.close();
      rmSync(dataFile, { force: true });
      rmSync(isDir ? join(path, 'lock.mdb') : `${path}-lock`, { force: true });
      throw e;
    }
  }

  /** tensorpack's `LMDBSerializer.load`: LMDBData, each value decoded (serializer auto-detected). */
  static load<T = unknown>(path: string, options: LMDBLoadOptions = {}): LMDBDataDecoder<T> {
    // loads copies whatever it keeps (array data, bytes), so the values need no copy of their own
    const data = new LMDBData(path, { shuffle: options.shuffle ?? true, seed: options.seed, reuseBuffer: true });
    const decode = { memory: options.memory };
    return new LMDBDataDecoder(data, (key, value) => loads(value, { source: path, key }, decode) as T);
  }
}

/** The key of datapoint i: `'{:08}'.format(i).encode('ascii')`. */
export function keyOf(i: number): Buffer {
  return Buffer.from(String(i).padStart(8, '0'), 'latin1');
}

/** The serialized datapoints waiting for the next commit, back to back in one growing buffer. */
class Batch {
  private readonly bytes = ByteWriter.owned(1024 * 1024);
  private readonly ends: number[] = [];

  get size(): number {
    return this.ends.length;
  }

  add(dp: unknown, index: number, serializer: SerializerName | undefined): void {
    const start = this.bytes.pos;
    try {
      dumpsInto(this.bytes, dp, { serializer });
    } catch (e) {
      this.bytes.pos = start;
      throw new DataFlowError(FLOW, `cannot serialize datapoint ${index}: ${e instanceof Error ? e.message : String(e)}`, { index, cause: e });
    }
    this.ends.push(this.bytes.pos);
  }

  /** Puts the batch (the datapoints before `end`) in one transaction, and empties it. */
  commit(db: RootDatabase<Buffer, Buffer>, end: number): void {
    const first = end - this.ends.length;
    db.transactionSync(() => {
      let start = 0;
      for (let i = 0; i < this.ends.length; i++) {
        db.putSync(keyOf(first + i), this.bytes.view(start, this.ends[i]!));
        start = this.ends[i]!;
      }
    });
    this.ends.length = 0;
    this.bytes.reset();
  }
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
