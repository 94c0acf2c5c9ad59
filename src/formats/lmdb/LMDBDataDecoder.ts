import { MapData } from '../../transforms/MapData.ts';
import type { LMDBData, LMDBEntry } from './LMDBData.ts';

/**
 * Decodes each `[key, value]` of an LMDBData into a datapoint; a `null` or `undefined` result
 * drops the entry (as MapData does). Length: the LMDBData's.
 *
 *   new LMDBDataDecoder(lmdbData, (key, value) => [key.toString(), value.length])
 *     yields ['00000000', 1030], ['00000001', 1031], ...
 */
export class LMDBDataDecoder<T> extends MapData<LMDBEntry, T> {
  readonly lmdbData: LMDBData;

  constructor(lmdbData: LMDBData, decoder: (key: Buffer, value: Buffer) => T) {
    super(lmdbData, (entry) => decoder(entry[0], entry[1]));
    this.lmdbData = lmdbData;
  }

  /** Closes the LMDB environment (the next pass reopens it). */
  close(): void {
    this.lmdbData.close();
  }
}
