// tensorpack's imgaug: augmentors by family, the deterministic transforms they make, and the
// flows that apply them to datapoints.
export { Augmentor, Transform, checkCoords, type Coords, type RandomSource } from './base.ts';
export { FixedDraws } from './FixedDraws.ts';
export { AugmentorList } from './AugmentorList.ts';
export { NoOpTransform, ResizeTransform, CropTransform, WarpAffineTransform, FlipTransform, TransposeTransform } from './transforms.ts';
export { PhotometricTransform, TransformFactory, TransformList, LazyTransform } from './transformMeta.ts';
export { ColorSpace, Grayscale, ToUint8, ToFloat32 } from './convert.ts';
export { RandomCrop, CenterCrop, RandomCropRandomShape, GoogleNetRandomCropAndResize, RandomCutout, type GoogleNetOptions, type SizeRange } from './crop.ts';
export { Shift, Rotation, RotationAndCropValid, Affine, largestRotatedRect, type AffineOptions, type BorderOptions, type RotationOptions } from './geometry.ts';
export { Brightness, BrightnessScale, Contrast, MeanVarianceNormalize, MinMaxNormalize, Gamma, Clip } from './imgproc.ts';
export { Hue, Saturation, Lighting, GaussianBlur, type GaussianBlurOptions } from './imgprocColor.ts';
export { Identity, RandomApplyAug, RandomChooseAug, RandomOrderAug, MapImage } from './meta.ts';
export { Flip, Resize, ResizeShortestEdge, RandomResize, Transpose, type RandomResizeOptions, type Shape2D } from './misc.ts';
export { JpegNoise, GaussianNoise, SaltPepperNoise } from './noise.ts';
export { CenterPaste, RandomPaste, ConstantBackgroundFiller, type BackgroundFiller } from './paste.ts';
export { AugmentImageComponent, type AugmentImageComponentOptions } from '../AugmentImageComponent.ts';
export { AugmentImageComponents, type AugmentImageComponentsOptions } from '../AugmentImageComponents.ts';
export { AugmentImageCoordinates, type AugmentImageCoordinatesOptions } from '../AugmentImageCoordinates.ts';
export type { AugmentFlowOptions, ComponentIndex } from '../AugmentFlow.ts';
export * from '../kernels/index.ts';
