import assert from 'node:assert/strict';
import type { DataFlow } from '../src/core/DataFlow.ts';

/** One synchronous pass, as an array. */
export function collect<T>(flow: DataFlow<T>): T[] {
  return [...flow];
}

/** One asynchronous pass, as an array. */
export async function collectAsync<T>(flow: DataFlow<T> | AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const dp of flow) out.push(dp);
  return out;
}

/** Asserts the exact sequence of one pass, sync (when the flow is sync) and async alike. */
export async function expectSequence<T>(flow: DataFlow<T>, expected: readonly T[]): Promise<void> {
  if (flow.isSync) assert.deepStrictEqual(collect(flow), expected);
  assert.deepStrictEqual(await collectAsync(flow), expected);
}

/** A sorted copy, for comparing multisets of numbers or JSON-able values. */
export function sorted<T>(values: readonly T[]): T[] {
  return [...values].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}
