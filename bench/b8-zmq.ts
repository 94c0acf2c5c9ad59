// B8: ZeroMQ throughput over loopback TCP, sender and receiver in separate processes.
// Cases: small datapoints [int, 28×28 float32] and 1 MB datapoints [int, 262144 float32], msgpack,
// through sendDataflowZmq → RemoteDataZMQ (tensorpack's wire protocol), against a raw zeromq.js
// PUSH/PULL loop (`await send` / `await receive`) moving the same serialized bytes in the same run.
// The bar is tensorpack on this machine kind: ~108 k small datapoints/s and ~560 MB/s for 1 MB
// datapoints, where the raw zeromq.js loop made ~74 k/s and ~240 MB/s: ratio targets 1.46 and 2.33.
//
// This file is also the child process: `node --import tsx bench/b8-zmq.ts <role> <case> <addr> <n>`.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as zmq from 'zeromq';
import { NDArray } from '../src/core/NDArray.ts';
import { DataFromList } from '../src/core/sources/DataFromList.ts';
import { dumps } from '../src/formats/serialize/index.ts';
import { RemoteDataZMQ, sendDataflowZmq } from '../src/remote/index.ts';
import type { BenchRow } from './lib.ts';

const CASES = {
  small: { elements: 28 * 28, count: 60_000, target: 108 / 74 },
  '1MB': { elements: 262_144, count: 1_500, target: 560 / 240 },
} as const;
type CaseName = keyof typeof CASES;

const datapoint = (c: CaseName): [number, NDArray<'float32'>] => [7, NDArray.from(new Float32Array(CASES[c].elements).fill(0.5), [CASES[c].elements])];

interface Measured {
  /** Messages timed: from the first one's arrival to the last one's. */
  readonly count: number;
  readonly seconds: number;
}

/** Receiver roles: time `n` messages from the first to the last, print the result as JSON. */
async function receive(mode: 'ours' | 'raw', addr: string, n: number): Promise<Measured> {
  let t0 = 0;
  if (mode === 'raw') {
    const sock = new zmq.Pull({ receiveHighWaterMark: 50, linger: 0 });
    await sock.bind(addr);
    for (let i = 0; i < n; i++) {
      await sock.receive();
      if (i === 0) t0 = performance.now();
    }
    sock.close();
  } else {
    const remote = new RemoteDataZMQ(addr, undefined, { hwm: 50 });
    let i = 0;
    for await (const dp of remote) {
      if (i === 0) t0 = performance.now();
      if (!(dp as unknown[])[1]) throw new Error('B8: no array in the datapoint');
      if (++i === n) break;
    }
  }
  return { count: n - 1, seconds: (performance.now() - t0) / 1000 };
}

/** Sender roles: send until killed. */
async function send(mode: 'ours' | 'raw', c: CaseName, addr: string): Promise<void> {
  if (mode === 'ours') {
    await sendDataflowZmq(new DataFromList([datapoint(c)]), addr, { serializer: 'msgpack', onRate: () => {} }).done;
    return;
  }
  const frame = dumps(datapoint(c), { serializer: 'msgpack' });
  const sock = new zmq.Push({ sendHighWaterMark: 50, linger: 0 });
  sock.connect(addr);
  for (;;) await sock.send(frame);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function child(args: string[]): { done: Promise<string>; kill(): void } {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  return {
    done: new Promise((resolve, reject) =>
      proc.on('exit', (code, signal) => (code === 0 || signal === 'SIGKILL' ? resolve(out) : reject(new Error(`b8 child ${args.join(' ')} exited ${code ?? signal}`))))),
    kill: () => proc.kill('SIGKILL'),
  };
}

async function measure(mode: 'ours' | 'raw', c: CaseName): Promise<Measured> {
  const addr = `tcp://127.0.0.1:${await freePort()}`;
  const receiver = child(['recv', mode, c, addr, String(CASES[c].count)]);
  const sender = child(['send', mode, c, addr]);
  try {
    return JSON.parse(await receiver.done) as Measured;
  } finally {
    sender.kill();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of Object.keys(CASES) as CaseName[]) {
    const runs: { ours: Measured; raw: Measured }[] = [];
    for (let i = 0; i < 3; i++) runs.push({ raw: await measure('raw', c), ours: await measure('ours', c) });
    const median = (f: (m: Measured) => number, which: 'ours' | 'raw'): number => runs.map((r) => f(r[which])).sort((a, b) => a - b)[1]!;
    const dps = (m: Measured): number => m.count / m.seconds;
    const mbs = (m: Measured): number => (dps(m) * CASES[c].elements * 4) / 1e6; // array bytes, as tensorpack's figure
    const [oursDps, rawDps, oursMbs, rawMbs] = [median(dps, 'ours'), median(dps, 'raw'), median(mbs, 'ours'), median(mbs, 'raw')];
    const baseline = 'raw zeromq.js PUSH/PULL loop, same bytes';
    rows.push({ bench: 'B8 zmq', case: `${c} sendDataflowZmq→RemoteDataZMQ msgpack`, value: Math.round(oursDps), unit: 'datapoints/s', ratio: oursDps / rawDps, baseline, target: CASES[c].target });
    rows.push({ bench: 'B8 zmq', case: `${c} sendDataflowZmq→RemoteDataZMQ msgpack`, value: Math.round(oursMbs), unit: 'MB/s', ratio: oursMbs / rawMbs, baseline, target: CASES[c].target });
    rows.push({ bench: 'B8 zmq', case: `${c} raw zeromq.js loop`, value: Math.round(rawDps), unit: 'datapoints/s' });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [role, mode, c, addr, n] = process.argv.slice(2) as ['recv' | 'send', 'ours' | 'raw', CaseName, string, string];
  if (role === 'recv') console.log(JSON.stringify(await receive(mode, addr, Number(n))));
  else await send(mode, c, addr);
}
