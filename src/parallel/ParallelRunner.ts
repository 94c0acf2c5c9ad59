import { DataFlow, type Length, type ResetContext } from '../core/DataFlow.ts';
import { checkArg, checkPositiveInt } from '../core/errors.ts';
import { hashSeed, randomSeed } from '../core/RNG.ts';
import { resolveRef, type FlowRef, type ResolvedRef } from './FlowRef.ts';
import type { DataMessage } from './protocol.ts';
import { unpackChunk } from './transfer.ts';
import type { WorkerKind } from './WorkerLink.ts';
import { WorkerPool } from './WorkerPool.ts';
import { bindResults, SocketDir } from './zmqSockets.ts';
import { decodeMessage } from './codec.ts';
import { DEFAULT_RING_BYTES } from './SharedRing.ts';
import type { Pull } from 'zeromq';

export interface RunnerOptions {
  /** Base seed: worker i resets its flow with `{ seed, streamId: i }`. Default: the resetState context's seed, else random. */
  readonly seed?: number;
  /** Datapoints one pass yields. Default: the length the workers' flow reports (endless when unknown). */
  readonly size?: number;
  /** Datapoints per message; tiny datapoints travel in chunks so per-message cost does not dominate. Default 256. */
  readonly chunkSize?: number;
  /** Move typed arrays instead of copying them (threads). Default true. */
  readonly transfer?: boolean;
  /**
   * Threads: copy each datapoint's arrays into a SharedArrayBuffer ring that is written again and
   * again, instead of moving freshly allocated buffers (whose first touch costs page faults). A
   * flow that ends in BatchData stacks each batch straight into the ring (nothing to copy).
   * The arrays a pass yields are then **borrowed**: valid until the consumer's next `next()` call
   * (copy what you keep, e.g. with `.slice()`). The flow may yield the same array again. Default
   * false: each datapoint owns its arrays.
   */
  readonly reuseBuffers?: boolean;
  /** Bytes of each thread's ring with `reuseBuffers` (it also bounds the bytes in flight). A chunk over half of it travels the ordinary way. Default 16 MiB. */
  readonly ringBytes?: number;
}

/** Counters for tests and tuning. */
export interface QueueStats {
  /** The most datapoints that were ever produced by workers and not yet yielded. */
  queuedMax: number;
}

/**
 * What the three runners share: N workers each run their own copy of a flow, named by reference,
 * over and over; one pass of the runner yields `size` datapoints (default: the flow's length) in
 * the order they arrive. Workers start when a pass starts and are ended when it ends, breaks,
 * throws or is aborted. Pass k > 0 seeds worker i with a seed derived from (seed, k), so epochs
 * differ while the whole run stays reproducible.
 */
export abstract class ParallelRunner<T> extends DataFlow<T> {
  readonly numWorkers: number;
  readonly stats: QueueStats = { queuedMax: 0 };
  private readonly ref: ResolvedRef;
  private readonly options: RunnerOptions;
  private reportedLength: Length = null;
  private seed: number | undefined;
  private passes = 0;

  protected constructor(ref: FlowRef<T>, numWorkers: number, options: RunnerOptions, private readonly kind: WorkerKind,
    private readonly bound: { readonly credit: number } | { readonly hwm: number }) {
    super();
    this.ref = resolveRef(this.flowName, ref, 'flow');
    checkPositiveInt(this.flowName, 'the number of workers', numWorkers);
    checkArg(this.flowName, options.size === undefined || options.size === Infinity || (Number.isInteger(options.size) && options.size >= 0), `size must be a non-negative integer or Infinity, got ${options.size}`);
    checkPositiveInt(this.flowName, 'chunkSize', options.chunkSize ?? 256);
    checkArg(this.flowName, options.ringBytes === undefined || (Number.isInteger(options.ringBytes) && options.ringBytes >= 8 && options.ringBytes % 8 === 0), `ringBytes must be a positive multiple of 8, got ${options.ringBytes}`);
    this.numWorkers = numWorkers;
    this.options = options;
  }

  /** `size` if given, else the length the workers' flow reported in the last pass (`null` before the first). */
  get length(): Length {
    return this.options.size ?? this.reportedLength;
  }

  override get isSync(): boolean {
    return false;
  }

  protected override onReset(context: ResetContext): void {
    this.seed = this.options.seed ?? context.seed ?? randomSeed();
    this.passes = 0;
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<T> {
    const pass = this.passes++;
    const seed = pass === 0 ? this.seed : hashSeed(this.seed!, `pass:${pass}`);
    const queue: DataMessage[] = [];
    let queued = 0;
    const produced = new Array<number>(this.numWorkers).fill(0);
    let yielded = 0;
    const dir = 'hwm' in this.bound ? new SocketDir() : undefined;
    let pull: Pull | undefined;
    let receiving: Promise<void> | undefined;
    const note = (n: number): void => {
      if (n > this.stats.queuedMax) this.stats.queuedMax = n;
    };
    const pool = await startOrClean(dir, async () => {
      const zmq = dir && 'hwm' in this.bound ? { results: dir.endpoint('results'), tasks: undefined, hwm: this.bound.hwm } : undefined;
      if (zmq) pull = await bindResults(zmq.results, zmq.hwm);
      return WorkerPool.start({
        flowName: this.flowName,
        kind: this.kind,
        count: this.numWorkers,
        signal,
        cleanup: () => dir?.remove(),
        init: (index) => ({
          role: 'runner', ref: this.ref, index, seed, transfer: this.options.transfer ?? true, chunkSize: this.options.chunkSize ?? 256,
          ringBytes: this.options.reuseBuffers ? this.options.ringBytes ?? DEFAULT_RING_BYTES : 0,
          credit: 'credit' in this.bound ? Math.max(1, Math.floor(this.bound.credit / this.numWorkers)) : 0, batchSize: undefined, zmq,
        }),
        onData: (m) => {
          queue.push(m);
          queued += m.dps.length;
          note(queued);
        },
        onStats: (w, n) => {
          produced[w] = n;
          note(produced.reduce((a, b) => a + b, 0) - yielded);
        },
      });
    });
    try {
      const reported = pool.lengths[0] ?? null;
      this.reportedLength = reported;
      const size = this.options.size ?? reported ?? Infinity;
      while (yielded < size) {
        while (queue.length === 0) {
          // Over ZeroMQ, take one message at a time, so the socket's high-water mark bounds the queue.
          receiving ??= pull?.receive().then((frames) => {
            receiving = undefined;
            queue.push(decodeMessage<DataMessage>(frames));
            pool.wake();
          }, () => undefined);
          await pool.wait();
        }
        const m = queue[0]!;
        const dps = unpackChunk(m.dps, m.nd);
        for (let i = 0; i < dps.length && yielded < size; i++) {
          yielded++;
          queued--;
          yield dps[i] as T;
        }
        queue.shift();
        if ('credit' in this.bound) pool.links[m.w]!.post({ t: 'credit', n: dps.length, ring: m.ring });
      }
    } finally {
      pull?.close();
      await pool.close();
    }
  }
}

/** Runs `start`; if it fails, removes the socket directory it would have used. */
async function startOrClean(dir: SocketDir | undefined, start: () => Promise<WorkerPool>): Promise<WorkerPool> {
  try {
    return await start();
  } catch (e) {
    dir?.remove();
    throw e;
  }
}
