import { formatShape, shapeSize, type NDArray } from '../../core/NDArray.ts';
import { DataFlowError } from '../../core/errors.ts';
import { itemSize } from '../../core/dtype.ts';
import { ndarrayFromBytes, parseNumpyDType } from '../serialize/numpyTypes.ts';
import { parseNpy } from './npy.ts';

/**
 * The array in a `.npy` file's bytes, as `np.save` writes it (format versions 1–3): any plain
 * dtype, little- or big-endian, C or Fortran order (reordered to C order, as `np.ascontiguousarray`
 * would). The data is copied into aligned memory; `name` goes into the error messages.
 *
 *   readNpy(readFileSync('label.npy'), 'label.npy')  → NDArray<'int32'>[1], [7]
 */
export function readNpy(bytes: Uint8Array, name = 'npy'): NDArray {
  const fail = (why: string): never => {
    throw new DataFlowError('readNpy', `${name} ${why}`);
  };
  let parsed: ReturnType<typeof parseNpy> | undefined;
  try {
    parsed = parseNpy(bytes);
  } catch (e) {
    fail((e as Error).message);
  }
  const { header, data } = parsed!;
  let type: ReturnType<typeof parseNumpyDType> | undefined;
  try {
    type = parseNumpyDType(header.descr);
  } catch (e) {
    fail(`has an ${(e as Error).message}`);
  }
  const bytesNeeded = shapeSize(header.shape) * itemSize(type!.dtype);
  if (data.length < bytesNeeded) {
    fail(`is truncated: shape ${formatShape(header.shape)} of ${type!.dtype} needs ${bytesNeeded} data bytes, the file has ${data.length}`);
  }
  return ndarrayFromBytes(data.subarray(0, bytesNeeded), type!, header.shape, header.fortranOrder);
}
