// Runs Debian's /usr/bin/python3 with the tensorpack fixtures (peer.py) importable.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fixturesDir } from '../test/formats/expectedJson.ts';

export { fixturesDir };

/** Debian's interpreter: a `python3` earlier in PATH may lack the Debian modules. */
export const PYTHON = '/usr/bin/python3';

const DEBIAN_PACKAGE: Record<string, string> = {
  numpy: 'python3-numpy',
  msgpack: 'python3-msgpack',
  msgpack_numpy: 'python3-msgpack-numpy',
  zmq: 'python3-zmq',
  lmdb: 'python3-lmdb',
};

export interface PythonResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** Runs `python3 -c code args...` with the fixtures directory on sys.path; `input` goes to stdin. */
export function runPython(code: string, args: string[] = [], opts: { input?: string | Uint8Array; timeoutMs?: number } = {}): Promise<PythonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', code, ...args], {
      env: { ...process.env, PYTHONPATH: fixturesDir, PYTHONDONTWRITEBYTECODE: '1' },
      timeout: opts.timeoutMs ?? 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code }));
    child.stdin.end(opts.input);
  });
}

/** Fails (never skips) with the apt-get line to run when /usr/bin/python3 or one of the modules is missing. */
export async function requirePythonModules(modules: string[] = ['numpy', 'msgpack', 'msgpack_numpy']): Promise<void> {
  const packages = (names: string[]) => names.map((m) => DEBIAN_PACKAGE[m] ?? `python3-${m.replace(/_/g, '-')}`).join(' ');
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: apt-get install -y python3 ${packages(modules)}`);
  const probe = 'import importlib.util, sys\nprint(" ".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))';
  const { stdout, code, stderr } = await runPython(probe, modules);
  if (code !== 0) throw new Error(`${PYTHON} failed to start: ${stderr}`);
  const missing = stdout.trim().split(/\s+/).filter(Boolean);
  if (missing.length > 0) throw new Error(`${PYTHON} lacks the modules ${missing.join(', ')}: apt-get install -y ${packages(missing)}`);
}
