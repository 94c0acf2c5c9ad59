import type { DataFlow } from '../core/DataFlow.ts';
import type { FnRef } from './FlowRef.ts';
import { ParallelMapper, type MapperOptions } from './ParallelMapper.ts';

/**
 * MapData with the map function running in `numProc` child processes, over ZeroMQ (tensorpack's
 * MultiProcessMapData / MultiProcessMapDataZMQ): this process PUSHes chunks of inputs, the workers
 * PULL them and PUSH the outputs back to one PULL socket. Socket files live in a temporary
 * directory removed when the pass ends (or the process exits or is signalled).
 *
 *   new MultiProcessMapData(ds, 2, { module: new URL('./fns.ts', import.meta.url), export: 'double' })
 *     ds yields [1], [2], [3] → yields [2], [4], [6] in some order
 *
 * Length, passes, `strict`, `ordered`, drops: as MultiThreadMapData.
 */
export class MultiProcessMapData<I, O> extends ParallelMapper<I, O> {
  constructor(ds: DataFlow<I>, numProc: number, mapFunc: FnRef, options: MapperOptions = {}) {
    super(ds, numProc, mapFunc, options, 'process', true);
  }
}

/** tensorpack's other name for it. */
export const MultiProcessMapDataZMQ = MultiProcessMapData;
