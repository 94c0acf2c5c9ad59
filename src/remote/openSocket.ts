import * as zmq from 'zeromq';
import { checkPositiveInt, DataFlowError } from '../core/errors.ts';
import { applyCurve, type CurveOptions } from './CurveOptions.ts';
import { ZapAuthenticator } from './ZapAuthenticator.ts';

/** What both ends of a link configure. */
export interface LinkOptions {
  /** ZeroMQ high-water mark: at most this many datapoints queue per peer (tensorpack: 50). */
  readonly hwm?: number;
  /** Bind the addresses (true) or connect to them (false). */
  readonly bind?: boolean;
  /** CURVE keys; see CurveOptions. */
  readonly curve?: CurveOptions;
}

export interface SocketSetup extends LinkOptions {
  /** Bytes; a peer sending a larger message is disconnected (ZMQ_MAXMSGSIZE). */
  readonly maxMessageSize?: number;
  /** Milliseconds queued messages may still be delivered after close (ZMQ_LINGER). */
  readonly linger?: number;
  /** Told about every CURVE client turned away by `curve.allowedClientKeys`. */
  readonly onDenied?: (clientKey: string) => void;
}

/** A bound or connected socket, and how to release it (the socket, and its authenticator). */
export interface OpenSocket<S extends zmq.Push | zmq.Pull> {
  readonly socket: S;
  /** The endpoints actually bound or connected (a `tcp://host:*` bind resolves to its port). */
  readonly endpoints: readonly string[];
  close(): Promise<void>;
}

const TRANSPORT = /^(tcp|ipc|inproc):\/\/./;

/** Checks an address given by a user: a string with a ZeroMQ transport. */
export function checkAddress(flow: string, addr: unknown, name = 'address'): string {
  if (typeof addr !== 'string' || !TRANSPORT.test(addr)) {
    throw new DataFlowError(flow, `${name} must look like tcp://host:port, ipc://path or inproc://name, got ${JSON.stringify(addr)}`);
  }
  return addr;
}

/**
 * Makes a PUSH or PULL socket with the link options set, then binds or connects it to every
 * address (one socket serves several addresses: ZeroMQ fair-queues between their peers).
 */
export async function openSocket<S extends zmq.Push | zmq.Pull>(
  flow: string,
  Kind: new (options?: { context?: zmq.Context }) => S,
  addrs: readonly string[],
  setup: SocketSetup,
): Promise<OpenSocket<S>> {
  const hwm = setup.hwm ?? 50;
  checkPositiveInt(flow, 'hwm', hwm);
  if (setup.maxMessageSize !== undefined) checkPositiveInt(flow, 'maxMessageSize', setup.maxMessageSize);
  const allowed = setup.curve?.allowedClientKeys;
  const auth = allowed && setup.curve?.serverKey === undefined ? new ZapAuthenticator(allowed, setup.onDenied ?? (() => {})) : undefined;
  const socket = new Kind(auth ? { context: auth.context } : {});
  const close = async (): Promise<void> => {
    if (!socket.closed) socket.close();
    await auth?.close();
  };
  try {
    if (setup.curve) applyCurve(socket, setup.curve);
    if (socket instanceof zmq.Push) socket.sendHighWaterMark = hwm;
    else (socket as zmq.Pull).receiveHighWaterMark = hwm;
    socket.linger = setup.linger ?? 0;
    if (setup.maxMessageSize !== undefined) socket.maxMessageSize = setup.maxMessageSize;
    const endpoints: string[] = [];
    for (const addr of addrs) {
      if (setup.bind) {
        await socket.bind(addr).catch((e: unknown) => {
          throw new DataFlowError(flow, `cannot bind ${addr}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        });
        endpoints.push(socket.lastEndpoint ?? addr);
      } else {
        try {
          socket.connect(addr);
        } catch (e) {
          throw new DataFlowError(flow, `cannot connect to ${addr}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
        endpoints.push(addr);
      }
    }
    return { socket, endpoints, close };
  } catch (e) {
    await close();
    throw e;
  }
}
