import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataFlowError } from '../../core/errors.ts';

/** What the newest meta page of a valid LMDB data file (format v1, 64-bit) says. */
export interface LmdbFileInfo {
  /** The data file: the path itself, or `<dir>/data.mdb` for a directory environment. */
  readonly dataFile: string;
  /** True when the path is a directory environment (tensorpack: `subdir=os.path.isdir(path)`). */
  readonly subdir: boolean;
  readonly pageSize: number;
  /** Entries of the main database, `__keys__` included. */
  readonly entries: number;
}

const MAGIC = 0xbeefc0de;
/** The 64-bit MDB_page header of format v1: pgno u64, pad u16, flags u16, lower u16, upper u16. */
const HEADER = 16;
/** Format v2 (LMDB 1.x, lmdb-js's prebuilt binary) adds mp_txnid to the header: the meta moves by 8 bytes. */
const V2_HEADER = 24;
const P_BRANCH = 0x01;
const P_LEAF = 0x02;
const P_META = 0x08;
const F_BIGDATA = 0x01;
const F_SUBDATA = 0x02;
/** pgno_t all ones: the main database is empty. */
const NO_ROOT = 0xffffffffffffffffn;
/** Offsets inside MDB_meta (after the page header): see MDB_meta / MDB_db in LMDB 0.9's mdb.c. */
const M_VERSION = 4;
const M_PSIZE = 24; // mm_dbs[FREE_DBI].md_pad
const M_MAIN_ENTRIES = 72 + 32;
const M_MAIN_ROOT = 72 + 40;
const M_LAST_PG = 120;
const M_TXNID = 128;
const META_SIZE = 136;

/**
 * Checks in JS that `path` holds an LMDB environment this build can open, before LMDB maps it: LMDB
 * trusts its file, so a zero-byte, foreign, truncated or format-v2 file would otherwise give a
 * crash (SIGBUS on pages past the end) or an opaque errno. Throws a DataFlowError naming the file.
 */
export function inspectLmdb(flow: string, path: string): LmdbFileInfo {
  if (!existsSync(path)) throw new DataFlowError(flow, `${path} does not exist`);
  const subdir = statSync(path).isDirectory();
  const dataFile = subdir ? join(path, 'data.mdb') : path;
  if (subdir && !existsSync(dataFile)) {
    throw new DataFlowError(flow, `${path} is a directory without data.mdb: not an LMDB environment`);
  }
  const fd = openSync(dataFile, 'r');
  try {
    return { dataFile, subdir, ...readMeta(flow, dataFile, fd, statSync(dataFile).size) };
  } finally {
    closeSync(fd);
  }
}

function readMeta(flow: string, file: string, fd: number, size: number): { pageSize: number; entries: number } {
  const fail = (what: string): never => {
    throw new DataFlowError(flow, `${file} ${what}`);
  };
  if (size === 0) fail('is empty (0 bytes), not an LMDB file');
  const first = readAt(fd, 0, Math.min(size, V2_HEADER + META_SIZE));
  const meta0 = checkMetaPage(first, size, fail);
  const pageSize = meta0.readUInt32LE(M_PSIZE);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) fail(`has an invalid page size ${pageSize} in its meta page`);
  if (size % pageSize !== 0 || size < 2 * pageSize) {
    fail(`is truncated: ${size} bytes is not a whole number (≥ 2) of ${pageSize}-byte pages`);
  }
  const meta1 = checkMetaPage(readAt(fd, pageSize, HEADER + META_SIZE), size, fail);
  // LMDB uses the meta page of the newest committed transaction.
  const meta = meta1.readBigUInt64LE(M_TXNID) > meta0.readBigUInt64LE(M_TXNID) ? meta1 : meta0;
  const pages = size / pageSize;
  const lastPage = Number(meta.readBigUInt64LE(M_LAST_PG));
  const root = meta.readBigUInt64LE(M_MAIN_ROOT);
  // LMDB may leave unwritten free pages off the end of a valid file, so a file shorter than
  // mm_last_pg is only truncated if the main tree points past its end: walk the tree to know.
  if (lastPage >= pages && root !== NO_ROOT) {
    const missing = firstPageBeyond(fd, Number(root), pageSize, pages);
    if (missing !== undefined) fail(`is truncated: it holds ${pages} pages but its B-tree refers to page ${missing}`);
  }
  return { pageSize, entries: Number(meta.readBigUInt64LE(M_MAIN_ENTRIES)) };
}

/** The MDB_meta part of a meta page, after checking the page flag, magic and data format version. */
function checkMetaPage(page: Buffer, size: number, fail: (what: string) => never): Buffer {
  if (page.length >= V2_HEADER + 8 && page.readUInt32LE(V2_HEADER) === MAGIC) {
    const version = page.readUInt32LE(V2_HEADER + M_VERSION);
    fail(`is an LMDB file in data format v${version} (LMDB 1.x / lmdb-js's prebuilt binary); this build reads format v1, as py-lmdb and tensorpack write it`);
  }
  if (page.length < HEADER + META_SIZE) {
    fail(page.length < HEADER + 8 || page.readUInt32LE(HEADER) !== MAGIC ? `is not an LMDB file (${size} bytes, no LMDB magic)` : `is truncated inside its meta page (${size} bytes)`);
  }
  if (page.readUInt32LE(HEADER) !== MAGIC || (page.readUInt16LE(10) & P_META) === 0) fail('is not an LMDB file (no LMDB magic in its meta page)');
  const version = page.readUInt32LE(HEADER + M_VERSION);
  if (version !== 1) fail(`is an LMDB file in data format v${version}; this build reads format v1, as py-lmdb and tensorpack write it`);
  return page.subarray(HEADER);
}

/** Depth-first walk of branch and leaf pages; the first page (or overflow run) at or past `pages`. */
function firstPageBeyond(fd: number, root: number, pageSize: number, pages: number): number | undefined {
  const stack = [root];
  let visited = 0;
  while (stack.length > 0) {
    const pgno = stack.pop()!;
    if (pgno >= pages) return pgno;
    if (++visited > pages) return undefined; // a cycle: corrupt, but not truncated; LMDB reports it
    const page = readAt(fd, pgno * pageSize, pageSize);
    const flags = page.readUInt16LE(10);
    const count = (page.readUInt16LE(12) - HEADER) >> 1;
    for (let i = 0; i < count; i++) {
      const node = page.readUInt16LE(HEADER + 2 * i);
      if (node + 8 > pageSize) continue;
      const lo = page.readUInt16LE(node);
      const hi = page.readUInt16LE(node + 2);
      const nodeFlags = page.readUInt16LE(node + 4);
      const keySize = page.readUInt16LE(node + 6);
      if (flags & P_BRANCH) stack.push(lo + hi * 0x10000 + nodeFlags * 0x100000000);
      else if (flags & P_LEAF && nodeFlags & F_BIGDATA && !(nodeFlags & F_SUBDATA) && node + 16 + keySize <= pageSize) {
        const dataSize = lo + hi * 0x10000;
        const overflow = Number(page.readBigUInt64LE(node + 8 + keySize));
        const last = overflow + Math.floor((HEADER - 1 + dataSize) / pageSize);
        if (last >= pages) return last;
      }
    }
  }
  return undefined;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}
