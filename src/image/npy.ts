import { NDArray } from '../core/NDArray.ts';
import { DataFlowError } from '../core/errors.ts';
import { fromNumpyStr, itemSize, TYPED_ARRAY_OF } from '../core/dtype.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/**
 * Reads numpy's `.npy` format (versions 1–3): magic, a header dict with `descr`, `fortran_order`
 * and `shape`, then the data. Little-endian C-order arrays only — what `np.save` writes on x86.
 * The data is copied into an aligned typed array.
 */
export function readNpy(bytes: Uint8Array, name = 'npy'): NDArray {
  const fail = (why: string): never => {
    throw new DataFlowError('readNpy', `${name}: ${why}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a .npy file (bad magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1] ?? fail(`header has no descr: ${header}`);
  if (/'fortran_order':\s*True/.test(header)) fail('Fortran-order arrays are not supported');
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? fail(`header has no shape: ${header}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const parsed = fromNumpyStr(descr);
  if (parsed === undefined || parsed.bigEndian) return fail(`unsupported dtype ${descr}`);
  const { dtype } = parsed;
  const offset = start + headerLen;
  const count = shape.reduce((a, b) => a * b, 1);
  const size = itemSize(dtype);
  if (bytes.length - offset < count * size) fail(`expected ${count * size} data bytes, got ${bytes.length - offset}`);
  const buf = new Uint8Array(bytes.subarray(offset, offset + count * size)).buffer; // a copy: Buffer#slice would be a view
  return new NDArray(new TYPED_ARRAY_OF[dtype](buf, 0, count), shape, dtype);
}
