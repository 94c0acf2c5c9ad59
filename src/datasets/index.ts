export { SyntheticJpegDataset, type SyntheticJpegOptions } from './SyntheticJpegDataset.ts';
export { syntheticJpegLmdb } from './syntheticJpegLmdb.ts';
export { imagenetAugment, imagenetAugmentors, imagenetAugmentRef, timeAugmentSteps, type ImageDatapoint, type ImagenetAugmentOptions, type JpegDatapoint } from './imagenetAugment.ts';
export { imagenetTrainFlow, type ImagenetTrainFlowOptions, type ImagenetTrainStages } from './imagenetTrainFlow.ts';
