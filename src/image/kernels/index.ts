export { checkImage, dimsOf, newImage, type Image, type ImageDims, type ImageDType } from './image.ts';
export { resize, INTERPS, type Interp } from './resize.ts';
export { warpAffine, invertAffine, rotationMatrix2D, type AffineMatrix, type BorderMode } from './warpAffine.ts';
export { cvtColor, COLOR_CONVERSIONS, type ColorConversion } from './color.ts';
export { gaussianBlur, gaussianKernel } from './gaussianBlur.ts';
