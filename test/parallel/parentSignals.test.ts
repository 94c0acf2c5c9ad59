import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { alive, eventually } from './fixtures/refs.ts';

const script = new URL('./fixtures/parentScript.ts', import.meta.url).pathname;

for (const transport of ['ipc', 'zmq'] as const) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} to the parent (${transport}) ends its worker processes and removes its socket files`, async () => {
      const before = new Set(readdirSync(tmpdir()));
      const parent = spawn(process.execPath, ['--import', 'tsx', script, transport], { stdio: ['ignore', 'pipe', 'inherit'] });
      const pids = await new Promise<number[]>((resolve, reject) => {
        let out = '';
        parent.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          // Only a whole line: a pipe may deliver the JSON line in pieces.
          const line = out.split('\n').slice(0, -1).find((l) => l.startsWith('{'));
          if (line) resolve((JSON.parse(line) as { pids: number[] }).pids);
        });
        parent.once('exit', (code) => reject(new Error(`parent exited early with ${code}`)));
      });
      assert.ok(pids.every(alive));
      const exited = new Promise<NodeJS.Signals | null>((r) => parent.once('exit', (_code, sig) => r(sig)));
      parent.kill(signal);
      assert.equal(await exited, signal); // the signal's default action still ends the parent
      await eventually(() => !pids.some(alive));
      assert.deepEqual(readdirSync(tmpdir()).filter((n) => n.startsWith('dataflow-parallel-') && !before.has(n)), []);
    });
  }
}
