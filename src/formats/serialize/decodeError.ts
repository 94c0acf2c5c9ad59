import { DataFlowError } from '../../core/errors.ts';

/** Where a serialized value came from, for error messages: the file (or socket) and the key or record. */
export interface DecodeContext {
  /** A file path, an address, ... */
  readonly source?: string;
  /**
   * An LMDB key (string, or its bytes: turned into text only if an error needs it) or a record
   * index (number; also set as the error's `index`).
   */
  readonly key?: string | Uint8Array | number;
}

/** A key for an error message: quoted text when it is printable ASCII, else 0x and hex. */
export function printKey(key: string | Uint8Array): string {
  if (typeof key === 'string') return JSON.stringify(key);
  const ascii = key.every((b) => b >= 0x20 && b < 0x7f);
  return ascii ? JSON.stringify(Buffer.from(key).toString('latin1')) : `0x${Buffer.from(key).toString('hex')}`;
}

function where(ctx: DecodeContext | undefined): string {
  const parts: string[] = [];
  if (ctx?.key !== undefined) parts.push(typeof ctx.key === 'number' ? `record ${ctx.key}` : `key ${printKey(ctx.key)}`);
  if (ctx?.source !== undefined) parts.push(`in ${ctx.source}`);
  return parts.length === 0 ? '' : ` ${parts.join(' ')}`;
}

/**
 * The error every decoder throws: it names the serializer, the source and key when known, and
 * what was wrong.
 *
 *   pickle: cannot decode key "00000003" in train.lmdb: global os.system is not allowed (...)
 */
export function decodeError(serializer: string, ctx: DecodeContext | undefined, cause: unknown): DataFlowError {
  const what = cause instanceof Error ? cause.message : String(cause);
  const index = typeof ctx?.key === 'number' ? ctx.key : undefined;
  return new DataFlowError(serializer, `cannot decode${where(ctx)}: ${what}`, index === undefined ? { cause } : { index, cause });
}

/** The error every encoder throws, naming the serializer and the value it cannot write. */
export function encodeError(serializer: string, what: string): DataFlowError {
  return new DataFlowError(serializer, `cannot encode ${what}`);
}

/** A short description of an unsupported JS value, for encodeError. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'object' && value !== null) {
    const name = (value as object).constructor?.name ?? 'null-prototype object';
    const article = /^[AEIOU]/i.test(name) ? 'an' : 'a';
    return ArrayBuffer.isView(value) ? `${article} ${name} (wrap typed arrays in an NDArray)` : `${article} ${name}`;
  }
  return `${typeof value} ${String(value)}`;
}
