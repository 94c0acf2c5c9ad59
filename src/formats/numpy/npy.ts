// The .npy container (numpy/lib/format.py): magic, version, a Python-literal header dict, data.

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
}

/** A version 1.0 .npy header, padded with spaces so the data starts on a 64-byte boundary (as numpy does). */
export function npyHeader(header: NpyHeader): Buffer {
  const shape = header.shape.length === 1 ? `(${header.shape[0]},)` : `(${header.shape.join(', ')})`;
  const dict = `{'descr': '${header.descr}', 'fortran_order': ${header.fortranOrder ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const unpadded = MAGIC.length + 4 + dict.length + 1;
  const text = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = Buffer.alloc(MAGIC.length + 4 + text.length);
  MAGIC.copy(out);
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(text.length, 8);
  out.write(text, 10, 'latin1');
  return out;
}

/** Parses a .npy file's header; returns it and the data that follows, or throws a message. */
export function parseNpy(bytes: Uint8Array): { header: NpyHeader; data: Uint8Array } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw new Error('is not a .npy array (no \\x93NUMPY magic)');
  const major = buf[6]!;
  if (major < 1 || major > 3) throw new Error(`has .npy format version ${major}.${buf[7]}, expected 1.0 to 3.0`);
  const lengthSize = major === 1 ? 2 : 4;
  if (buf.length < 8 + lengthSize) throw new Error('is truncated inside its .npy header');
  const headerLength = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = 8 + lengthSize;
  if (buf.length < start + headerLength) throw new Error(`is truncated inside its .npy header (${buf.length} bytes)`);
  const text = buf.toString(major === 3 ? 'utf8' : 'latin1', start, start + headerLength);
  const descr = /'descr':\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined) throw new Error(`has an unreadable .npy header ${JSON.stringify(text.trim())}`);
  const dims = shape.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  return { header: { descr, fortranOrder: fortran === 'True', shape: dims }, data: buf.subarray(start + headerLength) };
}
