export { SyntheticJpegDataset, type SyntheticJpegOptions } from './SyntheticJpegDataset.ts';
export { syntheticJpegLmdb } from './syntheticJpegLmdb.ts';
export { imagenetAugment, imagenetAugmentBatch, imagenetAugmentBatchRef, imagenetAugmentors, imagenetAugmentRef, timeAugmentSteps, type ImageDatapoint, type ImagenetAugmentBatchOptions, type ImagenetAugmentOptions, type JpegDatapoint } from './imagenetAugment.ts';
export { imagenetTrainFlow, type ImageBatch, type ImagenetTrainFlowOptions, type ImagenetTrainStages } from './imagenetTrainFlow.ts';
export { checkJpegDatapoint, jpegOf, packJpegBatch, packKeyBatch, type JpegBatch } from './JpegBatch.ts';
export { lmdbJpegReader } from './lmdbJpegReader.ts';
export { BatchSlots, RecycleBatches, TakeSlots } from './BatchSlots.ts';
