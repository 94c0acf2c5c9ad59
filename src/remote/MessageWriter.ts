import type * as zmq from 'zeromq';

/**
 * Writes messages to a PUSH socket without a promise turn per message. With `sendTimeout` 0,
 * zeromq.js queues a message synchronously (no ZMQ_EVENTS query, and never the deferral of every
 * 513th send in a row, which would make the next send fail with EBUSY); `writable` guarantees
 * the message fits. Only when the high-water mark is reached does `write` return a promise: that
 * of a blocking send, which the next writes queue behind, so messages keep their order.
 */
export class MessageWriter {
  private blocked: Promise<void> | undefined;
  private failure: unknown;
  private readonly recordFailure = (e: unknown): void => void (this.failure ??= e);

  constructor(private readonly sock: zmq.Push) {
    sock.sendTimeout = 0;
  }

  write(message: Buffer): void | Promise<void> {
    if (this.blocked !== undefined) return this.blocked.then(() => this.write(message));
    if (this.sock.writable) {
      this.sock.send(message).catch(this.recordFailure);
      return;
    }
    this.sock.sendTimeout = -1;
    const sent = this.sock.send(message).finally(() => {
      this.blocked = undefined;
      if (!this.sock.closed) this.sock.sendTimeout = 0;
    });
    this.blocked = sent.catch(this.recordFailure);
    return sent;
  }

  /** Throws the first error of a send, awaited or not. */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
