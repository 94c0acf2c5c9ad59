import { setImmediate as nextMacrotask, setTimeout as sleep } from 'node:timers/promises';
import * as zmq from 'zeromq';
import type { DataFlow } from '../core/DataFlow.ts';
import { checkPositiveInt, DataFlowError } from '../core/errors.ts';
import { dumps, type SerializerName } from '../formats/serialize/index.ts';
import { checkCurve } from './CurveOptions.ts';
import { checkAddress, openSocket, type LinkOptions } from './openSocket.ts';
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
}

/** A running sender. */
export interface ZmqSender {
  /** Datapoints handed to ZeroMQ so far. */
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
 */
export function sendDataflowZmq<T>(flow: DataFlow<T>, addr: string, options: SendOptions = {}): ZmqSender {
  checkAddress(NAME, addr);
  if (options.count !== undefined) checkPositiveInt(NAME, 'count', options.count);
  if (options.epochs !== undefined) checkPositiveInt(NAME, 'epochs', options.epochs);
  if (options.curve !== undefined) checkCurve(NAME, options.curve);
  for (const key of ['grace', 'linger', 'reportEvery'] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new DataFlowError(NAME, `${key} must be a whole number of milliseconds ≥ 0, got ${String(v)}`);
  }
  const serializer = options.serializer ?? 'pickle';
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
    const sock = link.socket;
    sock.sendTimeout = 0;
    let failure: unknown;
    const recordFailure = (e: unknown): void => void (failure ??= e);
    let lastYield = performance.now();
    const send = async (dp: T): Promise<void> => {
      let frame: Buffer;
      try {
        frame = dumps(dp, { serializer });
      } catch (e) {
        throw new DataFlowError(NAME, `cannot encode datapoint ${sent} for ${addr}: ${e instanceof Error ? e.message : String(e)}`, { index: sent, cause: e });
      }
      // Awaiting every send costs a promise turn per datapoint, so only wait when the queue is full.
      // With sendTimeout 0, zeromq.js queues at once (it never defers every 512th send, which
      // would make the next send fail with EBUSY); `writable` guarantees the message fits.
      if (sock.writable) {
        sock.send(frame).catch(recordFailure);
      } else {
        sock.sendTimeout = -1;
        await sock.send(frame);
        if (!sock.closed) sock.sendTimeout = 0;
      }
      sent++;
      if ((sent & 63) === 0) {
        if (failure !== undefined) throw failure;
        meter.tick(sent);
        // A synchronous flow into a fast receiver would never leave this loop: let timers, close() and aborts run.
        if (performance.now() - lastYield > 20) {
          await nextMacrotask();
          lastYield = performance.now();
        }
      }
    };
    const finished = (): boolean => signal.aborted || (options.count !== undefined && sent >= options.count);
    try {
      for (let epoch = 0; options.epochs === undefined || epoch < options.epochs; epoch++) {
        if (signal.aborted) break;
        const before = sent;
        if (flow.isSync) {
          for (const dp of flow) {
            await send(dp);
            if (finished()) break;
          }
        } else {
          for await (const dp of flow.iterAsync({ signal })) {
            await send(dp);
            if (finished()) break;
          }
        }
        if (finished()) break;
        if (sent === before) throw new DataFlowError(NAME, `${flow.flowName} yielded no datapoints in pass ${epoch}; nothing to send`);
      }
      if (failure !== undefined) throw failure;
      if (!signal.aborted) await sleep(options.grace ?? 3000, undefined, { signal });
    } catch (e) {
      if (!signal.aborted) throw e;
    } finally {
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
