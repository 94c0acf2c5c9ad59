/**
 * tensorpack-compatible serializers: what `tensorpack.utils.serialize.dumps/loads` write and read,
 * under both TENSORPACK_SERIALIZE settings.
 *
 *   const bytes = dumps([NDArray.from(new Float32Array([1, 2])), 7]);   // pickle, like tensorpack
 *   loads(bytes)                                                          // [NDArray<float32>[2], 7]
 *   loads(msgpackBytes, { source: 'train.lmdb', key: '00000003' })       // detects msgpack
 *
 * Value mapping, Python ⇄ JS:
 * - list ⇄ array; tuple → array (pickle), and JS arrays are always written as lists;
 * - dict ⇄ plain object when every key is a str that is not an array index like "2" (those would
 *   reorder an object's keys), key order kept; any other dict ⇄ Map (also written from a Map);
 * - str ⇄ string (a lone UTF-16 surrogate cannot be written); bytes ⇄ Buffer (a fresh Buffer
 *   with its own memory; any Uint8Array writes as bytes); bytearray → Buffer;
 * - int → number when |x| ≤ 2^53, else bigint; float → number;
 *   a number writes as int when it is an integer with |x| ≤ 2^53 (not -0), else as float; a
 *   bigint writes as int; `new PyFloat(2)` forces a float. So `2.0` reads as `2` and writes back
 *   as int 2: JS cannot tell them apart;
 * - bool ⇄ boolean; None ⇄ null;
 * - numpy ndarray ⇄ NDArray (all dtypes of dtype.ts; C order; Fortran-order and non-contiguous
 *   pickles are reordered, big-endian dtypes swapped to little-endian; float16 as raw bits;
 *   0-d arrays have shape []); the array gets an aligned copy of the bytes, never a view of the
 *   input (arrays of 8–64 KB share 256 KB slabs: see arrayMemory.ts);
 * - numpy object array (dtype O, pickle only) → nested arrays by its shape, elements decoded
 *   as above (never written: JS arrays write as lists);
 * - numpy scalar (np.float32(0.25), ...) ⇄ NumpyScalar (written back to the same bytes).
 *
 * Reading detects the serializer (a pickle starts with 0x80 and protocol 2..5, which is never a
 * whole msgpack value); writing defaults to pickle, tensorpack's default since 0.9.9.
 */
import { DataFlowError } from '../../core/errors.ts';
import { encodeError, printKey, type DecodeContext } from './decodeError.ts';
import { msgpackLoads } from './msgpackDecode.ts';
import type { LoadsOptions } from './loadsOptions.ts';
import { ByteWriter } from './ByteWriter.ts';
import { msgpackDumps, msgpackWrite } from './msgpackEncode.ts';
import { pickleLoads } from './pickle/reader.ts';
import { pickleDumps, pickleWrite } from './pickle/writer.ts';

export type SerializerName = 'msgpack' | 'pickle';

export type { DecodeContext } from './decodeError.ts';
export type { LoadsOptions } from './loadsOptions.ts';
export type { ArrayMemory } from './arrayMemory.ts';
export { NumpyScalar } from './NumpyScalar.ts';
export { PyFloat } from './PyFloat.ts';
export { ByteWriter, msgpackDumps, msgpackLoads, pickleDumps, pickleLoads, printKey };

/** 'pickle' when the bytes start with 0x80 and a protocol byte 2..5, else 'msgpack'. */
export function detectSerializer(bytes: Uint8Array): SerializerName {
  return bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5 ? 'pickle' : 'msgpack';
}

/** Decodes one serialized datapoint, whichever serializer wrote it. */
export function loads(bytes: Uint8Array, context?: DecodeContext, options?: LoadsOptions): unknown {
  return detectSerializer(bytes) === 'pickle' ? pickleLoads(bytes, context, options) : msgpackLoads(bytes, context, options);
}

/** Serializes a value as tensorpack does; `serializer` defaults to 'pickle'. */
export function dumps(value: unknown, options: { serializer?: SerializerName } = {}): Buffer {
  const w = new ByteWriter();
  dumpsInto(w, value, options);
  return w.finish();
}

/**
 * `dumps`, appending the bytes to `writer` instead of returning a copy:
 *
 *   const w = ByteWriter.owned(1 << 20);
 *   dumpsInto(w, dp1); const end1 = w.pos; dumpsInto(w, dp2);   // w.view(0, end1) is dumps(dp1)
 */
export function dumpsInto(writer: ByteWriter, value: unknown, options: { serializer?: SerializerName } = {}): void {
  const serializer = options.serializer ?? 'pickle';
  try {
    if (serializer === 'pickle') return pickleWrite(writer, value);
    if (serializer === 'msgpack') return msgpackWrite(writer, value);
  } catch (error) {
    if (error instanceof DataFlowError) throw error;
    // a cycle or extreme nesting overflows the stack
    throw encodeError(serializer, `the value: ${error instanceof Error ? error.message : String(error)}`);
  }
  throw new DataFlowError('dumps', `unknown serializer ${JSON.stringify(serializer)} (msgpack or pickle)`);
}
