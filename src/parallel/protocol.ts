import type { ResolvedRef } from './FlowRef.ts';

/** What a worker is told at start (as workerData for a thread, as the first IPC message for a process). */
export interface WorkerInit {
  readonly role: 'runner' | 'mapper';
  readonly ref: ResolvedRef;
  /** Worker index: the runner's flow resets with `{ seed, streamId: index }`. */
  readonly index: number;
  readonly seed: number | undefined;
  /** Move typed arrays to the receiver instead of copying them (threads only). */
  readonly transfer: boolean;
  /** Threads: bytes of the SharedArrayBuffer ring arrays are copied into (`reuseBuffers`); 0 = no ring. */
  readonly ringBytes: number;
  /** At most this many datapoints per data message. */
  readonly chunkSize: number;
  /** Runners: datapoints the worker may send before the main side returns credit. */
  readonly credit: number;
  /** Mappers: stack each task's outputs into one batch of this many (MultiProcessMapAndBatchData). */
  readonly batchSize: number | undefined;
  /** ZeroMQ endpoints, when datapoints travel over ZeroMQ instead of the IPC channel. */
  readonly zmq: { readonly results: string; readonly tasks: string | undefined; readonly hwm: number } | undefined;
}

/** What a thread gets as its workerData: its init, and the flag the main side sets to ask it to stop (see WorkerStop). */
export interface ThreadData {
  readonly init: WorkerInit;
  readonly stopFlag: Int32Array;
}

/** Main → worker. */
export type ToWorker =
  | { readonly t: 'init'; readonly init: WorkerInit }
  /** End: close the flow and exit (see WorkerStop). */
  | { readonly t: 'stop' }
  /** Room for `n` more datapoints; with a ring, everything placed before `ring` may be written again. */
  | { readonly t: 'credit'; readonly n: number; readonly ring?: number | undefined }
  | TaskMessage;

/** Inputs for a mapper: datapoints with sequence numbers seq, seq+1, ... */
export interface TaskMessage {
  readonly t: 'task';
  readonly seq: number;
  readonly dps: unknown[];
  readonly nd: boolean;
}

/**
 * Worker → main. Runners: `seq` is the worker's own count of the first datapoint. Mappers: one
 * output per input of the task starting at `seq` (`null` where the map function dropped it), or
 * one batch per task for MultiProcessMapAndBatchData.
 */
export interface DataMessage {
  readonly t: 'data';
  readonly w: number;
  readonly seq: number;
  readonly dps: unknown[];
  readonly nd: boolean;
  /** With a ring: the ring position after this message's arrays, to hand back with its credit. */
  readonly ring?: number | undefined;
}

export type FromWorker =
  | { readonly t: 'ready'; readonly w: number; readonly length: number | null }
  | DataMessage
  | { readonly t: 'error'; readonly w: number; readonly message: string; readonly stack: string; readonly index: number | undefined; readonly atStart: boolean }
  | { readonly t: 'stats'; readonly w: number; readonly produced: number };

/** The worker's side of the link to the main side: the IPC channel or the thread's parent port. */
export interface WorkerPort {
  send(msg: FromWorker, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (msg: ToWorker) => void): void;
}

/**
 * Where a worker's datapoints go: the port (arrays moved or cloned), or a ZeroMQ socket (arrays
 * encoded by codec.ts; its send waits at the high-water mark). Each sink encodes in its own way.
 */
export interface DataSink {
  send(worker: number, seq: number, dps: unknown[], ring?: number): void | Promise<void>;
}
