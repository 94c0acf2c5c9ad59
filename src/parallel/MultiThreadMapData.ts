import type { DataFlow } from '../core/DataFlow.ts';
import type { FnRef } from './FlowRef.ts';
import { ParallelMapper, type MapperOptions } from './ParallelMapper.ts';

/**
 * MapData with the map function running in `numThread` worker threads (tensorpack's
 * MultiThreadMapData — but real threads: JavaScript has no GIL to share). The upstream runs in this
 * thread; the function is named by reference and gets `(dp, index, ctx)`; a `null`/`undefined`
 * result drops the datapoint. Outputs' typed arrays are moved back, not copied.
 *
 *   // fns.ts: export const double = ([x]: [number]) => [2 * x];
 *   new MultiThreadMapData(ds, 2, { module: new URL('./fns.ts', import.meta.url), export: 'double' }, { strict: true, ordered: true })
 *     ds yields [1], [2], [3] → yields [2], [4], [6]
 *
 * Length: the upstream's (an upper bound when the function drops). One pass: with `strict`, the
 * outputs of exactly one upstream pass; otherwise `length` outputs of an endless repetition of the
 * upstream, unfinished work carrying over to the next pass (see ParallelMapper). Unordered
 * (the default) yields outputs as they complete; `ordered` in input order.
 */
export class MultiThreadMapData<I, O> extends ParallelMapper<I, O> {
  constructor(ds: DataFlow<I>, numThread: number, mapFunc: FnRef, options: MapperOptions = {}) {
    super(ds, numThread, mapFunc, options, 'thread', false);
  }
}
