export * from './decode/index.ts';
export * from './augment/index.ts';
export { ImageFromFile, type ImageFromFileOptions } from './ImageFromFile.ts';
