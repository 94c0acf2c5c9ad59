import type { Push, Pull } from 'zeromq';
import { DataFlow, type Length, type ResetContext } from '../core/DataFlow.ts';
import { checkArg, checkPositiveInt, DataFlowError } from '../core/errors.ts';
import { hashSeed } from '../core/RNG.ts';
import { decodeMessage } from './codec.ts';
import { resolveRef, type FnRef, type ResolvedRef } from './FlowRef.ts';
import type { DataMessage } from './protocol.ts';
import type { QueueStats } from './ParallelRunner.ts';
import { packChunk, unpackChunk } from './transfer.ts';
import type { WorkerKind } from './WorkerLink.ts';
import { WorkerPool } from './WorkerPool.ts';
import { bindResults, bindTasks, sendTask, SocketDir } from './zmqSockets.ts';

export interface MapperOptions {
  /** Inputs in flight at most: sent to workers, or mapped and not yet yielded. Default 200 (tensorpack's). */
  readonly bufferSize?: number;
  /** Each pass maps exactly one pass of the upstream. Default false (see the class docs). */
  readonly strict?: boolean;
  /** Yield outputs in input order (tensorpack has no such mode). Default false: as they complete. */
  readonly ordered?: boolean;
  /** Seeds each datapoint's `ctx.rng` from (seed, index). Default: the resetState context's seed, else unseeded. */
  readonly seed?: number;
  /** Inputs per message to a worker. Default: bufferSize / (2 × workers), at most 64. */
  readonly chunkSize?: number;
}

/** The entries a pass yields: output `out` (null = dropped) of input (or task) `seq`. */
interface Result {
  readonly seq: number;
  readonly out: unknown;
}

/** What a non-strict mapper carries from one pass to the next. */
interface Carry {
  readonly upstream: AsyncIterator<unknown>;
  /** Inputs that were in flight when the last pass ended, to be sent again. */
  inputs: { seq: number; dps: unknown[] }[];
  /** Outputs that had arrived and were not yet yielded. */
  results: Result[];
}

/**
 * What the three mappers share: the upstream runs in this thread; its datapoints go in chunks to N
 * workers, which apply the map function (named by reference) and send the outputs back.
 *
 * - `strict`: a pass reads the upstream once and yields exactly its outputs.
 * - non-strict (tensorpack's default): the upstream is read as an endless repetition and a pass
 *   ends after `length` inputs; inputs in flight at that moment, and outputs not yet yielded,
 *   carry over into the next pass, so no datapoint is lost but a pass may mix two upstream passes.
 *   With an unknown or infinite upstream length, it behaves as strict.
 * - `ordered`: outputs in input order; with a seed the output is the same for any number of workers.
 *
 * Every input has an index, counted from the first pass after `resetState` and continuing across
 * passes; the map function receives it, and `ctx.rng` is seeded from (seed, index).
 */
export abstract class ParallelMapper<I, O> extends DataFlow<O> {
  readonly numWorkers: number;
  readonly stats: QueueStats = { queuedMax: 0 };
  readonly upstream: DataFlow<I>;
  readonly bufferSize: number;
  readonly strict: boolean;
  readonly ordered: boolean;
  private readonly ref: ResolvedRef;
  private readonly ownSeed: number | undefined;
  private readonly taskSize: number;
  private seed: number | undefined;
  private nextSeq = 0;
  private carry: Carry | undefined;
  /** The non-strict pass in progress, if any. */
  private current: { readonly signal: AbortSignal | undefined; readonly done: Promise<void> } | undefined;

  protected constructor(ds: DataFlow<I>, numWorkers: number, fn: FnRef, options: MapperOptions, private readonly kind: WorkerKind,
    private readonly zmq: boolean, private readonly batchSize: number | undefined = undefined) {
    super([ds]);
    this.upstream = ds;
    checkPositiveInt(this.flowName, 'the number of workers', numWorkers);
    this.ref = resolveRef(this.flowName, fn, 'map function');
    this.numWorkers = numWorkers;
    this.bufferSize = options.bufferSize ?? 200;
    checkPositiveInt(this.flowName, 'bufferSize', this.bufferSize);
    this.strict = options.strict ?? false;
    this.ordered = options.ordered ?? false;
    this.ownSeed = options.seed;
    this.taskSize = batchSize ?? options.chunkSize ?? Math.max(1, Math.min(64, Math.floor(this.bufferSize / (2 * numWorkers))));
    checkPositiveInt(this.flowName, 'chunkSize', this.taskSize);
    checkArg(this.flowName, this.taskSize <= this.bufferSize, `bufferSize (${this.bufferSize}) must hold at least one task of ${this.taskSize} inputs`);
  }

  get length(): Length {
    const n = this.upstream.length;
    return n === null || this.batchSize === undefined ? n : Math.floor(n / this.batchSize);
  }

  override get isSync(): boolean {
    return false;
  }

  protected override onReset(context: ResetContext): void {
    this.seed = this.ownSeed ?? (context.seed === undefined ? undefined : hashSeed(context.seed, this.flowName));
    this.nextSeq = 0;
    this.carry = undefined;
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<O> {
    const upstreamLength = this.upstream.length;
    const strict = this.strict || upstreamLength === null || upstreamLength === Infinity;
    let finish = (): void => {};
    if (!strict) {
      // An aborted pass ends its consumer at once and closes in the background: let it finish first.
      while (this.current?.signal?.aborted) await this.current.done;
      if (this.current) throw new DataFlowError(this.flowName, 'is already being iterated; a non-strict mapper carries state from pass to pass, so it cannot run two passes at once');
      this.current = { signal, done: new Promise<void>((r) => (finish = r)) };
    }
    const ended = (): void => {
      if (strict) return;
      this.current = undefined;
      finish();
    };
    const step = this.batchSize ?? 1;
    // A non-strict pass ends after `target` results: one per input, or one per batch.
    const target = strict ? Infinity : Math.floor(upstreamLength! / step);
    const carry = strict ? undefined : (this.carry ??= { upstream: endless(this.upstream), inputs: [], results: [] });
    const upstream = carry?.upstream ?? DataFlow.asyncIteratorOf(this.upstream, signal);

    const outstanding = new Map<number, { dps: unknown[]; worker: number }>();
    const perWorker = new Array<number>(this.numWorkers).fill(0);
    const ordered = new Map<number, unknown>();
    const arrived: Result[] = [];
    let inFlight = 0; // inputs sent and not yet yielded (or dropped)
    const accept = (r: Result): void => {
      if (this.ordered) ordered.set(r.seq, r.out);
      else arrived.push(r);
    };
    for (const r of carry?.results ?? []) accept(r);
    inFlight += (carry?.results.length ?? 0) * step;
    let nextOrdered = carry?.inputs[0]?.seq ?? this.nextSeq;
    if (carry && carry.results.length > 0) nextOrdered = Math.min(nextOrdered, ...carry.results.map((r) => r.seq));

    const dir = this.zmq ? new SocketDir() : undefined;
    let push: Push | undefined;
    let pull: Pull | undefined;
    let receiving: Promise<void> | undefined;
    let pool: WorkerPool | undefined;
    const onData = (m: DataMessage): void => {
      const task = outstanding.get(m.seq);
      if (task === undefined) return;
      outstanding.delete(m.seq);
      perWorker[task.worker]!--;
      const dps = unpackChunk(m.dps, m.nd);
      if (this.batchSize === undefined) for (let k = 0; k < dps.length; k++) accept({ seq: m.seq + k, out: dps[k] });
      else accept({ seq: m.seq, out: dps[0] });
      pool?.wake();
    };
    try {
      if (dir) {
        [push, pull] = await Promise.all([bindTasks(dir.endpoint('tasks'), 2), bindResults(dir.endpoint('results'), this.bufferSize)]);
      }
      const zmq = dir ? { results: dir.endpoint('results'), tasks: dir.endpoint('tasks'), hwm: 2 } : undefined;
      pool = await WorkerPool.start({
        flowName: this.flowName, kind: this.kind, count: this.numWorkers, signal, cleanup: () => dir?.remove(), onData,
        init: (index) => ({ role: 'mapper', ref: this.ref, index, seed: this.seed, transfer: true, ringBytes: 0, chunkSize: this.taskSize, credit: 0, batchSize: this.batchSize, zmq }),
      });
    } catch (e) {
      push?.close();
      pull?.close();
      dir?.remove();
      ended();
      throw e;
    }
    const p = pool;

    // The feeder: sends tasks while there is room, concurrently with the consumer below.
    let stopped = false;
    let upstreamDone = false;
    let roomWaker: (() => void) | undefined;
    const send = async (seq: number, dps: unknown[]): Promise<void> => {
      inFlight += dps.length;
      this.stats.queuedMax = Math.max(this.stats.queuedMax, inFlight);
      let worker = 0;
      for (let w = 1; w < perWorker.length; w++) if (perWorker[w]! < perWorker[worker]!) worker = w;
      perWorker[worker]!++;
      outstanding.set(seq, { dps, worker });
      if (push) {
        await sendTask(push, { t: 'task', seq, dps, nd: false });
      } else {
        // Inputs are cloned, never moved: the upstream may yield its arrays again (a list, a cache).
        const packed = packChunk(dps, false);
        p.links[worker]!.post({ t: 'task', seq, dps: packed.dps, nd: packed.nd });
      }
    };
    const feed = async (): Promise<void> => {
      for (const c of carry?.inputs.splice(0) ?? []) await send(c.seq, c.dps);
      while (!stopped) {
        while (!stopped && this.bufferSize - inFlight < this.taskSize) await new Promise<void>((r) => (roomWaker = r));
        if (stopped) return;
        const dps: unknown[] = [];
        const seq = this.nextSeq;
        while (dps.length < this.taskSize) {
          const r = await upstream.next();
          if (r.done) break;
          dps.push(r.value);
          this.nextSeq++;
          if (stopped) {
            carry?.inputs.push({ seq, dps }); // read from the endless upstream: the next pass sends them
            return;
          }
        }
        if (dps.length === this.taskSize || (dps.length > 0 && this.batchSize === undefined)) await send(seq, dps);
        if (dps.length < this.taskSize) {
          upstreamDone = true;
          p.wake();
          return;
        }
      }
    };
    const feeding = feed().catch((e: unknown) => p.fail(e instanceof DataFlowError ? e : new DataFlowError(this.flowName, `the upstream failed: ${(e as Error).message}`, { cause: e })));

    let yielded = 0;
    try {
      for (;;) {
        let r: Result | undefined;
        if (this.ordered) {
          if (ordered.has(nextOrdered)) {
            r = { seq: nextOrdered, out: ordered.get(nextOrdered) };
            ordered.delete(nextOrdered);
            nextOrdered += step;
          }
        } else r = arrived.shift();
        if (r === undefined) {
          if (yielded >= target || (upstreamDone && outstanding.size === 0)) break;
          receiving ??= pull?.receive().then((frames) => {
            receiving = undefined;
            onData(decodeMessage<DataMessage>(frames));
          }, () => undefined);
          await p.wait();
          continue;
        }
        if (yielded >= target) {
          accept(r); // belongs to the next pass
          break;
        }
        yielded++;
        inFlight -= step;
        roomWaker?.();
        if (r.out !== null) yield r.out as O;
      }
    } finally {
      stopped = true;
      roomWaker?.();
      push?.close();
      pull?.close();
      await p.close();
      void feeding; // it may wait on a slow upstream; it sends nothing once stopped
      if (!carry) void upstream.return?.();
      if (carry) {
        carry.inputs.push(...[...outstanding].map(([seq, t]) => ({ seq, dps: t.dps })));
        carry.inputs.sort((a, b) => a.seq - b.seq);
        carry.results = this.ordered ? [...ordered].map(([seq, out]) => ({ seq, out })) : arrived;
      }
      ended();
    }
  }
}

/** The upstream read as an endless repetition (non-strict mode); ends only if a pass is empty. */
async function* endless<T>(ds: DataFlow<T>): AsyncGenerator<T> {
  for (;;) {
    let n = 0;
    for await (const dp of ds) {
      n++;
      yield dp;
    }
    if (n === 0) return;
  }
}
