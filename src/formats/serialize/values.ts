// Small helpers both codecs use to build decoded values safely.

/** A copy of `bytes` in a Buffer with its own ArrayBuffer (not Node's shared pool, not the input). */
export function copyBytes(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafeSlow(bytes.length);
  out.set(bytes);
  return out;
}

/** obj[key] = value, also for the key '__proto__' (which an assignment would treat as the prototype). */
export function setEntry(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A plain JS object (written as a dict with str keys), as opposed to a class instance. */
export function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Whether a dict key can be an object property without changing the dict's order: a str that is
 * not an array index (JS objects list keys like "2" first, in numeric order).
 */
export function isObjectKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const c = key.charCodeAt(0);
  return !(c >= 0x30 && c <= 0x39 && /^(0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1);
}

/**
 * A Python dict as JS: a plain object when every key is a str that keeps its place as a property
 * (see isObjectKey), else a Map — so the dict's order is always kept.
 */
export function dictFromEntries(entries: readonly (readonly [unknown, unknown])[]): Record<string, unknown> | Map<unknown, unknown> {
  for (const [k] of entries) if (!isObjectKey(k)) return new Map(entries);
  const obj: Record<string, unknown> = {};
  for (const [k, v] of entries) setEntry(obj, k as string, v);
  return obj;
}
