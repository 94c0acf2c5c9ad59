import { Unpackr } from 'msgpackr';
import type { NDArray } from '../../core/NDArray.ts';
import { decodeError, describeValue, type DecodeContext } from './decodeError.ts';
import { checkShape, ndarrayFromBytes, parseNumpyDType, scalarFromBytes } from './numpyTypes.ts';
import type { NumpyScalar } from './NumpyScalar.ts';
import { copyBytes, dictFromEntries } from './values.ts';

// tensorpack's msgpack-numpy maps have bin keys, so maps must not become objects inside msgpackr;
// records (a msgpackr extension) are never in tensorpack's data. int64AsType 'auto': |x| ≤ 2^53 → number,
// else bigint (msgpackr's README and code have 'auto'; its type declarations lack it).
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: 'auto' as 'bigint' });

const ASCII = new TextDecoder('latin1');
const ARRAY_KEYS = ['nd', 'type', 'kind', 'shape', 'data'];
const SCALAR_KEYS = ['nd', 'type', 'data'];
const KEY_BYTES = new Map(ARRAY_KEYS.map((k) => [k, Buffer.from(k, 'latin1')]));

function keyIs(k: unknown, name: string): boolean {
  const want = KEY_BYTES.get(name)!;
  if (!(k instanceof Uint8Array) || k.length !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (k[i] !== want[i]) return false;
  return true;
}

const keyName = (k: unknown): string => (k instanceof Uint8Array ? ASCII.decode(k) : describeValue(k));

/** msgpack-numpy's ndarray map `{nd: true, type, kind, shape, data}` or scalar map `{nd: false, type, data}`, keys in that order. */
function numpyFromMap(map: Map<unknown, unknown>): NDArray | NumpyScalar {
  const keys = [...map.keys()];
  const values = [...map.values()];
  const nd = values[0];
  const names = nd === true ? ARRAY_KEYS : SCALAR_KEYS;
  if (keys.length !== names.length || !keys.every((k, i) => keyIs(k, names[i]!))) {
    throw new Error(`a msgpack-numpy map must have the keys ${names.join(',')}, got ${keys.map(keyName).join(',')}`);
  }
  const type = values[1];
  const data = values[names.length - 1];
  const typeStr = type instanceof Uint8Array ? ASCII.decode(type) : type;
  if (typeof typeStr !== 'string') throw new Error(`a msgpack-numpy 'type' must be a dtype string, got ${describeValue(type)}`);
  if (!(data instanceof Uint8Array)) throw new Error(`a msgpack-numpy 'data' must be bin, got ${describeValue(data)}`);
  const dtype = parseNumpyDType(typeStr);
  if (nd === false) return scalarFromBytes(data, dtype);
  const kind = values[2];
  if (!(kind instanceof Uint8Array) || kind.length !== 0) {
    throw new Error(`msgpack-numpy 'kind' ${kind instanceof Uint8Array ? JSON.stringify(ASCII.decode(kind)) : describeValue(kind)} is not supported (only plain dtypes, kind b'')`);
  }
  return ndarrayFromBytes(data, dtype, checkShape(values[3]));
}

function isNumpyMap(map: Map<unknown, unknown>): boolean {
  const first = map.keys().next().value;
  return first instanceof Uint8Array && first.length === 2 && first[0] === 0x6e && first[1] === 0x64; // b'nd'
}

/** msgpackr's output → our values: maps → objects (str keys) or Maps, bin → own Buffers, numpy maps → NDArray / NumpyScalar. */
function convert(v: unknown): unknown {
  if (typeof v !== 'object') {
    if (v === undefined) throw new Error('undefined (msgpack ext type 0) has no Python counterpart');
    return v;
  }
  if (v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = convert(v[i]);
    return v;
  }
  if (v instanceof Map) {
    if (isNumpyMap(v)) return numpyFromMap(v);
    const entries: [unknown, unknown][] = [];
    for (const [k, x] of v) entries.push([convert(k), convert(x)]);
    return dictFromEntries(entries);
  }
  if (v instanceof Uint8Array) return copyBytes(v);
  throw new Error(`unsupported msgpack extension value (${describeValue(v)})`);
}

/** Decodes tensorpack's msgpack (with msgpack-numpy maps); errors name the source and key. */
export function msgpackLoads(bytes: Uint8Array, ctx?: DecodeContext): unknown {
  try {
    if (bytes.length === 0) throw new Error('empty input (0 bytes)');
    return convert(unpackr.unpack(bytes));
  } catch (error) {
    throw decodeError('msgpack', ctx, error);
  }
}
