// B8: ZeroMQ throughput over loopback TCP, sender and receiver in separate processes.
// Datapoints: small [int, 28×28 float32] and 1 MB [int, 262144 float32], msgpack. Modes:
// - ours: sendDataflowZmq → RemoteDataZMQ, tensorpack's wire protocol (one datapoint per message);
// - packed: the same with `pack: 64` (TS-to-TS only), small datapoints;
// - raw: a plain zeromq.js PUSH/PULL loop (`await send` / `await receive`) moving the same
//   serialized bytes, the issue's baseline (its targets: tensorpack 108 k/s vs raw 74 k/s = 1.46,
//   560 MB/s vs 240 MB/s = 2.33);
// - tensorpack: Python, pyzmq + msgpack-numpy doing what send_dataflow_zmq → RemoteDataZMQ do
//   (`send(dumps(dp), copy=False)`, `loads(recv(copy=False))`, hwm 50), in the same run; the
//   issue measured tensorpack itself at ~108 k small datapoints/s and ~560 MB/s on this machine kind.
//
// This file is also the child process: `node --import tsx/esm bench/b8-zmq.ts <role> <mode> <case> <addr> <n>`.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as zmq from 'zeromq';
import { NDArray } from '../src/core/NDArray.ts';
import { DataFromList } from '../src/core/sources/DataFromList.ts';
import { dumps } from '../src/formats/serialize/index.ts';
import { RemoteDataZMQ, sendDataflowZmq } from '../src/remote/index.ts';
import type { BenchRow } from './lib.ts';

const CASES = {
  small: { elements: 28 * 28, count: 60_000 },
  '1MB': { elements: 262_144, count: 1_500 },
} as const;
type CaseName = keyof typeof CASES;
type Mode = 'ours' | 'packed' | 'raw' | 'tensorpack';
const PACK = 64;
const PYTHON = '/usr/bin/python3';

const PY = `
import sys, time, json, zmq, numpy as np, msgpack, msgpack_numpy
msgpack_numpy.patch()
role, addr, elements, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ctx = zmq.Context()
if role == 'send':
    dp = [7, np.full(elements, 0.5, dtype=np.float32)]
    s = ctx.socket(zmq.PUSH); s.set_hwm(50); s.connect(addr)
    while True: s.send(msgpack.dumps(dp, use_bin_type=True), copy=False)
big = 1000000000
loads = lambda b: msgpack.loads(b, raw=False, max_bin_len=big, max_array_len=big, max_map_len=big, max_str_len=big)
s = ctx.socket(zmq.PULL); s.set_hwm(50); s.bind(addr)
loads(s.recv(copy=False)); t0 = time.perf_counter()
for i in range(n - 1): loads(s.recv(copy=False))
print(json.dumps({'count': n - 1, 'seconds': time.perf_counter() - t0}))
`;

const datapoint = (c: CaseName): [number, NDArray<'float32'>] => [7, NDArray.from(new Float32Array(CASES[c].elements).fill(0.5), [CASES[c].elements])];

interface Measured {
  /** Datapoints timed: from the first one's arrival to the last one's. */
  readonly count: number;
  readonly seconds: number;
}

/** Receiver roles: time `n` datapoints from the first to the last, print the result as JSON. */
async function receive(mode: Mode, addr: string, n: number): Promise<Measured> {
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
async function send(mode: Mode, c: CaseName, addr: string): Promise<void> {
  if (mode !== 'raw') {
    const pack = mode === 'packed' ? PACK : 1;
    await sendDataflowZmq(new DataFromList([datapoint(c)]), addr, { serializer: 'msgpack', pack, onRate: () => {} }).done;
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

function child(mode: Mode, args: string[]): { done: Promise<string>; kill(): void } {
  const [role, c, addr, n] = args as [string, CaseName, string, string];
  const proc =
    mode === 'tensorpack'
      ? spawn(PYTHON, ['-c', PY, role, addr, String(CASES[c].elements), n], { stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn(process.execPath, ['--import', 'tsx/esm', fileURLToPath(import.meta.url), role, mode, c, addr, n], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  return {
    done: new Promise((resolve, reject) =>
      proc.on('exit', (code, signal) => (code === 0 || signal === 'SIGKILL' ? resolve(out) : reject(new Error(`b8 ${mode} child ${args.join(' ')} exited ${code ?? signal}`))))),
    kill: () => proc.kill('SIGKILL'),
  };
}

async function measure(mode: Mode, c: CaseName): Promise<Measured> {
  const addr = `tcp://127.0.0.1:${await freePort()}`;
  const n = String(mode === 'packed' ? 4 * CASES[c].count : CASES[c].count);
  const receiver = child(mode, ['recv', c, addr, n]);
  const sender = child(mode, ['send', c, addr, n]);
  try {
    return JSON.parse(await receiver.done) as Measured;
  } finally {
    sender.kill();
  }
}

function pythonReady(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import zmq, numpy, msgpack, msgpack_numpy'], { encoding: 'utf8' });
  if (r.status === 0) return true;
  process.stderr.write(`B8: tensorpack baseline skipped (needs ${PYTHON} with python3-zmq python3-numpy python3-msgpack python3-msgpack-numpy): ${r.stderr || r.error?.message}\n`);
  return false;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const withPython = pythonReady();
  for (const c of Object.keys(CASES) as CaseName[]) {
    const modes: Mode[] = ['raw', 'ours', ...(c === 'small' ? ['packed' as const] : []), ...(withPython ? ['tensorpack' as const] : [])];
    const runs = new Map<Mode, Measured[]>(modes.map((m) => [m, []]));
    for (let i = 0; i < 3; i++) for (const m of modes) runs.get(m)!.push(await measure(m, c));
    const dps = (m: Mode): number => runs.get(m)!.map((r) => r.count / r.seconds).sort((a, b) => a - b)[1]!; // median of 3
    const mbs = (m: Mode): number => (dps(m) * CASES[c].elements * 4) / 1e6; // array bytes, as tensorpack's figure
    const raw = 'raw zeromq.js PUSH/PULL loop, same bytes, this run';
    const py = 'tensorpack loop in Python (pyzmq + msgpack-numpy), this run';
    const [unit, fig, target, issue] = c === 'small' ? (['datapoints/s', dps, 108 / 74, '108 k/s'] as const) : (['MB/s', mbs, 560 / 240, '560 MB/s'] as const);
    const ours = `${c} sendDataflowZmq→RemoteDataZMQ msgpack (tensorpack-compatible; tensorpack: ${issue})`;
    rows.push({ bench: 'B8 zmq', case: ours, value: Math.round(fig('ours')), unit, ratio: fig('ours') / fig('raw'), baseline: raw, target });
    if (withPython) rows.push({ bench: 'B8 zmq', case: ours, value: Math.round(fig('ours')), unit, ratio: fig('ours') / fig('tensorpack'), baseline: py, target: 1 });
    if (c === 'small') {
      const packed = `small packed (pack ${PACK}, TS-to-TS)`;
      rows.push({ bench: 'B8 zmq', case: packed, value: Math.round(dps('packed')), unit, ratio: dps('packed') / dps('raw'), baseline: raw, target });
      if (withPython) rows.push({ bench: 'B8 zmq', case: packed, value: Math.round(dps('packed')), unit, ratio: dps('packed') / dps('tensorpack'), baseline: py, target: 1 });
    }
    rows.push({ bench: 'B8 zmq', case: `${c} raw zeromq.js loop`, value: Math.round(fig('raw')), unit });
    if (withPython) rows.push({ bench: 'B8 zmq', case: `${c} tensorpack loop (Python)`, value: Math.round(fig('tensorpack')), unit });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [role, mode, c, addr, n] = process.argv.slice(2) as ['recv' | 'send', Mode, CaseName, string, string];
  if (role === 'recv') console.log(JSON.stringify(await receive(mode, addr, Number(n))));
  else await send(mode, c, addr);
}
