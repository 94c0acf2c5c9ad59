import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataFlow } from '../core/DataFlow.ts';
import { DataFlowError } from '../core/errors.ts';

/**
 * How code reaches a worker. A closure cannot cross a thread or process boundary, so a flow or a
 * map function is named by the module that exports it; the worker imports the module itself.
 *
 *   // pipeline.ts
 *   export const trainFlow = new DataFromList(files).map(decode);
 *   export function augment(seed: number) { return (dp) => ... }
 *
 *   new MultiProcessRunner({ module: new URL('./pipeline.ts', import.meta.url), export: 'trainFlow' }, 4)
 *   new MultiThreadMapData(ds, 2, { module: new URL('./pipeline.ts', import.meta.url), export: 'augment', args: [7] })
 *
 * `module` is a `URL`, a `file:` URL string, an absolute path, or a package name; a relative path
 * is refused, since a worker would resolve it against a different place than the caller means.
 */
export interface ModuleRef {
  readonly module: URL | string;
  readonly export: string;
  /**
   * JSON-able arguments. With `args`, the export is a factory called once in each worker with
   * them; without, the export is used as it is (a DataFlow, or a factory of no arguments).
   */
  readonly args?: readonly unknown[];
}

/** A reference to a DataFlow: the export is a DataFlow or a function returning one. */
export type FlowRef<_T = unknown> = ModuleRef;

/** A reference to a map function: the export is the function, or (with `args`) a factory of it. */
export type FnRef = ModuleRef;

/** The plain, cloneable form of a reference that travels to a worker. */
export interface ResolvedRef {
  readonly url: string;
  readonly export: string;
  readonly args: readonly unknown[] | undefined;
}

const HOW = "export it from a module and pass a reference such as { module: new URL('./pipeline.ts', import.meta.url), export: 'trainFlow' }";

/** Checks a reference in the caller's thread, so a mistake is reported where it was made. */
export function resolveRef(flowName: string, ref: unknown, what: 'flow' | 'map function'): ResolvedRef {
  if (typeof ref === 'function' || ref instanceof DataFlow) {
    const got = typeof ref === 'function' ? 'a function (a closure)' : `a ${ref.constructor.name} instance`;
    throw new DataFlowError(flowName, `the ${what} must reach each worker by reference, got ${got}: a closure or a flow object cannot cross a thread or process boundary; ${HOW}`);
  }
  if (typeof ref !== 'object' || ref === null || !('module' in ref) || !('export' in ref)) {
    throw new DataFlowError(flowName, `the ${what} reference must be { module, export, args? }; ${HOW}`);
  }
  const { module, export: name, args } = ref as ModuleRef;
  if (typeof name !== 'string' || name === '') throw new DataFlowError(flowName, `the ${what} reference needs an export name, got ${String(name)}`);
  if (args !== undefined) {
    if (!Array.isArray(args)) throw new DataFlowError(flowName, `args of the ${what} reference must be an array`);
    try {
      JSON.stringify(args);
    } catch (e) {
      throw new DataFlowError(flowName, `args of the ${what} reference must be JSON-able: ${(e as Error).message}`);
    }
  }
  return { url: moduleUrl(flowName, module), export: name, args };
}

function moduleUrl(flowName: string, module: unknown): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== 'string' || module === '') throw new DataFlowError(flowName, `module must be a URL or a path, got ${String(module)}`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(module)) return module;
  if (isAbsolute(module)) return pathToFileURL(module).href;
  if (module.startsWith('.')) {
    throw new DataFlowError(flowName, `module '${module}' is relative, and a worker would not know relative to what; pass new URL('${module}', import.meta.url)`);
  }
  return module; // a package name, resolved from the worker entry's location
}

/** Imports the module and returns the named export (in the worker). */
async function loadExport(ref: ResolvedRef): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(ref.url)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot import module ${ref.url}: ${(e as Error).message}`, { cause: e });
  }
  if (!(ref.export in mod)) {
    const names = Object.keys(mod).sort().join(', ') || 'none';
    throw new Error(`module ${ref.url} has no export '${ref.export}' (its exports: ${names})`);
  }
  return mod[ref.export];
}

/** The flow a reference names, built in the worker. */
export async function loadFlow(ref: ResolvedRef): Promise<DataFlow<unknown>> {
  let value = await loadExport(ref);
  if (typeof value === 'function' && !(value.prototype instanceof DataFlow)) value = await (value as (...a: unknown[]) => unknown)(...(ref.args ?? []));
  if (!(value instanceof DataFlow)) {
    const got = value === null ? 'null' : typeof value === 'object' ? value.constructor.name : typeof value;
    throw new Error(`export '${ref.export}' of ${ref.url} must be a DataFlow or a function returning one, got ${got}`);
  }
  return value;
}

/** The map function a reference names, built in the worker. */
export async function loadFunction<F extends (...a: never[]) => unknown>(ref: ResolvedRef): Promise<F> {
  let value = await loadExport(ref);
  if (ref.args !== undefined && typeof value === 'function') value = await (value as (...a: unknown[]) => unknown)(...ref.args);
  if (typeof value !== 'function') {
    throw new Error(`export '${ref.export}' of ${ref.url} must be a function${ref.args === undefined ? '' : ' (a factory returning a function, since args were given)'}, got ${typeof value}`);
  }
  return value as F;
}
