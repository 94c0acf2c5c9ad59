// `dataflow`: --help on every command; bad input → exit 1 with a one-line error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flowsModule, runCli } from './fixtures/runCli.ts';

const COMMANDS = ['serve', 'recv', 'bench', 'inspect', 'convert'];

test('--help lists the commands, and every command has its own --help', async () => {
  const [top, ...each] = await Promise.all([runCli(['--help']), ...COMMANDS.map((c) => runCli([c, '--help']))]);
  assert.equal(top!.code, 0);
  for (const c of COMMANDS) assert.match(top!.stdout, new RegExp(`^  ${c} `, 'm'));
  each.forEach((r, i) => {
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith(`Usage: dataflow ${COMMANDS[i]} `), r.stdout);
  });
});

test('bad input: exit code 1 and exactly one line on stderr', async () => {
  const cases: [string[], string][] = [
    [['frob'], "error: unknown command 'frob'"],
    [['serve', flowsModule], "error: required option '--addr <address>' not specified"],
    [['recv', '--addr', 'tcp://127.0.0.1:1', '--count', '0'], `error: option '--count <n>' argument '0' is invalid. expected a positive whole number, got "0"`],
    [['serve', `${flowsModule}#notAFlow`, '--addr', 'tcp://127.0.0.1:1'], `dataflow: ${flowsModule}#notAFlow is number, not a DataFlow (or a function returning one)`],
    [['serve', `${flowsModule}#nope`, '--addr', 'tcp://127.0.0.1:1'], `dataflow: ${flowsModule} has no export "nope" (exports: default, letters, notAFlow)`],
    [['bench', 'missing.ts'], 'dataflow: no such module: missing.ts'],
    [['serve', flowsModule, '--addr', 'localhost:5555'], 'dataflow: sendDataflowZmq: address must look like tcp://host:port, ipc://path or inproc://name, got "localhost:5555"'],
    [['inspect', 'notes.txt'], 'dataflow: cannot tell the format of notes.txt: expected .lmdb/.mdb, .tfrecord/.tfrecords or .npz'],
    [['inspect', 'missing.lmdb'], 'dataflow: no such file: missing.lmdb'],
    [['convert', 'a.lmdb', 'b.npz', '--serializer', 'json'], "error: option '--serializer <name>' argument 'json' is invalid. Allowed choices are msgpack, pickle."],
  ];
  const results = await Promise.all(cases.map(([args]) => runCli(args)));
  results.forEach((r, i) => {
    assert.equal(r.code, 1, `${cases[i]![0].join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, `${cases[i]![1]}\n`);
  });
});
