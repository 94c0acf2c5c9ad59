import type { DataFlow } from '../core/DataFlow.ts';
import { LMDBSerializer } from '../formats/lmdb/LMDBSerializer.ts';
import { MultiProcessMapData } from '../parallel/MultiProcessMapData.ts';
import { MultiThreadMapData } from '../parallel/MultiThreadMapData.ts';
import { BatchData } from '../transforms/BatchData.ts';
import { LocallyShuffleData } from '../transforms/LocallyShuffleData.ts';
import type { Batched } from '../transforms/stack.ts';
import { imagenetAugmentRef, type ImageDatapoint, type ImagenetAugmentOptions, type JpegDatapoint } from './imagenetAugment.ts';

export interface ImagenetTrainFlowOptions extends ImagenetAugmentOptions {
  /** Parallel workers decoding and augmenting. Default 2. */
  readonly workers?: number;
  /** 'thread' (default: worker threads, MultiThreadMapData) or 'process' (MultiProcessMapData). */
  readonly workerKind?: 'thread' | 'process';
  /** Default 64. */
  readonly batchSize?: number;
  /** LocallyShuffleData's buffer. Default 1000 (tensorpack's example uses 50000: ~1.4 GB of JPEGs). */
  readonly shuffleBuffer?: number;
  readonly seed?: number;
}

/** The stages of the pipeline, to time them one by one. */
export interface ImagenetTrainStages {
  readonly read: DataFlow<JpegDatapoint>;
  readonly shuffled: DataFlow<JpegDatapoint>;
  readonly augmented: DataFlow<ImageDatapoint>;
  readonly batched: DataFlow<Batched<ImageDatapoint>>;
}

/**
 * tensorpack's ImageNet training dataflow over an LMDB of `[jpeg, label]` (the layout of its
 * "efficient dataflow" tutorial, see SyntheticJpegDataset):
 *
 *   LMDBSerializer.load(path, shuffle=false) → LocallyShuffleData(shuffleBuffer)
 *     → MultiThreadMapData(workers, decode + GoogleNetRandomCropAndResize + Flip + BrightnessScale)
 *     → BatchData(batchSize)
 *
 * yields [images NDArray<uint8>[batchSize,224,224,3], labels [batchSize]]; length ⌊n / batchSize⌋.
 * Each stage is returned too, so that a caller can time them separately.
 */
export function imagenetTrainFlow(path: string, options: ImagenetTrainFlowOptions = {}): ImagenetTrainStages {
  const { workers = 2, workerKind = 'thread', batchSize = 64, shuffleBuffer = 1000, seed } = options;
  const read = LMDBSerializer.load<JpegDatapoint>(path, { shuffle: false });
  const shuffled = new LocallyShuffleData(read, shuffleBuffer, { seed });
  const ref = imagenetAugmentRef({ size: options.size, order: options.order });
  const Mapper = workerKind === 'thread' ? MultiThreadMapData : MultiProcessMapData;
  const augmented = new Mapper<JpegDatapoint, ImageDatapoint>(shuffled, workers, ref, { strict: true, seed });
  const batched = new BatchData(augmented, batchSize);
  return { read, shuffled, augmented, batched };
}
