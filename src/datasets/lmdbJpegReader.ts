import { DataFlowError } from '../core/errors.ts';
import { openReadOnly, type ReadOnlyLmdb } from '../formats/lmdb/openReadOnly.ts';
import { loads, printKey } from '../formats/serialize/index.ts';
import { checkJpegDatapoint, jpegOf, type JpegBatch } from './JpegBatch.ts';

const FLOW = 'lmdbJpegReader';
const ARRAY_VIEWS = { arrayViews: true } as const;

/**
 * For workers that read the LMDB themselves: given a batch of keys (packKeyBatch), item k's JPEG,
 * read from the `[jpeg, label]` LMDB at `path` (opened in this thread on first use); its label
 * goes into `batch.labels[k]`. The JPEG is a view of lmdb-js's read buffer, not a copy: decode it
 * before the next read in this thread. The environment stays open for the thread's life; the
 * thread's exit closes it (see patches/lmdb+*.patch).
 * Throws a DataFlowError naming the key and batch `index` when the key is missing or its value is
 * not a `[jpeg, label]` datapoint.
 */
export function lmdbJpegReader(path: string): (batch: JpegBatch, k: number, index: number) => Uint8Array {
  let env: ReadOnlyLmdb | undefined;
  return (batch, k, index) => {
    env ??= openReadOnly(FLOW, path);
    const item = jpegOf(batch, k);
    const key = Buffer.from(item.buffer, item.byteOffset, item.length);
    const where = (): string => `key ${printKey(key)} (item ${k} of batch ${index})`; // only for an error
    const value = env.view(key);
    if (value === undefined) throw new DataFlowError(FLOW, `${where()} is not in ${env.info.dataFile}`, { index });
    const dp = loads(value, { source: path, key }, ARRAY_VIEWS);
    if (!Array.isArray(dp) || dp.length !== 2) throw new DataFlowError(FLOW, `${where()}: expected a [jpeg, label] datapoint`, { index });
    const jpeg = checkJpegDatapoint(dp[0], dp[1], where, index, FLOW);
    batch.labels[k] = dp[1] as number;
    return jpeg.data;
  };
}
