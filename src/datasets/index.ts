export { SyntheticJpegDataset, type SyntheticJpegOptions } from './SyntheticJpegDataset.ts';
export { syntheticJpegLmdb } from './syntheticJpegLmdb.ts';
export { imagenetAugment, imagenetAugmentBatch, imagenetAugmentBatchRef, imagenetAugmentors, imagenetAugmentRef, timeAugmentSteps, type ImageDatapoint, type ImagenetAugmentOptions, type JpegDatapoint } from './imagenetAugment.ts';
export { imagenetTrainFlow, type ImageBatch, type ImagenetTrainFlowOptions, type ImagenetTrainStages } from './imagenetTrainFlow.ts';
export { jpegOf, packJpegBatch, type JpegBatch } from './JpegBatch.ts';
export { BatchSlots, RecycleBatches, TakeSlots } from './BatchSlots.ts';
