import assert from 'node:assert/strict';
import type { DataFlow, Length } from '../src/core/DataFlow.ts';
import { DataFromGenerator } from '../src/core/sources/DataFromGenerator.ts';
import { DataFromList } from '../src/core/sources/DataFromList.ts';

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

/** The first `n` datapoints of one pass; breaking out of the loop runs `return()` down the chain. */
export function take<T>(flow: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const dp of flow) if (out.push(dp) === n) break;
  return out;
}

/** `take` for `for await`. */
export async function takeAsync<T>(flow: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  if (n <= 0) return out;
  for await (const dp of flow) if (out.push(dp) === n) break;
  return out;
}

/**
 * A source that records its passes in `events` ('open', then 'close' from the generator's
 * `finally`): the probe of the cleanup tests. Sync by default, an async generator with `async`.
 */
export function recordingSource<T>(values: readonly T[], options: { async?: boolean } = {}): { flow: DataFromGenerator<T>; events: string[] } {
  const events: string[] = [];
  const flow = options.async
    ? new DataFromGenerator(async function* () {
      events.push('open');
      try {
        for (const v of values) yield v;
      } finally {
        events.push('close');
      }
    }, { size: values.length })
    : new DataFromGenerator(function* () {
      events.push('open');
      try {
        for (const v of values) yield v;
      } finally {
        events.push('close');
      }
    }, { size: values.length });
  return { flow, events };
}

/** A non-TTY stream stub that keeps what is written (for progress, PrintData, TestDataSpeed). */
export function textStream(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY: false, write: (s: string) => chunks.push(String(s)) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

/** True when A and B are the same type (not merely assignable): `assertType<Equal<A, B>>()`. */
export type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;

/** A compile-time check: `tsc --noEmit` fails when the type argument is not `true`. */
export function assertType<_ extends true>(): void {}

/** A compile-time check that `value` is assignable to T. */
export function expectType<T>(_value: T): void {}

/**
 * The lengths `make` gives over three upstreams yielding [0], [1], ...: six datapoints (a list),
 * six of unknown length (a generator), and an endless one. Reads: [known, unknown, infinite].
 */
export function lengthsOver(make: (ds: DataFlow<[number]>) => DataFlow<unknown>): Length[] {
  const known = new DataFromList(Array.from({ length: 6 }, (_, i): [number] => [i]), { shuffle: false });
  const unknown = new DataFromGenerator(function* (): Generator<[number]> {
    for (let i = 0; i < 6; i++) yield [i];
  });
  const endless = new DataFromGenerator(function* (): Generator<[number]> {
    for (let i = 0; ; i++) yield [i];
  }, { size: Infinity });
  return [make(known).length, make(unknown).length, make(endless).length];
}

/** A list source in the list's order (no shuffling): the usual upstream of a test. */
export function listOf<T>(values: readonly T[]): DataFromList<T> {
  return new DataFromList(values, { shuffle: false });
}
