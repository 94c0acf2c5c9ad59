import type { WorkerPort } from './protocol.ts';

/** Sends an error to the main side with the worker's own stack; the worker then idles until it is ended. */
export function reportError(port: WorkerPort, worker: number, e: unknown, index: number | undefined, atStart: boolean): void {
  const error = e instanceof Error ? e : new Error(String(e));
  port.send({ t: 'error', w: worker, message: error.message, stack: error.stack ?? error.message, index, atStart });
}
