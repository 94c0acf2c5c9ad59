import type { DataFlow } from '../core/DataFlow.ts';
import { BatchData } from '../transforms/BatchData.ts';
import { loadFlow } from './FlowRef.ts';
import type { DataSink, WorkerInit, WorkerPort } from './protocol.ts';
import { RingWriter } from './SharedRing.ts';
import { arrayBytes } from './transfer.ts';
import { reportError } from './workerErrors.ts';
import { STOPPED, type WorkerStop } from './WorkerStop.ts';

/**
 * A chunk is sent once it holds this many bytes of arrays, so large datapoints don't pile up;
 * with reuseBuffers, once it holds a quarter of the ring (the bytes are already in shared memory, so
 * only the message's fixed cost counts, and four chunks in flight keep both sides busy).
 */
const CHUNK_BYTES = 1 << 20;
/** ... or once this many milliseconds went into it, so a slow flow's datapoints are not held back. */
const CHUNK_MS = 5;

/**
 * The worker side of a runner: builds the flow, resets it with `{ seed, streamId: index }`, and
 * runs it pass after pass for as long as the main side wants, sending datapoints in chunks. With
 * credits (threads, IPC) it sends only what the main side has room for; over ZeroMQ the socket's
 * high-water mark does the same. Asked to stop, it leaves its flow at the next chunk or wait (the
 * flow's iterators are closed, as after a `break`) and returns.
 */
export async function runRunner(init: WorkerInit, port: WorkerPort, sink: DataSink, withCredits: boolean, stop: WorkerStop): Promise<void> {
  const ring = init.ringBytes > 0 ? new RingWriter(init.ringBytes) : undefined;
  let flow: DataFlow<unknown>;
  try {
    flow = stackingInto(await loadFlow(init.ref), ring);
    flow.resetState({ seed: init.seed, streamId: init.index });
  } catch (e) {
    reportError(port, init.index, e, undefined, true);
    return;
  }
  let credit = init.credit;
  let creditArrived: (() => void) | undefined;
  const chunkBytes = ring ? ring.chunkBytes : CHUNK_BYTES;
  port.onMessage((m) => {
    if (m.t !== 'credit') return;
    credit += m.n;
    if (m.ring !== undefined) ring?.release(m.ring);
    creditArrived?.();
  });
  port.send({ t: 'ready', w: init.index, length: flow.length });

  const maxChunk = withCredits ? Math.min(init.chunkSize, init.credit) : init.chunkSize;
  let produced = 0;
  let chunk: unknown[] = [];
  let bytes = 0;
  let started = performance.now();
  const flush = async (): Promise<void> => {
    await stop.check();
    if (chunk.length === 0) return;
    while (withCredits && credit < chunk.length) await stop.orStop(new Promise<void>((r) => (creditArrived = r)));
    credit -= chunk.length;
    const dps = chunk;
    chunk = [];
    bytes = 0;
    const sent = sink.send(init.index, produced - dps.length, dps, ring?.position);
    if (sent) await stop.orStop(sent);
    if (!withCredits) port.send({ t: 'stats', w: init.index, produced });
    started = performance.now();
  };
  const add = (dp: unknown): boolean => {
    chunk.push(dp);
    produced++;
    bytes += arrayBytes(dp);
    return chunk.length >= maxChunk || bytes >= chunkBytes || performance.now() - started >= CHUNK_MS;
  };

  /** Sends what is pending, then waits for the main side to free the room the ring last found missing. */
  const waitForRoom = async (): Promise<void> => {
    await flush();
    await stop.orStop(ring!.room());
  };
  /** The datapoint copied into the ring, once the ring has room. */
  const intoRingWhenFree = async (dp: unknown): Promise<unknown> => {
    let placed: unknown;
    do {
      await waitForRoom();
      placed = ring!.place(dp);
    } while (placed === undefined);
    return placed;
  };
  /** Adds `dp` (copied into the ring, with reuseBuffers); true when the chunk should go. No await while the ring has room. */
  const take = (dp: unknown): boolean | Promise<boolean> => {
    if (!ring) return add(dp);
    const placed = ring.place(dp);
    return placed === undefined ? intoRingWhenFree(dp).then(add) : add(placed);
  };

  stop.flowRunning = true;
  try {
    for (;;) {
      const before = produced;
      // A sync flow is walked synchronously: an await per datapoint costs more than a tiny datapoint's work.
      if (flow.isSync) {
        for (const dp of flow) {
          const full = take(dp);
          if (typeof full === 'boolean' ? full : await full) await flush();
          if (ring?.hasRoomForNextAllocation() === false) await waitForRoom(); // room for the next batch, before the flow stacks it
        }
      } else {
        for await (const dp of flow) {
          const full = take(dp);
          if (typeof full === 'boolean' ? full : await full) await flush();
          if (ring?.hasRoomForNextAllocation() === false) await waitForRoom(); // room for the next batch, before the flow stacks it
        }
      }
      await flush();
      if (produced === before) throw new Error('the flow yielded no datapoint in a whole pass; a runner repeats its flow forever, so it would never yield');
    }
  } catch (e) {
    if (e !== STOPPED) reportError(port, init.index, e, produced, false);
  } finally {
    stop.flowRunning = false;
  }
}

/**
 * With a ring, a flow that ends in BatchData stacks each batch straight into the ring (see
 * RingWriter.allocate), instead of into arrays that the ring then copies: the batch's bytes are
 * written once. Only the last stage may: a stage after it could hold a batch (a shuffle buffer, a
 * cache) past the point where the main side releases its space.
 */
function stackingInto(flow: DataFlow<unknown>, ring: RingWriter | undefined): DataFlow<unknown> {
  if (!ring || !(flow instanceof BatchData) || flow.useList) return flow;
  return flow.withAllocate(ring.allocate);
}
