import * as zmq from 'zeromq';

/** The inproc endpoint libzmq asks for authentication (ZeroMQ RFC 27, ZAP). */
const ZAP_ENDPOINT = 'inproc://zeromq.zap.01';

/**
 * Admits only CURVE clients whose public key is in a list. libzmq consults the ZAP handler of the
 * socket's own context during every CURVE handshake, so each authenticated socket gets its own
 * context and its own authenticator (a context holds one handler).
 */
export class ZapAuthenticator {
  readonly context = new zmq.Context();
  private readonly reply = new zmq.Reply({ context: this.context, linger: 0 });
  private readonly allowed: Set<string>;
  private readonly loop: Promise<void>;

  /** `onDenied` hears the Z85 key of every client that was turned away. */
  constructor(allowedKeys: readonly string[], onDenied: (clientKey: string) => void) {
    this.allowed = new Set(allowedKeys);
    // inproc bind is synchronous in libzmq; the promise only reports it.
    this.loop = this.reply.bind(ZAP_ENDPOINT).then(() => this.serve(onDenied));
    // Failures surface in close(); until then nothing may go unhandled.
    this.loop.catch(() => {});
  }

  private async serve(onDenied: (clientKey: string) => void): Promise<void> {
    try {
      for (;;) {
        // version, request id, domain, address, identity, mechanism, credentials...
        const [version, requestId, , , , mechanism, key] = await this.reply.receive();
        const clientKey = key?.length === 32 ? z85Encode(key) : '';
        const ok = String(mechanism) === 'CURVE' && this.allowed.has(clientKey);
        if (!ok) onDenied(clientKey);
        await this.reply.send([version ?? '1.0', requestId ?? '', ok ? '200' : '400', ok ? 'OK' : 'client key not allowed', ok ? clientKey : '', '']);
      }
    } catch (e) {
      if (!this.reply.closed) throw e;
    }
  }

  async close(): Promise<void> {
    this.reply.close();
    await this.loop;
  }
}

const Z85_CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

/** ZeroMQ's Z85 text form of binary data whose length is a multiple of 4 (RFC 32). */
export function z85Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    let v = ((bytes[i]! << 24) >>> 0) + (bytes[i + 1]! << 16) + (bytes[i + 2]! << 8) + bytes[i + 3]!;
    let chunk = '';
    for (let k = 0; k < 5; k++) {
      chunk = Z85_CHARS[v % 85]! + chunk;
      v = Math.floor(v / 85);
    }
    out += chunk;
  }
  return out;
}
