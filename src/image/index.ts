export * from './decode/index.ts';
export { readNpy, readNpyFile } from './npy.ts';
