import { DataFlowError } from '../core/errors.ts';
import { openReadOnly, type ReadOnlyLmdb } from '../formats/lmdb/openReadOnly.ts';
import { loads, printKey } from '../formats/serialize/index.ts';
import { checkJpegDatapoint, jpegOf, type JpegBatch } from './JpegBatch.ts';

const FLOW = 'lmdbJpegReader';

/**
 * For workers that read the LMDB themselves: given a batch of keys (packKeyBatch), item k's JPEG,
 * read from the `[jpeg, label]` LMDB at `path` (opened in this thread on first use); its label
 * goes into `batch.labels[k]`. The JPEG is a view of lmdb-js's read buffer, not a copy: decode it
 * before the next read in this thread.
 * Throws a DataFlowError naming the key and batch `index` when the key is missing or its value is
 * not a `[jpeg, label]` datapoint.
 */
export function lmdbJpegReader(path: string): (batch: JpegBatch, k: number, index: number) => Uint8Array {
  let env: ReadOnlyLmdb | undefined;
  return (batch, k, index) => {
    env ??= openReadOnly(FLOW, path);
    const item = jpegOf(batch, k);
    const key = Buffer.from(item.buffer, item.byteOffset, item.length);
    // getBinaryFast's buffer is shared and its `length` is patched to the value's size
    const found = env.db.getBinaryFast(key);
    if (found === undefined) throw new DataFlowError(FLOW, `key ${printKey(key)} (item ${k} of batch ${index}) is not in ${env.info.dataFile}`, { index });
    const dp = loads(found.subarray(0, found.length), { source: path, key }, { arrayViews: true });
    const where = `key ${printKey(key)} (item ${k} of batch ${index})`;
    if (!Array.isArray(dp) || dp.length !== 2) throw new DataFlowError(FLOW, `${where}: expected a [jpeg, label] datapoint`, { index });
    const jpeg = checkJpegDatapoint(dp[0], dp[1], where, index, FLOW);
    batch.labels[k] = dp[1] as number;
    return jpeg.data;
  };
}
