export { decodeImage, decodeImageSync } from './decodeImage.ts';
export { JpegDecoder } from './JpegDecoder.ts';
export { encodeJpeg, type EncodeJpegOptions } from './encodeJpeg.ts';
export type { DecodeOptions } from './options.ts';
export { sniffImageFormat, type ImageFormat } from './sniff.ts';
