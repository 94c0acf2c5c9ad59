import { setImmediate as nextMacrotask } from 'node:timers/promises';
import * as zmq from 'zeromq';
import { DataFlow, type Datapoint, type Length } from '../core/DataFlow.ts';
import { checkPositiveInt, DataFlowError } from '../core/errors.ts';
import { loads, type DecodeContext } from '../formats/serialize/index.ts';
import { checkCurve } from './CurveOptions.ts';
import { checkAddress, openSocket, type LinkOptions, type OpenSocket } from './openSocket.ts';
import { isPacked, unpackFrames } from './packedMessage.ts';

export interface RemoteDataOptions extends LinkOptions {
  /** Milliseconds to wait for each datapoint; silence that long ends the pass with a DataFlowError. Default: wait forever. */
  readonly timeout?: number;
  /** Bytes; a producer sending a larger message is disconnected by ZeroMQ before it is read. */
  readonly maxMessageSize?: number;
  /** Hears every frame that is not a datapoint (default: a warning on stderr). */
  readonly onJunk?: (junk: JunkFrame) => void;
  /** Hears every CURVE client turned away by `curve.allowedClientKeys` (default: a warning on stderr). */
  readonly onDenied?: (clientKey: string) => void;
}

/** A message that was dropped because it did not decode to a datapoint. */
export interface JunkFrame {
  /** How many junk messages so far, this one included. */
  readonly count: number;
  readonly bytes: number;
  readonly error: DataFlowError;
}

const ARRAY_VIEWS = { arrayViews: true, alignInPlace: true } as const;

/**
 * Receives datapoints from producers running `sendDataflowZmq` (ours or tensorpack's), like
 * tensorpack's `RemoteDataZMQ`: a PULL socket that binds `addr1` (and `addr2`) by default, at
 * most `hwm` datapoints queued per producer, each single-frame message decoded with `loads`
 * (msgpack or pickle, detected per message; decoding never runs code). No one else holds a
 * message, so msgpack arrays are views of it rather than copies (`arrayViews`), those that lie
 * misaligned for their dtype moved down into alignment within it first (`alignInPlace`): an
 * image arrives without a copy. Such an array keeps its message alive (a packed message holds
 * several datapoints).
 *
 *   producer A sends [1], [2]; producer B sends [10] → yields [1], [10], [2] (fair-queued; order
 *   within one producer kept)
 *
 * A message from our `sendDataflowZmq(..., { pack: n })` holds several datapoints (see
 * packedMessage.ts): they are yielded one by one, in order. Packed and tensorpack messages are
 * told apart per message, so one consumer takes both kinds of producers.
 *
 * Length: Infinity — a pass never ends by itself; stop it with `break`, an AbortSignal, or the
 * `timeout` option. A message that does not decode to a datapoint (a list or a record) is
 * counted in `junkCount`, reported to `onJunk`, and skipped; so is a malformed packed message
 * as a whole, and each datapoint of a packed message that does not decode. A producer that
 * dies mid-message loses only that message: ZeroMQ delivers whole messages or nothing.
 */
export class RemoteDataZMQ<T extends Datapoint = Datapoint> extends DataFlow<T> {
  readonly addresses: readonly string[];
  private readonly options: RemoteDataOptions;
  /** Names the addresses in decoding errors; made once, not per message. */
  private readonly decodeContext: DecodeContext;
  private junk = 0;
  private received = 0;
  private running = false;

  constructor(addr1: string, addr2?: string, options: RemoteDataOptions = {}) {
    super();
    const addrs = [checkAddress('RemoteDataZMQ', addr1, 'addr1')];
    if (addr2 !== undefined) addrs.push(checkAddress('RemoteDataZMQ', addr2, 'addr2'));
    this.addresses = addrs;
    this.decodeContext = { source: addrs.join(', ') };
    if (options.timeout !== undefined) checkPositiveInt('RemoteDataZMQ', 'timeout', options.timeout);
    if (options.curve !== undefined) checkCurve('RemoteDataZMQ', options.curve);
    this.options = options;
  }

  get length(): Length {
    return Infinity;
  }

  override get isSync(): boolean {
    return false;
  }

  /** Messages dropped because they were not datapoints, over all passes. */
  get junkCount(): number {
    return this.junk;
  }

  /** Datapoints yielded, over all passes. */
  get receivedCount(): number {
    return this.received;
  }

  protected override iterateAsync(signal: AbortSignal | undefined): AsyncIterator<T> {
    if (this.running) throw new DataFlowError(this.flowName, `is already receiving on ${this.addresses.join(', ')}; one pass at a time`);
    this.running = true;
    const opened = openSocket(this.flowName, zmq.Pull, this.addresses, {
      ...this.options,
      bind: this.options.bind ?? true,
      onDenied: this.options.onDenied ?? ((key) => console.warn(`${this.flowName} ${this.addresses.join(', ')}: refused CURVE client ${key || '(no key)'}`)),
    });
    let link: OpenSocket<zmq.Pull> | undefined;
    const onAbort = (): void => void link?.close();
    const finish = async (): Promise<void> => {
      signal?.removeEventListener('abort', onAbort);
      if (this.running) {
        this.running = false;
        await (link ?? (await opened.catch(() => undefined)))?.close();
      }
    };
    signal?.addEventListener('abort', onAbort);
    const fail = async (e: unknown): Promise<never> => {
      await finish();
      throw this.receiveError(e, signal);
    };
    // Receiving with receiveTimeout 0 skips zeromq.js's ZMQ_EVENTS query (a poll() per message)
    // and its deferral of every 513th receive; only an empty queue (EAGAIN) waits, with `timeout`.
    let unpacked: Buffer[] | undefined;
    let nextUnpacked = 0;
    let calls = 0;
    let lastYield = performance.now();
    const onMessage = (message: Buffer[]): IteratorResult<T> | Promise<IteratorResult<T>> => {
      if (message.length === 1 && isPacked(message[0]!)) {
        const frames = unpackFrames(message[0]!);
        if (typeof frames === 'string') this.junkFound(message[0]!.length, frames);
        else [unpacked, nextUnpacked] = [frames, 0];
        return next();
      }
      const dp = this.decode(message);
      if (dp === undefined) return next();
      this.received++;
      return { done: false, value: dp };
    };
    const onEmpty = (e: unknown): Promise<IteratorResult<T>> => {
      if ((e as { code?: string }).code !== 'EAGAIN' || link!.socket.closed) return fail(e);
      link!.socket.receiveTimeout = this.options.timeout ?? -1;
      return link!.socket.receive().then(onWaited, fail);
    };
    const onWaited = (message: Buffer[]): IteratorResult<T> | Promise<IteratorResult<T>> => {
      if (!link!.socket.closed) link!.socket.receiveTimeout = 0;
      return onMessage(message);
    };
    const next = (): Promise<IteratorResult<T>> => {
      if (link === undefined) {
        return opened.then((l) => {
          link = l;
          l.socket.receiveTimeout = 0;
          return next();
        }, fail);
      }
      if (signal?.aborted) return fail(signal.reason);
      // Messages can arrive faster than they are taken: let timers and aborts run now and then.
      if ((++calls & 63) === 0 && performance.now() - lastYield > 20) {
        lastYield = performance.now();
        return nextMacrotask().then(next);
      }
      while (unpacked !== undefined) {
        const [frame, k, n] = [unpacked[nextUnpacked]!, nextUnpacked++, unpacked.length];
        if (nextUnpacked === n) unpacked = undefined;
        const dp = this.decodeFrame(frame, `datapoint ${k} of a packed message of ${n}: `);
        if (dp !== undefined) {
          this.received++;
          return Promise.resolve({ done: false, value: dp });
        }
      }
      return link.socket.receive().then(onMessage, onEmpty);
    };
    return {
      next,
      return: async () => {
        await finish();
        return { done: true, value: undefined };
      },
    };
  }

  /** The error a failed receive ends the pass with. */
  private receiveError(e: unknown, signal: AbortSignal | undefined): unknown {
    if (signal?.aborted) return signal.reason;
    if (e instanceof DataFlowError) return e; // from opening the socket
    if ((e as { code?: string }).code === 'EAGAIN') {
      return new DataFlowError(this.flowName, `no datapoint arrived on ${this.addresses.join(', ')} within ${this.options.timeout} ms (${this.received} received so far)`, { index: this.received });
    }
    return new DataFlowError(this.flowName, `receiving on ${this.addresses.join(', ')} failed: ${e instanceof Error ? e.message : String(e)}`, { index: this.received, cause: e });
  }

  /** The datapoint in a message, or undefined (and a junk report) when there is none. */
  private decode(message: Buffer[]): T | undefined {
    if (message.length === 1) return this.decodeFrame(message[0]!);
    this.junkFound(message.reduce((n, part) => n + part.length, 0), `a ${message.length}-part message; tensorpack sends one frame per datapoint`);
    return undefined;
  }

  /** The datapoint in one frame, or undefined (and a junk report, its problem after `where`) when there is none. */
  private decodeFrame(frame: Buffer, where = ''): T | undefined {
    let problem: string;
    try {
      const dp = loads(frame, this.decodeContext, ARRAY_VIEWS);
      if (typeof dp === 'object' && dp !== null) return dp as T;
      problem = `decoded to ${dp === null ? 'None' : typeof dp}, not a datapoint (a list or a record)`;
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
    this.junkFound(frame.length, where + problem);
    return undefined;
  }

  private junkFound(bytes: number, problem: string): void {
    this.junk++;
    const error = new DataFlowError(this.flowName, `dropped junk message ${this.junk} (${bytes} bytes): ${problem}`, { index: this.received });
    (this.options.onJunk ?? ((j: JunkFrame) => console.warn(j.error.message)))({ count: this.junk, bytes, error });
  }
}
