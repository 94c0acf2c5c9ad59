import type { DataFlow } from '../core/DataFlow.ts';
import type { NDArray } from '../core/NDArray.ts';
import { checkArg } from '../core/errors.ts';
import { MemoryPool } from '../core/MemoryPool.ts';
import { DataFromList } from '../core/sources/DataFromList.ts';
import { lmdbKeys } from '../formats/lmdb/LMDBData.ts';
import { LMDBSerializer } from '../formats/lmdb/LMDBSerializer.ts';
import { MultiProcessMapData } from '../parallel/MultiProcessMapData.ts';
import { MultiThreadMapData } from '../parallel/MultiThreadMapData.ts';
import { BatchData } from '../transforms/BatchData.ts';
import { LocallyShuffleData } from '../transforms/LocallyShuffleData.ts';
import { MapData } from '../transforms/MapData.ts';
import { imagenetAugmentBatchRef, type ImagenetAugmentOptions, type JpegDatapoint } from './imagenetAugment.ts';
import { packJpegBatch, packKeyBatch, type JpegBatch, type PackInto } from './JpegBatch.ts';
import { BatchSlots, RecycleBatches, TakeSlots } from './BatchSlots.ts';

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
  /**
   * Threads only. Default false: every batch is a new array. True: a batch (images and labels) is
   * only valid until the consumer asks for the next batch, after which its buffers are refilled
   * (see RecycleBatches) — for a trainer that uploads or copies each batch before asking for the next.
   * The JPEGs then go to the workers in shared buffers too, so nothing is copied or allocated per batch.
   */
  readonly reuseBuffers?: boolean;
  /**
   * Default false: the main thread reads and decodes the LMDB (LMDBSerializer.load), shuffles and
   * packs the JPEGs, as in tensorpack. True: the main thread shuffles and batches only the keys
   * (read once, at the start: ~10 bytes each), and each worker reads its batch's `[jpeg, label]`
   * values from the LMDB itself. Same seed, same batches, bit for bit; the main thread then
   * spends ~4 instead of ~25 µs of CPU per image (B7) (left to the trainer), and no JPEG is copied there.
   */
  readonly readInWorkers?: boolean;
}

/** A batch of the pipeline: images [n, size, size, 3] and their labels [n]. */
export type ImageBatch = [images: NDArray<'uint8'>, labels: NDArray<'int32'>];

/**
 * The stages of the pipeline, to time them one by one. `read`, `shuffled` and `packed` are the
 * main thread's stages of the default mode; with `readInWorkers` the pipeline reads in its workers
 * instead, and they are built (the LMDB opened to count its entries) only if asked for.
 */
export interface ImagenetTrainStages {
  readonly read: DataFlow<JpegDatapoint>;
  readonly shuffled: DataFlow<JpegDatapoint>;
  /** Batches of JPEGs, packed for the workers into new arrays (with reuseBuffers, the pipeline packs them into shared slots instead). */
  readonly packed: DataFlow<JpegBatch>;
  /** The pipeline. */
  readonly batched: DataFlow<ImageBatch>;
}

/**
 * tensorpack's ImageNet training dataflow over an LMDB of `[jpeg, label]` (the layout of its
 * "efficient dataflow" tutorial, see SyntheticJpegDataset), with the batching done where the
 * images are made (the idea of tensorpack's MultiProcessMapAndBatchData):
 *
 *   LMDBSerializer.load(path, shuffle=false) → LocallyShuffleData(shuffleBuffer)
 *     → BatchData(batchSize, useList) → packJpegBatch (one buffer of JPEG bytes per batch)
 *     → MultiThreadMapData(workers, imagenetAugmentBatch: decode + GoogleNetRandomCropAndResize
 *        + Flip + BrightnessScale of each image (or RandomCrop + Flip with `augmentation:
 *        'crop-flip'`), straight into its slot of the batch)
 *     (with reuseBuffers: TakeSlots packs into shared slots before the mapper, RecycleBatches frees them after it; see BatchSlots)
 *     (with readInWorkers: lmdbKeys(path) → LocallyShuffleData → BatchData → packKeyBatch, and the
 *      workers read the values: lmdbJpegReader)
 *
 * yields [images NDArray<uint8>[batchSize,size,size,3], labels NDArray<int32>[batchSize]], in the
 * order the workers finish them; length ⌊n / batchSize⌋ (the remainder is dropped, as BatchData does).
 * Each stage is returned too, so that a caller can time them separately.
 *
 * Why not BatchData after a per-image mapper (the first version): the main thread then received
 * one message per image, owned a fresh 150 KB array per image and copied it into a fresh batch, and
 * the JPEGs went to the workers inside whole 256 KB slabs (see JpegBatch). Here it receives one
 * ready batch per message and only reads, shuffles and packs.
 */
export function imagenetTrainFlow(path: string, options: ImagenetTrainFlowOptions = {}): ImagenetTrainStages {
  const { workers = 2, workerKind = 'thread', batchSize = 64, shuffleBuffer = 1000, seed, size = 224, reuseBuffers = false, readInWorkers = false } = options;
  checkArg('imagenetTrainFlow', !(reuseBuffers && workerKind === 'process'), 'reuseBuffers needs worker threads (its buffers are shared memory), not processes');
  let main: MainThreadStages | undefined;
  const mainStages = (): MainThreadStages => (main ??= mainThreadStages(path, shuffleBuffer, batchSize, seed));
  const slots = reuseBuffers ? new BatchSlots() : undefined;
  const batchBytes = batchSize * size * size * 3;
  // Keys instead of datapoints: LocallyShuffleData and BatchData draw the same numbers for them,
  // so each batch holds the same datapoints in the same order.
  const keyBatches = (): DataFlow<[Buffer[]]> => {
    const keys = new DataFromList(lmdbKeys(path).map((key): [Buffer] => [key]), { shuffle: false });
    return new BatchData(new LocallyShuffleData(keys, shuffleBuffer, { seed }), batchSize, { useList: true });
  };
  const tasks = readInWorkers ? tasksOf(keyBatches(), packKeyBatch, slots, batchBytes) : tasksOf(mainStages().batches, mainStages().pack, slots, batchBytes);
  const ref = imagenetAugmentBatchRef({ size, order: options.order, augmentation: options.augmentation, ...(readInWorkers ? { lmdb: path } : {}) });
  const Mapper = workerKind === 'thread' ? MultiThreadMapData : MultiProcessMapData;
  // One batch per task; two per worker in flight, so that each has the next one queued when it finishes one.
  const mapped = new Mapper<JpegBatch, ImageBatch>(tasks, workers, ref, { strict: true, seed, chunkSize: 1, bufferSize: 2 * workers });
  // The labels of a batch are a view of its packed JPEGs' slot (see imagenetAugmentBatch): both slots go back together.
  const batched = slots ? new RecycleBatches(mapped, slots, ([images, labels]) => [images.data, labels.data]) : mapped;
  return {
    get read() { return mainStages().read; },
    get shuffled() { return mainStages().shuffled; },
    get packed() { return mainStages().packed; },
    batched,
  };
}

interface MainThreadStages {
  readonly read: DataFlow<JpegDatapoint>;
  readonly shuffled: DataFlow<JpegDatapoint>;
  readonly batches: DataFlow<[NDArray<'uint8'>[], number[]]>;
  /** Packs a batch of JPEGs for a worker, and gives their memory back to the pool. */
  readonly pack: (batch: [NDArray<'uint8'>[], number[]], index: number, into?: PackInto) => JpegBatch;
  readonly packed: DataFlow<JpegBatch>;
}

/** The default mode's main thread: read, shuffle, batch and pack the JPEGs. */
function mainThreadStages(path: string, shuffleBuffer: number, batchSize: number, seed: number | undefined): MainThreadStages {
  // Each JPEG is copied out of LMDB's read buffer into pooled memory, held in the shuffle buffer,
  // and copied into its packed batch; nothing reads it after that, so its block goes back to the
  // pool for the next JPEG read (no fresh memory per image: see MemoryPool).
  const memory = new MemoryPool();
  const read = LMDBSerializer.load<JpegDatapoint>(path, { shuffle: false, memory: memory.take });
  const shuffled = new LocallyShuffleData(read, shuffleBuffer, { seed });
  const batches = new BatchData(shuffled, batchSize, { useList: true });
  const pack = (batch: [NDArray<'uint8'>[], number[]], index: number, into?: PackInto): JpegBatch => {
    const out = packJpegBatch(batch, index, into);
    for (const jpeg of batch[0]) memory.give(jpeg.data);
    return out;
  };
  return { read, shuffled, batches, pack, packed: new MapData(batches, pack) };
}

/**
 * The mapper's tasks: each batch packed by `pack`. With slots, each batch's JPEGs (or keys) go
 * into a shared slot (room for 1/8 more, as batches vary in size), which the worker reads where it
 * is, and the images into another of `batchBytes`.
 */
function tasksOf<B>(batches: DataFlow<B>, pack: (batch: B, index: number, into?: PackInto) => JpegBatch, slots: BatchSlots | undefined, batchBytes: number): DataFlow<JpegBatch> {
  if (!slots) return new MapData(batches, pack);
  return new TakeSlots(batches, slots, (b, s, i): JpegBatch => ({ ...pack(b, i, (n) => s.take(n, n * 1.125)), out: s.take(batchBytes) }));
}
