import { closeSync, openSync, readSync } from 'node:fs';
import { DataFlow, type Length } from '../../core/DataFlow.ts';
import { DataFlowError } from '../../core/errors.ts';
import { maskedCrc32c } from './framing.ts';

/**
 * Reads a TFRecord file and yields each record's bytes, checking both CRCs (like
 * `tf.python_io.tf_record_iterator`, without TensorFlow). A TFRecord file stores no count, so the
 * length is unknown (`null`).
 *
 *   file with records <a>, <bc> → new TFRecordData(file) yields <a>, <bc>; length null
 */
export class TFRecordData extends DataFlow<Buffer> {
  constructor(readonly path: string) {
    super();
  }

  get length(): Length {
    return null;
  }

  protected override *iterate(): Iterator<Buffer> {
    const fd = openSync(this.path, 'r');
    try {
      const head = Buffer.alloc(12);
      const tail = Buffer.alloc(4);
      let offset = 0;
      for (let index = 0; ; index++) {
        const fail = (what: string): never => {
          throw new DataFlowError(this.flowName, `${this.path}: record ${index} (at byte ${offset}) ${what}`, { index });
        };
        const got = readSync(fd, head, 0, 12, offset);
        if (got === 0) return;
        if (got < 12) fail(`is truncated: ${got} of its 12 header bytes`);
        if (head.readUInt32LE(8) !== maskedCrc32c(head.subarray(0, 8))) fail('has a bad length crc: not a TFRecord file, or corrupt');
        const size = Number(head.readBigUInt64LE(0));
        const data = Buffer.allocUnsafe(size);
        const n = size === 0 ? 0 : readSync(fd, data, 0, size, offset + 12);
        const m = readSync(fd, tail, 0, 4, offset + 12 + size);
        if (n < size || m < 4) fail(`is truncated: ${n + m} of its ${size + 4} data and crc bytes`);
        if (tail.readUInt32LE(0) !== maskedCrc32c(data)) fail('has a bad data crc: corrupt');
        offset += size + 16;
        yield data;
      }
    } finally {
      closeSync(fd);
    }
  }
}
