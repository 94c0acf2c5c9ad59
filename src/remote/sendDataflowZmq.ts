import { setImmediate as nextMacrotask, setTimeout as sleep } from 'node:timers/promises';
import * as zmq from 'zeromq';
import type { DataFlow } from '../core/DataFlow.ts';
import { checkPositiveInt, DataFlowError } from '../core/errors.ts';
import type { SerializerName } from '../formats/serialize/index.ts';
import { checkCurve } from './CurveOptions.ts';
import { MessageWriter } from './MessageWriter.ts';
import { checkAddress, openSocket, type LinkOptions } from './openSocket.ts';
import { PackWriter } from './packedMessage.ts';
import { SlabWriter } from './SlabWriter.ts';
import { logRate, RateMeter, type RateReport } from './RateReport.ts';

const NAME = 'sendDataflowZmq';

export interface SendOptions extends LinkOptions {
  /** tensorpack's wire format: 'pickle' (tensorpack's default) or 'msgpack'. Default 'pickle'. */
  readonly serializer?: SerializerName;
  /** Stop after this many datapoints in all (default: never). */
  readonly count?: number;
  /** Stop after this many passes over the flow (default: never, as tensorpack). */
  readonly epochs?: number;
  /** Aborting it stops the sender as `close()` does. */
  readonly signal?: AbortSignal;
  /** Milliseconds between rate reports (default 10 000). */
  readonly reportEvery?: number;
  /** Hears the rate reports; default: a line on stderr. */
  readonly onRate?: (report: RateReport) => void;
  /**
   * Milliseconds to keep the connection open after the last datapoint of `count`/`epochs`
   * (default 3000). libzmq drops frames still in flight when a PUSH socket closes, even with a
   * linger (peer.py waits the same way).
   */
  readonly grace?: number;
  /** Milliseconds queued datapoints may still be delivered once the socket closes (default 5000). */
  readonly linger?: number;
  /**
   * TS-to-TS only: pack up to this many datapoints into one message (see packedMessage.ts), which
   * our RemoteDataZMQ unpacks and tensorpack's cannot read. Default 1: tensorpack's one datapoint
   * per message. `hwm` then counts messages, not datapoints.
   */
  readonly pack?: number;
  /** With `pack`: milliseconds a datapoint may wait for its message to fill before it is sent anyway (default 2). */
  readonly packDelay?: number;
}

/** A running sender. */
export interface ZmqSender {
  /** Datapoints handed to ZeroMQ so far (with `pack`, in whole messages). */
  readonly sent: number;
  /** The actual endpoint (a bind to `tcp://host:*` resolves to its port), once the socket is up. */
  readonly endpoint: Promise<string>;
  /** Resolves with the final report when the sender stops (count/epochs reached, close(), abort); rejects on an error. */
  readonly done: Promise<RateReport>;
  /** Stops sending; resolves like `done`. */
  close(): Promise<RateReport>;
}

/**
 * Sends a flow over a ZeroMQ PUSH socket, the way tensorpack's `send_dataflow_zmq` does: one
 * single-frame message per datapoint, the frame being `dumps(dp)`; it connects by default (the
 * receiver binds), queues at most `hwm` datapoints per receiver, and goes over the flow again
 * and again. Unlike tensorpack it can stop: after `count` datapoints, after `epochs` passes, on
 * `close()` or on `signal`.
 *
 *   flow yields [1], [2] → sendDataflowZmq(flow, addr, { count: 5 }) sends [1], [2], [1], [2], [1]
 *
 * Several receivers get the datapoints round-robin; a slow or absent receiver makes it wait.
 *
 * With `pack: n` it sends [1], [2], ... as messages of n datapoints each, or fewer when the
 * flow keeps the next one waiting longer than `packDelay`; a stop by `close()` or `signal` drops
 * the datapoints of a message not yet full (count/epochs send them all).
 */
export function sendDataflowZmq<T>(flow: DataFlow<T>, addr: string, options: SendOptions = {}): ZmqSender {
  checkAddress(NAME, addr);
  if (options.count !== undefined) checkPositiveInt(NAME, 'count', options.count);
  if (options.epochs !== undefined) checkPositiveInt(NAME, 'epochs', options.epochs);
  if (options.curve !== undefined) checkCurve(NAME, options.curve);
  if (options.pack !== undefined) checkPositiveInt(NAME, 'pack', options.pack);
  for (const key of ['grace', 'linger', 'reportEvery', 'packDelay'] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new DataFlowError(NAME, `${key} must be a whole number of milliseconds ≥ 0, got ${String(v)}`);
  }
  const serializer = options.serializer ?? 'pickle';
  const pack = options.pack ?? 1;
  const packDelay = options.packDelay ?? 2;
  if (serializer !== 'pickle' && serializer !== 'msgpack') throw new DataFlowError(NAME, `serializer must be 'msgpack' or 'pickle', got ${JSON.stringify(serializer)}`);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const meter = new RateMeter(options.reportEvery ?? 10_000, options.onRate ?? logRate(`${NAME} ${addr}`));
  let sent = 0;
  let setEndpoint: (e: string) => void = () => {};
  let failEndpoint: (e: unknown) => void = () => {};
  const endpoint = new Promise<string>((resolve, reject) => ((setEndpoint = resolve), (failEndpoint = reject)));
  endpoint.catch(() => {}); // the same failure rejects `done`

  async function run(): Promise<RateReport> {
    const link = await openSocket(NAME, zmq.Push, [addr], { ...options, linger: options.linger ?? 5000 }).catch((e: unknown) => {
      failEndpoint(e);
      throw e;
    });
    setEndpoint(link.endpoints[0]!);
    // A send blocked on the high-water mark only ends when the socket closes.
    const onAbort = (): void => void link.close();
    signal.addEventListener('abort', onAbort);
    const writer = new MessageWriter(link.socket);
    const encodeError = (e: unknown, index: number): DataFlowError =>
      new DataFlowError(NAME, `cannot encode datapoint ${index} for ${addr}: ${e instanceof Error ? e.message : String(e)}`, { index, cause: e });
    let taken = 0;
    let lastYield = performance.now();
    /** Every 64 datapoints: a failed send ends the run, the rate is reported, and timers, close() and aborts get to run. */
    const checkpoint = async (): Promise<void> => {
      writer.check();
      meter.tick(sent);
      // A synchronous flow into a fast receiver would never leave the send loop otherwise.
      if (performance.now() - lastYield > 20) {
        await nextMacrotask();
        lastYield = performance.now();
      }
    };
    /** Counts datapoints handed to ZeroMQ, with a checkpoint every 64. */
    const handed = (n: number): Promise<void> | void => {
      const before = sent;
      sent += n;
      if (sent >> 6 !== before >> 6) return checkpoint();
    };
    let send: (dp: T) => Promise<void> | void;
    let clearTimer = (): void => {};
    let flush = (): Promise<void> | void => {};
    if (pack === 1) {
      const slab = new SlabWriter(serializer);
      send = (dp) => {
        let frame: Buffer;
        try {
          frame = slab.dumps(dp);
        } catch (e) {
          throw encodeError(e, taken);
        }
        const wait = writer.write(frame);
        taken++;
        return wait === undefined ? handed(1) : wait.then(() => handed(1));
      };
    } else {
      const packer = new PackWriter(pack, serializer);
      flush = () => {
        if (packer.count === 0) return;
        const n = packer.count;
        const wait = writer.write(packer.finish());
        return wait === undefined ? handed(n) : wait.then(() => handed(n));
      };
      // A flow slower than `packDelay` per datapoint: send what waits instead of holding it back.
      // (A failure surfaces through writer.check() in the send loop.)
      const timer = setTimeout(() => void Promise.resolve(flush()).catch(() => {}), packDelay);
      clearTimer = () => clearTimeout(timer);
      send = (dp) => {
        try {
          packer.add(dp);
        } catch (e) {
          throw encodeError(e, taken);
        }
        taken++;
        if (packer.count === pack) return flush();
        if (packer.count === 1) timer.refresh();
      };
    }
    const finished = (): boolean => signal.aborted || (options.count !== undefined && taken >= options.count);
    try {
      for (let epoch = 0; options.epochs === undefined || epoch < options.epochs; epoch++) {
        if (signal.aborted) break;
        const before = taken;
        if (flow.isSync) {
          for (const dp of flow) {
            const wait = send(dp); // no promise turn unless there is something to wait for
            if (wait !== undefined) await wait;
            if (finished()) break;
          }
        } else {
          for await (const dp of flow.iterAsync({ signal })) {
            const wait = send(dp);
            if (wait !== undefined) await wait;
            if (finished()) break;
          }
        }
        if (finished()) break;
        if (taken === before) throw new DataFlowError(NAME, `${flow.flowName} yielded no datapoints in pass ${epoch}; nothing to send`);
      }
      if (!signal.aborted) await flush();
      writer.check();
      if (!signal.aborted) await sleep(options.grace ?? 3000, undefined, { signal });
    } catch (e) {
      if (!signal.aborted) throw e;
    } finally {
      clearTimer();
      signal.removeEventListener('abort', onAbort);
      await link.close();
    }
    return meter.finish(sent);
  }

  const done = run();
  return {
    get sent() {
      return sent;
    },
    endpoint,
    done,
    close() {
      stop.abort();
      return done;
    },
  };
}
