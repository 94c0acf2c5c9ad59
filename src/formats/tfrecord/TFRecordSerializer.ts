import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import type { DataFlow } from '../../core/DataFlow.ts';
import { checkPositiveInt } from '../../core/errors.ts';
import { MapData } from '../../transforms/MapData.ts';
import { FixedSizeData } from '../../transforms/FixedSizeData.ts';
import { loads, type SerializerName } from '../serialize/index.ts';
import { savePass, serializeDatapoint } from '../savePass.ts';
import { frameRecord } from './framing.ts';
import { TFRecordData } from './TFRecordData.ts';

export interface TFRecordSaveOptions {
  /** Default: tensorpack's default, pickle. */
  readonly serializer?: SerializerName;
}

export interface TFRecordLoadOptions {
  /** The number of datapoints, as TFRecord stores no count: the flow becomes FixedSizeData(size). */
  readonly size?: number;
}

const FLOW = 'TFRecordSerializer';

/**
 * tensorpack's TFRecordSerializer without TensorFlow: one TFRecord per datapoint, holding
 * `dumps(dp)`; a failed save removes its partial file. Loading decodes each record (the serializer is detected).
 *
 *   await TFRecordSerializer.save(new DataFromList([[1], [2]], { shuffle: false }), 'x.tfrecord')
 *   TFRecordSerializer.load('x.tfrecord') yields [1], [2]; length null
 *   TFRecordSerializer.load('x.tfrecord', { size: 2 }) yields [1], [2]; length 2
 */
export class TFRecordSerializer {
  /** Writes one pass of `flow`; resolves to the number of records. */
  static async save<T>(flow: DataFlow<T>, path: string, options: TFRecordSaveOptions = {}): Promise<number> {
    const fd = openSync(path, 'w');
    try {
      const count = await savePass(FLOW, flow, path, (dp, index) => {
        writeSync(fd, frameRecord(serializeDatapoint(FLOW, dp, index, options.serializer)));
      });
      closeSync(fd);
      return count;
    } catch (e) {
      closeSync(fd);
      rmSync(path, { force: true });
      throw e;
    }
  }

  static load<T = unknown>(path: string, options: TFRecordLoadOptions = {}): DataFlow<T> {
    const records = new TFRecordData(path);
    const decoded = new MapData(records, (bytes, index) => loads(bytes, { source: path, key: index }) as T);
    if (options.size === undefined) return decoded;
    checkPositiveInt(FLOW, 'size', options.size);
    return new FixedSizeData(decoded, options.size);
  }
}
