import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { LMDBSerializer } from '../../src/formats/lmdb/LMDBSerializer.ts';
import { MultiThreadRunner } from '../../src/parallel/MultiThreadRunner.ts';
import { collect, collectAsync } from '../helpers.ts';
import { fixturesDir, loadExpected } from './expectedJson.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'lmdb-workers-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const ids = loadExpected().datapoints.map((e) => e[0] as number);
const workerFile = new URL('./fixtures/lmdbReader.worker.ts', import.meta.url).href;

/** Runs the reader worker (tsx registered inside it: a TS entry cannot rely on --import in a worker). */
function readInWorker(file: string, passes: number, shuffle: boolean): Promise<number[][]> {
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(workerFile)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { file, passes, shuffle } });
  return new Promise((resolve, reject) => {
    let result: number[][] | undefined;
    worker.on('message', (m: number[][]) => (result = m));
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`worker exited with ${code}`))));
  });
}

// LMDB 0.9 keeps its reader table and fcntl locks per process: before each open got a private
// lock file, a second environment on the file re-initialised the first one's lock table, and a
// worker closing its environment emptied the other readers' slots — reads then failed with
// "Invalid argument" or, here, the main thread's next pass saw an empty database.
test('two worker_threads and the main thread read one file at once; every pass is complete', async () => {
  const file = path.join(tmp, 'shared.lmdb');
  copyFileSync(path.join(fixturesDir, 'tensorpack-msgpack.lmdb'), file);
  const main = LMDBSerializer.load(file, { shuffle: false });
  assert.deepEqual(collect(main).map((dp) => (dp as number[])[0]), ids);

  const [a, b] = await Promise.all([readInWorker(file, 3, false), readInWorker(file, 3, true)]);
  assert.deepEqual(a, [ids, ids, ids]);
  for (const pass of b!) assert.deepEqual([...pass].sort((x, y) => x - y), [...ids].sort((x, y) => x - y));

  // the workers have closed their environments and exited: the main thread's still reads everything
  assert.deepEqual(collect(main).map((dp) => (dp as number[])[0]), ids);
  const again = await readInWorker(file, 1, false);
  assert.deepEqual(again, [ids]);
  assert.deepEqual(collect(main).map((dp) => (dp as number[])[0]), ids);
  main.close();
  assert.deepEqual(readdirSync(tmp), ['shared.lmdb'], 'no lock file beside the data');
});

/** This process's open file descriptors on `file`, or on a private lock file beside a link to it (Linux). */
function openFilesOf(file: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target === file || target.includes('dataflow-lmdb-') ? [target] : [];
    } catch {
      return []; // closed while listing
    }
  });
}

// lmdb-js never closed an environment of data format v1 (the LMDB 0.9 that tensorpack writes): it
// only closes the ones its open callback tracks, which v1 builds lack (patches/lmdb+*.patch tracks
// them). Each pass then left the file and its lock file open, in the main thread and in every
// worker: ~2 descriptors per worker per epoch, until the process ran out.
test('closing releases the files: passes in the main thread and in runner workers leave no descriptor open', async () => {
  const file = path.join(tmp, 'descriptors.lmdb');
  copyFileSync(path.join(fixturesDir, 'tensorpack-msgpack.lmdb'), file);
  const main = LMDBSerializer.load(file, { shuffle: false });
  for (let pass = 0; pass < 5; pass++) {
    main.resetState();
    assert.equal(collect(main).length, ids.length);
  }
  assert.equal(openFilesOf(file).length, 2, 'the open environment: the data file and its lock file');
  main.close();
  await new Promise((r) => setTimeout(r, 20)); // lmdb-js closes once its outstanding reads are done
  assert.deepEqual(openFilesOf(file), []);

  const runner = new MultiThreadRunner({ module: new URL('./fixtures/lmdbFlow.ts', import.meta.url), export: 'lmdbFlow', args: [file] }, 2);
  // one pass of a runner yields the flow's length (tensorpack's MultiProcessRunner), from both workers
  for (let pass = 0; pass < 5; pass++) assert.equal((await collectAsync(runner)).length, ids.length);
  assert.deepEqual(openFilesOf(file), []);
});
