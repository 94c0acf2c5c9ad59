/**
 * The program every worker runs, thread or process. It learns its job from the init message
 * (workerData for a thread, the first IPC message for a process), then runs the worker side of a
 * runner or a mapper. A process also ends when its parent goes away (the IPC channel closes), so a
 * parent killed by any signal leaves no orphan behind.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { DataSink, TaskMessage, ThreadData, ToWorker, WorkerInit, WorkerPort } from './protocol.ts';
import { packChunk } from './transfer.ts';
import { WorkerStop } from './WorkerStop.ts';

function threadPort(): WorkerPort {
  const port = parentPort!;
  return {
    send(msg, transfer) {
      try {
        port.postMessage(msg, transfer);
      } catch (e) {
        // Some buffers cannot be moved (external memory from a native addon): copy them instead.
        if (!transfer?.length || (e as Error).name !== 'DataCloneError') throw e;
        port.postMessage(msg);
      }
    },
    onMessage: (handler) => port.on('message', handler),
  };
}

function processPort(): WorkerPort {
  return {
    send: (msg) => void process.send!(msg),
    onMessage: (handler) => process.on('message', (m) => handler(m as ToWorker)),
  };
}

function portSink(port: WorkerPort, transfer: boolean): DataSink {
  return {
    send(w, seq, dps, ring) {
      const packed = packChunk(dps, transfer);
      port.send({ t: 'data', w, seq, dps: packed.dps, nd: packed.nd, ring }, packed.transferList);
    },
  };
}

/** Tasks arriving on the port, as an async iterable in arrival order. */
function portTasks(port: WorkerPort): AsyncIterable<TaskMessage> {
  const queue: TaskMessage[] = [];
  let wake: (() => void) | undefined;
  port.onMessage((m) => {
    if (m.t !== 'task') return;
    queue.push(m);
    wake?.();
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length === 0) await new Promise<void>((r) => (wake = r));
        yield queue.shift()!;
      }
    },
  };
}

async function main(stop: WorkerStop): Promise<void> {
  if (isMainThread) process.on('disconnect', () => process.exit(0));
  const port = isMainThread ? processPort() : threadPort();
  port.onMessage((m) => m.t === 'stop' && stop.request());
  const init = isMainThread
    ? await new Promise<WorkerInit>((resolve) => process.once('message', (m) => resolve((m as Extract<ToWorker, { t: 'init' }>).init)))
    : (workerData as ThreadData).init;
  // ZeroMQ (a native addon) is loaded only by the workers that use it: threads start faster without.
  const zmq = init.zmq ? await import('./zmqSockets.ts') : undefined;
  const sink = init.zmq && zmq ? zmq.connectSink(init.zmq.results, init.zmq.hwm) : portSink(port, init.transfer);
  // Each role's module is imported only where it runs: less to load (and compile, under tsx) per worker.
  if (init.role === 'runner') {
    const { runRunner } = await import('./runnerWorker.ts');
    await runRunner(init, port, sink, init.zmq === undefined, stop);
  } else {
    const { runMapper } = await import('./mapperWorker.ts');
    const tasks = init.zmq?.tasks && zmq ? zmq.receiveTasks(init.zmq.tasks, init.zmq.hwm) : portTasks(port);
    await runMapper(init, port, sink, tasks);
  }
}

const stop = new WorkerStop(isMainThread ? undefined : (workerData as ThreadData).stopFlag);
await main(stop);
if (stop.requested) process.exit(0); // the runner closed its flow
// Otherwise main() returned after the worker reported an error. Stay alive until the main side ends
// this worker: exiting now could let the exit reach the main side before the error message does,
// and the consumer would hear "exited with code 0" instead of the worker's error.
setInterval(() => {}, 1 << 30);
