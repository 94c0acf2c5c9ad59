export * from './decode/index.ts';
export { readNpy } from './npy.ts';
