/**
 * The loop shared by RandomChooseData and RandomMixData: for each flow index that `picks` yields,
 * the next datapoint of that flow. When the picked flow has ended, `ended(i)` decides: return to
 * end the pass, or throw. Every iterator is closed at the end, however the pass ends.
 */
export function* drawFrom<T>(its: readonly Iterator<T>[], picks: Iterable<number>, ended: (i: number) => void): Generator<T> {
  try {
    for (const i of picks) {
      const r = its[i]!.next();
      if (r.done) return ended(i);
      yield r.value;
    }
  } finally {
    for (const it of its) it.return?.();
  }
}

/** `drawFrom` over async iterators. */
export async function* drawFromAsync<T>(its: readonly AsyncIterator<T>[], picks: Iterable<number>, ended: (i: number) => void): AsyncGenerator<T> {
  try {
    for (const i of picks) {
      const r = await its[i]!.next();
      if (r.done) return ended(i);
      yield r.value;
    }
  } finally {
    await Promise.all(its.map((it) => it.return?.()));
  }
}
