import { fork, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ThreadData, ToWorker, WorkerInit } from './protocol.ts';

export type WorkerKind = 'thread' | 'process';

export interface WorkerEvents {
  message(msg: FromWorker): void;
  /** The worker ended (on its own, by a crash, or killed); `why` reads "exited with code 1". */
  exit(why: string): void;
}

/** One running worker, thread or process, seen from the main side. */
export interface WorkerLink {
  readonly index: number;
  /** "thread 12" or "process 4711", for error messages. */
  readonly name: string;
  /** The thread id or the process id. */
  readonly id: number;
  post(msg: ToWorker, transfer?: ArrayBuffer[]): void;
  /** Keeps the event loop alive while the consumer waits for this worker (and not otherwise). */
  ref(): void;
  unref(): void;
  /**
   * Asks the worker to end (it closes its flow and exits, see WorkerStop); terminates it if it has
   * not within STOP_GRACE_MS. Resolves when it is gone.
   */
  stop(): Promise<void>;
  /** Ends the worker at once (for one still loading, which runs no flow yet); resolves when it is gone. */
  terminate(): Promise<void>;
}

/** How long a worker asked to stop has before it is terminated (a thread) or killed (a process). */
const STOP_GRACE_MS = 2000;

/** Runs `force` unless `gone` settles within STOP_GRACE_MS; resolves with `gone`. */
function forceAfterGrace(gone: Promise<void>, force: () => void): Promise<void> {
  const timer = setTimeout(force, STOP_GRACE_MS);
  return gone.finally(() => clearTimeout(timer));
}

const live = new Map<string, { kind: WorkerKind; id: number }>();

/** The workers of every pass that have not yet ended (threads by threadId, processes by pid). */
export function liveWorkers(): { kind: WorkerKind; id: number }[] {
  return [...live.values()];
}

const ENTRY_EXT = extname(fileURLToPath(import.meta.url));
const ENTRY = new URL(`./workerEntry${ENTRY_EXT}`, import.meta.url);

const needsTs = (init: WorkerInit): boolean => ENTRY_EXT === '.ts' || /\.[mc]?ts$/.test(init.ref.url);

/**
 * Node options for a worker process. A child inherits the parent's `execArgv`, which under tsx
 * (`tsx main.ts` or `node --import tsx`) carries the TypeScript loader. When TypeScript must be
 * loaded (our own sources, or the user's `.ts` module) but no loader is inherited — built JS
 * importing a `.ts` pipeline — tsx is added.
 */
function processExecArgv(init: WorkerInit): string[] {
  const inherited = inheritedExecArgv();
  const hasLoader = [...inherited, process.env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('tsx'));
  return needsTs(init) && !hasLoader ? [...inherited, '--import', 'tsx'] : inherited;
}

/**
 * The script a worker thread starts with. Node 20 does not apply a loader given in a thread's
 * `execArgv` to the thread's own modules, so when TypeScript must be loaded the thread registers
 * tsx's loader hooks itself, directly with `module.register` — importing `tsx/esm/api` in the
 * thread would load tsx (and esbuild's JS) a second time besides the hooks thread, ~50 ms more per
 * thread. (`data` must be an object: tsx refuses to run as a bare `--loader`.)
 */
function threadScript(init: WorkerInit): string {
  const entry = JSON.stringify(ENTRY.href);
  if (!needsTs(init)) return `import(${entry})`;
  const tsx = JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href);
  return `require('node:module').register(${tsx}, { data: {} }); import(${entry})`;
}

export function spawnWorker(kind: WorkerKind, init: WorkerInit, events: WorkerEvents): WorkerLink {
  return kind === 'thread' ? spawnThread(init, events) : spawnProcess(init, events);
}

/** Options of the parent's command line that describe its own script, not how to run Node. */
const SCRIPT_OPTIONS = new Set(['--input-type', '-e', '--eval', '-p', '--print', '-pe']);

/**
 * The parent's Node options without those of its own script: a parent started as
 * `node --input-type=module -e …` would otherwise make a thread's CommonJS script ESM (no
 * `require`), and make a child process run the parent's `-e` code again instead of the worker.
 */
function inheritedExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (SCRIPT_OPTIONS.has(arg)) i++; // and its value
    else if (!SCRIPT_OPTIONS.has(arg.split('=')[0]!)) out.push(arg);
  }
  return out;
}

function spawnThread(init: WorkerInit, events: WorkerEvents): WorkerLink {
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const workerData: ThreadData = { init, stopFlag };
  const worker = new Worker(threadScript(init), { eval: true, workerData, execArgv: inheritedExecArgv() });
  const threadId = worker.threadId; // reads -1 once the thread has exited
  live.set(`thread ${threadId}`, { kind: 'thread', id: threadId });
  const gone = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.once('exit', () => live.delete(`thread ${threadId}`));
  let ending = false;
  let crash: Error | undefined;
  worker.on('message', (m: FromWorker) => events.message(m));
  worker.on('error', (e) => (crash = e));
  worker.on('exit', (code) => {
    if (ending) return;
    events.exit(crash ? `crashed: ${crash.stack ?? crash.message}` : `exited with code ${code}`);
  });
  return {
    index: init.index,
    name: `thread ${threadId}`,
    id: threadId,
    post: (msg, transfer) => worker.postMessage(msg, transfer),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    stop: () => {
      ending = true;
      Atomics.store(stopFlag, 0, 1);
      worker.postMessage({ t: 'stop' } satisfies ToWorker);
      return forceAfterGrace(gone, () => void worker.terminate());
    },
    terminate: () => {
      ending = true;
      void worker.terminate();
      return gone;
    },
  };
}

function spawnProcess(init: WorkerInit, events: WorkerEvents): WorkerLink {
  const child: ChildProcess = fork(fileURLToPath(ENTRY), [], { execArgv: processExecArgv(init), serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // 'close' (not 'exit'): by then the IPC pipe is closed too, so nothing of the child is left.
  const pid = child.pid!;
  live.set(`process ${pid}`, { kind: 'process', id: pid });
  const gone = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.once('close', () => live.delete(`process ${pid}`));
  let ending = false;
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  child.on('message', (m) => events.message(m as FromWorker));
  // 'error' fires when the process could not be spawned, or a message could not be sent because
  // the process is already gone; then its 'exit' follows and names the real cause (a code, a signal).
  child.on('error', (e) => {
    if (!ending && child.pid === undefined) events.exit(`failed: ${e.message}`);
  });
  child.on('exit', (code, signal) => {
    if (ending) return;
    events.exit(signal ? `was killed by ${signal}` : `exited with code ${code}`);
  });
  child.send({ t: 'init', init } satisfies ToWorker);
  return {
    index: init.index,
    name: `process ${pid}`,
    id: pid,
    post: (msg) => {
      if (child.connected) child.send(msg);
    },
    ref: () => {
      child.ref();
      child.channel?.ref();
    },
    unref: () => {
      child.unref();
      child.channel?.unref();
    },
    stop: () => {
      ending = true;
      if (child.connected) child.send({ t: 'stop' } satisfies ToWorker);
      return forceAfterGrace(gone, kill);
    },
    terminate: () => {
      ending = true;
      kill();
      return gone;
    },
  };
}
