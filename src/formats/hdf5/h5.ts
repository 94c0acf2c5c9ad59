// h5wasm (HDF5 compiled to WebAssembly; works offline in Node's ESM through 'h5wasm/node', which
// reads and writes real files). Imported on first use: compiling its WebAssembly takes seconds,
// which importing the package must not pay.
import type h5wasmModule from 'h5wasm/node';

export type H5Module = typeof h5wasmModule;

let ready: Promise<H5Module> | undefined;

/** The initialised h5wasm module. */
export function loadH5wasm(): Promise<H5Module> {
  return (ready ??= import('h5wasm/node').then(async ({ default: h5wasm }) => {
    await h5wasm.ready;
    return h5wasm;
  }));
}
