import type { Socket } from 'zeromq';
import { DataFlowError } from '../core/errors.ts';

/**
 * CURVE encryption and authentication for a ZeroMQ link (keys are 40-character Z85 strings, as
 * `zmq.curveKeyPair()` makes them). One side is the CURVE server, the other the client; this is
 * independent of which side binds:
 *
 * - server: `{ publicKey, secretKey }` (no `serverKey`). Optional `allowedClientKeys` admits only
 *   clients whose public key is listed; without it any client that knows the server's public key
 *   is admitted.
 * - client: `{ publicKey, secretKey, serverKey }` where `serverKey` is the server's public key.
 *
 * A peer without CURVE, or with the wrong server key, or (with `allowedClientKeys`) an unlisted
 * key, fails the handshake: not one message passes in either direction.
 *
 *   const server = zmq.curveKeyPair(), client = zmq.curveKeyPair();
 *   new RemoteDataZMQ(addr, undefined, { curve: server });                       // consumer
 *   sendDataflowZmq(flow, addr, { curve: { ...client, serverKey: server.publicKey } });
 */
export interface CurveOptions {
  readonly publicKey: string;
  readonly secretKey: string;
  /** The server's public key; given on the client side only. */
  readonly serverKey?: string;
  /** Server side only: the client public keys that may connect (checked through ZAP). */
  readonly allowedClientKeys?: readonly string[];
}

const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

function checkKey(flow: string, name: string, key: unknown): void {
  if (typeof key !== 'string' || !Z85_KEY.test(key)) {
    throw new DataFlowError(flow, `curve.${name} must be a 40-character Z85 key (see zmq.curveKeyPair()), got ${typeof key === 'string' ? `${key.length} characters` : typeof key}`);
  }
}

/** Checks the keys and the role (done when a flow or sender is made, before any socket exists). */
export function checkCurve(flow: string, curve: CurveOptions): void {
  checkKey(flow, 'publicKey', curve.publicKey);
  checkKey(flow, 'secretKey', curve.secretKey);
  if (curve.serverKey !== undefined) {
    checkKey(flow, 'serverKey', curve.serverKey);
    if (curve.allowedClientKeys !== undefined) throw new DataFlowError(flow, 'curve.allowedClientKeys applies to the server side only (leave out serverKey)');
  } else {
    curve.allowedClientKeys?.forEach((k, i) => checkKey(flow, `allowedClientKeys[${i}]`, k));
  }
}

/** Sets checked CURVE options on `socket` (before it binds or connects). */
export function applyCurve(socket: Socket, curve: CurveOptions): void {
  if (curve.serverKey !== undefined) socket.curveServerKey = curve.serverKey;
  else socket.curveServer = true;
  socket.curvePublicKey = curve.publicKey;
  socket.curveSecretKey = curve.secretKey;
}
