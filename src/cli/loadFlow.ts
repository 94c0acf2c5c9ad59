import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataFlow } from '../core/DataFlow.ts';
import { CliError } from './CliError.ts';

/**
 * Loads the flow named by `<module>[#export]`: the module's default export, or the named one,
 * being a DataFlow or a function (sync or async) that returns one.
 *
 *   dataflow bench ./pipeline.ts#trainFlow   → import('./pipeline.ts').trainFlow (called if a function)
 */
export async function loadFlow(spec: string): Promise<DataFlow<unknown>> {
  const hash = spec.lastIndexOf('#');
  const file = hash < 0 ? spec : spec.slice(0, hash);
  const name = hash < 0 ? 'default' : spec.slice(hash + 1);
  if (file === '' || name === '') throw new CliError(`expected <module>[#export], got ${JSON.stringify(spec)}`);
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new CliError(`no such module: ${file}`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
  } catch (e) {
    throw new CliError(`cannot import ${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  if (!(name in mod)) throw new CliError(`${file} has no export ${JSON.stringify(name)} (exports: ${Object.keys(mod).join(', ') || 'none'})`);
  let value = mod[name];
  if (typeof value === 'function' && !(value.prototype instanceof DataFlow)) value = await (value as () => unknown)();
  if (!(value instanceof DataFlow)) {
    const got = value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
    throw new CliError(`${spec} is ${got}, not a DataFlow (or a function returning one)`);
  }
  return value as DataFlow<unknown>;
}
