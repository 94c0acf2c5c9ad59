// The only globals a pickle may name, each mapped to our own constructor. Nothing is imported or
// executed: an unknown global (os.system, builtins.eval, ...) is an error before any call happens.
import { formatShape, shapeSize, type NDArray, type Shape } from '../../../core/NDArray.ts';
import { describeValue } from '../decodeError.ts';
import type { NumpyScalar } from '../NumpyScalar.ts';
import { arrayMemory, type ArrayMemory } from '../arrayMemory.ts';
import { checkShape, ndarrayFromBytes, parseNumpyDType, scalarFromBytes, type NumpyDType } from '../numpyTypes.ts';
import { copyBytes } from '../values.ts';

/** LoadsOptions.memory of the pickleLoads call in progress (decoding is synchronous): where array data is copied. */
let memory: ArrayMemory = arrayMemory;

/** Runs `read` with arrays copied into `m` (default arrayMemory). */
export function withArrayMemory<T>(m: ArrayMemory | undefined, read: () => T): T {
  memory = m ?? arrayMemory;
  try {
    return read();
  } finally {
    memory = arrayMemory;
  }
}

/** A whitelisted global, callable through REDUCE or NEWOBJ. */
export class PyGlobal {
  constructor(
    readonly name: string,
    readonly call: (args: unknown[]) => unknown,
  ) {}
}

/** numpy's object dtype ('O8' on 64-bit machines): the array's elements are Python objects. */
const isObjectName = (name: string): boolean => /^[|<>=]?O[48]?$/.test(name);

/**
 * numpy.dtype('f4', False, True), given its byte order by BUILD (3, '<', ...); or the object
 * dtype numpy.dtype('O8', False, True), which BUILD gives the order '|'.
 */
export class PyDType {
  private parsed: NumpyDType | undefined;

  constructor(readonly name: string) {
    this.parsed = isObjectName(name) ? undefined : parseNumpyDType(name);
  }

  get isObject(): boolean {
    return this.parsed === undefined;
  }

  get type(): NumpyDType {
    if (this.parsed === undefined) throw new Error(`numpy dtype ${this.name} (object) has no byte layout`);
    return this.parsed;
  }

  setState(state: unknown): void {
    if (!Array.isArray(state) || state.length < 8) throw new Error(`numpy dtype state must be a tuple of 8 or 9, got ${describeValue(state)}`);
    const [, order, subarray, names] = state as unknown[];
    if (subarray !== null || names !== null) throw new Error(`structured or subarray numpy dtypes are not supported (dtype ${this.name})`);
    if (typeof order !== 'string') throw new Error(`numpy dtype byte order must be a str, got ${describeValue(order)}`);
    if (!this.isObject) this.parsed = parseNumpyDType(`${order}${this.name}`);
  }
}

/** An object array's elements (C order) as nested lists by shape: shape (2, 3) → [[a, b, c], [d, e, f]]; shape () → the element. */
function nestByShape(flat: unknown[], shape: Shape): unknown {
  if (shape.length === 0) return flat[0];
  if (shape.length === 1) return flat;
  const step = shapeSize(shape.slice(1));
  const inner = shape.slice(1);
  return Array.from({ length: shape[0]! }, (_, i) => nestByShape(flat.slice(i * step, (i + 1) * step), inner));
}

/**
 * What numpy.core.multiarray._reconstruct(ndarray, (0,), b'b') makes: an array waiting for BUILD's
 * state. With a plain dtype it becomes an NDArray; with the object dtype (numpy pickles those
 * with a list of the elements instead of bytes) it becomes nested JS arrays by shape, whose
 * elements the reader then resolves like any other value. Nothing is called or imported.
 */
export class PendingArray {
  private built: unknown;
  private isBuilt = false;

  /** state = ([1,] shape, dtype, isFortran, raw bytes or a list of the objects) as ndarray.__reduce__ writes it. */
  setState(state: unknown): void {
    if (!Array.isArray(state) || (state.length !== 4 && state.length !== 5)) throw new Error(`numpy array state must be a tuple of 4 or 5, got ${describeValue(state)}`);
    const [shape, dtype, fortran, raw] = (state.length === 5 ? state.slice(1) : state) as unknown[];
    if (!(dtype instanceof PyDType)) throw new Error(`numpy array state needs a dtype, got ${describeValue(dtype)}`);
    const dims = checkShape(shape);
    if (dtype.isObject) {
      if (!Array.isArray(raw)) throw new Error(`numpy object array data must be a list, got ${describeValue(raw)}`);
      if (raw.length !== shapeSize(dims)) throw new Error(`numpy object array of shape ${formatShape(dims)} holds ${raw.length} elements, expected ${shapeSize(dims)}`);
      // numpy lists an object array's elements in C order even for a Fortran-order array
      this.built = nestByShape(raw, dims);
    } else {
      if (!(raw instanceof Uint8Array)) throw new Error(`numpy array data must be bytes, got ${describeValue(raw)}`);
      this.built = ndarrayFromBytes(raw, dtype.type, dims, fortran === true, 'copy', memory);
    }
    this.isBuilt = true;
  }

  /** The NDArray, or the nested lists of an object array (elements not yet resolved). */
  get value(): unknown {
    if (!this.isBuilt) throw new Error('numpy.core.multiarray._reconstruct without a BUILD state');
    return this.built;
  }
}

const NDARRAY_CLASS = new PyGlobal('numpy.ndarray', () => {
  throw new Error('numpy.ndarray cannot be called directly in a pickle');
});

function arg<T>(args: unknown[], i: number, what: string, ok: (v: unknown) => v is T, fn: string): T {
  const v = args[i];
  if (!ok(v)) throw new Error(`${fn}: argument ${i + 1} must be ${what}, got ${describeValue(v)}`);
  return v;
}
const isDType = (v: unknown): v is PyDType => v instanceof PyDType;
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const isStr = (v: unknown): v is string => typeof v === 'string';

function reconstruct(args: unknown[]): PendingArray {
  if (args[0] !== NDARRAY_CLASS) throw new Error(`_reconstruct: only numpy.ndarray is supported, got ${describeValue(args[0])}`);
  return new PendingArray();
}

function frombuffer(args: unknown[]): NDArray {
  const buf = arg(args, 0, 'bytes', isBytes, '_frombuffer');
  const dtype = arg(args, 1, 'a numpy dtype', isDType, '_frombuffer');
  const order = arg(args, 3, "'C' or 'F'", (v): v is 'C' | 'F' => v === 'C' || v === 'F', '_frombuffer');
  return ndarrayFromBytes(buf, dtype.type, checkShape(args[2]) as Shape, order === 'F', 'copy', memory);
}

function scalar(args: unknown[]): NumpyScalar {
  const dtype = arg(args, 0, 'a numpy dtype', isDType, 'scalar');
  return scalarFromBytes(arg(args, 1, 'bytes', isBytes, 'scalar'), dtype.type);
}

/** bytes(...) / bytearray(...) as pickled: (), (bytes,), or (str, 'latin-1') in protocol 2. */
function bytesCall(args: unknown[]): Buffer {
  if (args.length === 0) return Buffer.alloc(0);
  if (args[0] instanceof Uint8Array) return copyBytes(args[0]);
  return latin1(args, 'bytes');
}

/** _codecs.encode(str, 'latin1'): how protocol 2 pickles bytes. */
function latin1(args: unknown[], fn = '_codecs.encode'): Buffer {
  const s = arg(args, 0, 'a str', isStr, fn);
  const encoding = arg(args, 1, 'an encoding', isStr, fn).toLowerCase();
  if (encoding !== 'latin1' && encoding !== 'latin-1') throw new Error(`${fn}: only the latin1 encoding is supported, got ${JSON.stringify(encoding)}`);
  return Buffer.from(s, 'latin1');
}

const ALLOWED = new Map<string, PyGlobal>();
for (const numpy of ['numpy.core', 'numpy._core']) {
  ALLOWED.set(`${numpy}.multiarray._reconstruct`, new PyGlobal(`${numpy}.multiarray._reconstruct`, reconstruct));
  ALLOWED.set(`${numpy}.numeric._frombuffer`, new PyGlobal(`${numpy}.numeric._frombuffer`, frombuffer));
  ALLOWED.set(`${numpy}.multiarray.scalar`, new PyGlobal(`${numpy}.multiarray.scalar`, scalar));
}
ALLOWED.set('numpy.ndarray', NDARRAY_CLASS);
ALLOWED.set('numpy.dtype', new PyGlobal('numpy.dtype', (args) => new PyDType(arg(args, 0, 'a dtype name', isStr, 'numpy.dtype'))));
ALLOWED.set('_codecs.encode', new PyGlobal('_codecs.encode', (args) => latin1(args)));
for (const builtins of ['builtins', '__builtin__']) {
  ALLOWED.set(`${builtins}.bytes`, new PyGlobal(`${builtins}.bytes`, bytesCall));
  ALLOWED.set(`${builtins}.bytearray`, new PyGlobal(`${builtins}.bytearray`, bytesCall));
}

/** The whitelisted global `module.name`, or an error naming it. */
export function findGlobal(module: string, name: string): PyGlobal {
  const g = ALLOWED.get(`${module}.${name}`);
  if (g === undefined) {
    throw new Error(`global ${module}.${name} is not allowed: a pickle may only name numpy's array, dtype and scalar constructors and bytes/bytearray (nothing is imported or run)`);
  }
  return g;
}
