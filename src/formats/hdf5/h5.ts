// h5wasm (HDF5 compiled to WebAssembly; works offline in Node's ESM through 'h5wasm/node', which
// reads and writes real files). Loaded once, on first use.
import h5wasm from 'h5wasm/node';

export type H5Module = typeof h5wasm;

let ready: Promise<H5Module> | undefined;

/** The initialised h5wasm module. */
export function loadH5wasm(): Promise<H5Module> {
  return (ready ??= h5wasm.ready.then(() => h5wasm));
}
