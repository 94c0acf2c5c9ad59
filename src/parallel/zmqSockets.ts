import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pull, Push } from 'zeromq';
import { decodeMessage, encodeMessage } from './codec.ts';
import type { DataSink, TaskMessage } from './protocol.ts';

/**
 * A private temporary directory for the `ipc://` socket files of one pass. `remove()` deletes it
 * with everything in it; it is synchronous so it can run at process exit.
 */
export class SocketDir {
  readonly path = mkdtempSync(join(tmpdir(), 'dataflow-parallel-'));

  endpoint(name: string): string {
    return `ipc://${join(this.path, name)}`;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Main side: the PULL socket all workers push their datapoints to. */
export async function bindResults(endpoint: string, hwm: number): Promise<Pull> {
  const pull = new Pull({ receiveHighWaterMark: hwm, linger: 0 });
  await pull.bind(endpoint);
  return pull;
}

/** Main side: the PUSH socket that deals tasks to the workers (round-robin, waiting at `hwm`). */
export async function bindTasks(endpoint: string, hwm: number): Promise<Push> {
  const push = new Push({ sendHighWaterMark: hwm, linger: 0 });
  await push.bind(endpoint);
  return push;
}

export async function sendTask(push: Push, msg: TaskMessage): Promise<void> {
  await push.send(encodeMessage(msg));
}

/** Worker side: datapoints out through a PUSH socket; `send` waits while `hwm` messages are queued. */
export function connectSink(endpoint: string, hwm: number): DataSink {
  const push = new Push({ sendHighWaterMark: hwm, linger: 0 });
  push.connect(endpoint);
  return { send: async (w, seq, dps) => void (await push.send(encodeMessage({ t: 'data', w, seq, dps, nd: false }))) };
}

/** Worker side: the tasks dealt to this worker. */
export async function* receiveTasks(endpoint: string, hwm: number): AsyncGenerator<TaskMessage> {
  const pull = new Pull({ receiveHighWaterMark: hwm, linger: 0 });
  pull.connect(endpoint);
  for await (const frames of pull) yield decodeMessage<TaskMessage>(frames);
}
