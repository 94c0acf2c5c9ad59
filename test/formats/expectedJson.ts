// The fixtures' language-neutral JSON form (peer.py's to_json) → strict comparisons and JS values.
//   ndarray  {"ndarray": true, "dtype", "shape", "data": flat C-order values}  ⇄ NDArray
//   numpy scalar {"numpy_scalar": true, "dtype", "value"}                      ⇄ NumpyScalar
//   bytes {"bytes_hex"} ⇄ Buffer; float {"float": x} ⇄ number; dict {"dict": {...}} ⇄ plain object (key order)
//   int, bool, None, str, list ⇄ number (bigint beyond 2^53), boolean, null, string, array
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NDArray } from '../../src/core/NDArray.ts';
import { TYPED_ARRAY_OF, isDType, type DType } from '../../src/core/dtype.ts';
import { numberToFloat16Bits } from '../../src/core/float16.ts';
import { NumpyScalar, PyFloat } from '../../src/formats/serialize/index.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/tensorpack');

export interface ExpectedFile {
  readonly count: number;
  /** A description: "'%08d' % index as ASCII bytes, plus b'__keys__'". */
  readonly lmdb_keys: string;
  readonly id_component: number;
  readonly datapoints: unknown[][];
}

let expected: ExpectedFile | undefined;

/** expected.json, parsed once. */
export function loadExpected(): ExpectedFile {
  return (expected ??= JSON.parse(readFileSync(path.join(fixturesDir, 'expected.json'), 'utf8')) as ExpectedFile);
}

/** serialized-<serializer>.json: tensorpack's dumps of every datapoint and of the LMDB key list. */
export function loadSerialized(serializer: 'msgpack' | 'pickle'): { datapoints: Buffer[]; keysValue: Buffer } {
  const j = JSON.parse(readFileSync(path.join(fixturesDir, `serialized-${serializer}.json`), 'utf8')) as { datapoints_hex: string[]; keys_value_hex: string };
  return { datapoints: j.datapoints_hex.map((h) => Buffer.from(h, 'hex')), keysValue: Buffer.from(j.keys_value_hex, 'hex') };
}

/** tensorpack's LMDB keys for datapoints 0..count-1: the 8-digit zero-padded index. */
export function lmdbKeys(count = loadExpected().count): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(String(i).padStart(8, '0'), 'ascii'));
}

type Tagged = { ndarray?: true; numpy_scalar?: true; dtype?: string; shape?: number[]; data?: unknown[]; value?: unknown; bytes_hex?: string; float?: number; dict?: Record<string, unknown> };

const isTagged = (e: unknown): e is Tagged => typeof e === 'object' && e !== null && !Array.isArray(e);

function dtypeOf(e: Tagged): DType {
  assert.ok(isDType(e.dtype), `expected.json has an unknown dtype ${String(e.dtype)}`);
  return e.dtype;
}

function sameElement(dtype: DType, got: unknown, want: unknown): boolean {
  if (dtype === 'bool') return typeof want === 'boolean' && got === (want ? 1 : 0);
  if (dtype === 'int64' || dtype === 'uint64') return typeof got === 'bigint' && Number.isInteger(want) && got === BigInt(want as number);
  if (dtype.startsWith('float')) return typeof want === 'number' && Object.is(got, want);
  return Number.isInteger(want) && got === want;
}

/** Asserts that `actual` is exactly the value `e` describes: types (int vs float, bytes, dtype), values, dict key order. */
export function assertMatchesExpected(actual: unknown, e: unknown, where = 'dp'): void {
  const fail = (what: string): never => assert.fail(`${where}: ${what}`);
  if (Array.isArray(e)) {
    if (!Array.isArray(actual) || actual.length !== e.length) fail(`expected a list of ${e.length}, got ${String(actual)}`);
    e.forEach((x, i) => assertMatchesExpected((actual as unknown[])[i], x, `${where}[${i}]`));
  } else if (isTagged(e)) {
    if (e.ndarray) {
      if (!(actual instanceof NDArray)) return fail(`expected an NDArray, got ${String(actual)}`);
      const dtype = dtypeOf(e);
      if (actual.dtype !== dtype || actual.data.constructor !== TYPED_ARRAY_OF[dtype]) fail(`expected dtype ${dtype}, got ${actual.dtype} in ${actual.data.constructor.name}`);
      assert.deepStrictEqual(actual.shape, e.shape, `${where}: shape`);
      const got = actual.dtype === 'float16' ? actual.toArray() : Array.from(actual.data as ArrayLike<unknown>);
      got.forEach((v, i) => sameElement(dtype, v, e.data![i]) || fail(`element ${i} is ${String(v)}, expected ${String(e.data![i])}`));
    } else if (e.numpy_scalar) {
      if (!(actual instanceof NumpyScalar)) return fail(`expected a NumpyScalar, got ${String(actual)}`);
      if (actual.dtype !== dtypeOf(e) || !sameElement(actual.dtype, actual.data[0], e.value)) fail(`expected numpy ${e.dtype} ${String(e.value)}, got ${String(actual)}`);
    } else if (e.bytes_hex !== undefined) {
      if (!Buffer.isBuffer(actual) || actual.toString('hex') !== e.bytes_hex) fail(`expected bytes ${e.bytes_hex}, got ${String(actual)}`);
    } else if (e.float !== undefined) {
      if (typeof actual !== 'number' || !Object.is(actual, e.float)) fail(`expected float ${e.float}, got ${String(actual)} (${typeof actual})`);
    } else if (e.dict !== undefined) {
      if (typeof actual !== 'object' || actual === null || Object.getPrototypeOf(actual) !== Object.prototype) return fail(`expected a plain object, got ${String(actual)}`);
      assert.deepStrictEqual(Object.keys(actual), Object.keys(e.dict), `${where}: dict keys (in order)`);
      for (const [k, x] of Object.entries(e.dict)) assertMatchesExpected((actual as Record<string, unknown>)[k], x, `${where}[${JSON.stringify(k)}]`);
    } else fail(`unknown expectation ${JSON.stringify(e)}`);
  } else if (typeof e === 'number') {
    const ok = Number.isSafeInteger(e) ? actual === e : typeof actual === 'bigint' && actual === BigInt(e);
    if (!ok) fail(`expected int ${e}, got ${String(actual)} (${typeof actual})`);
  } else if (actual !== e) fail(`expected ${JSON.stringify(e)}, got ${String(actual)} (${typeof actual})`);
}

/** The JS value an expectation describes, ready to encode: floats as PyFloat so that 3.0 stays a float. */
export function valueFromExpected(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(valueFromExpected);
  if (!isTagged(e)) return e;
  if (e.ndarray || e.numpy_scalar) {
    const dtype = dtypeOf(e);
    const values = e.ndarray ? e.data! : [e.value];
    const data = new TYPED_ARRAY_OF[dtype](values.length);
    values.forEach((v, i) => {
      (data as unknown as unknown[])[i] = dtype === 'int64' || dtype === 'uint64' ? BigInt(v as number)
        : dtype === 'float16' ? numberToFloat16Bits(v as number) : Number(v);
    });
    return e.ndarray ? new NDArray(data, e.shape!, dtype) : new NumpyScalar(dtype, data);
  }
  if (e.bytes_hex !== undefined) return Buffer.from(e.bytes_hex, 'hex');
  if (e.float !== undefined) return new PyFloat(e.float);
  if (e.dict !== undefined) return Object.fromEntries(Object.entries(e.dict).map(([k, x]) => [k, valueFromExpected(x)]));
  throw new Error(`unknown expectation ${JSON.stringify(e)}`);
}
