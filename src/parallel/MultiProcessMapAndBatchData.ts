import type { DataFlow } from '../core/DataFlow.ts';
import { checkPositiveInt } from '../core/errors.ts';
import type { FnRef } from './FlowRef.ts';
import { ParallelMapper, type MapperOptions } from './ParallelMapper.ts';

export type MapAndBatchOptions = Omit<MapperOptions, 'chunkSize'>;

/**
 * MultiProcessMapData that also batches in the worker processes (tensorpack's
 * MultiProcessMapAndBatchData): each task is `batchSize` consecutive inputs; a worker maps them and
 * stacks the outputs into one batch as BatchData does, so the batch is assembled where it was made
 * and crosses to this process whole. A dropped output makes its batch smaller; a batch whose
 * outputs were all dropped is skipped.
 *
 *   ds yields [1], [2], [3], [4], [5] → MultiProcessMapAndBatchData(ds, 2, double, 2, { strict: true, ordered: true })
 *     yields [NDArray [2, 4]], [NDArray [6, 8]]   (the remainder [5] is dropped, as in BatchData)
 *
 * Length: floor(upstream length / batchSize). With one process, the same batches as
 * BatchData(MapData(ds, f), batchSize).
 */
export class MultiProcessMapAndBatchData<I, O> extends ParallelMapper<I, O> {
  constructor(ds: DataFlow<I>, numProc: number, mapFunc: FnRef, batchSize: number, options: MapAndBatchOptions = {}) {
    checkPositiveInt('MultiProcessMapAndBatchData', 'batchSize', batchSize);
    super(ds, numProc, mapFunc, { bufferSize: Math.max(options.bufferSize ?? 0, 2 * numProc * batchSize), ...withoutBuffer(options) }, 'process', true, batchSize);
  }
}

function withoutBuffer(options: MapAndBatchOptions): MapAndBatchOptions {
  const { bufferSize: _ignored, ...rest } = options;
  return rest;
}
