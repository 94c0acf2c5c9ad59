// Several hosts: a consumer and 2 producers, each a separate process in its own network namespace,
// the consumer's namespace joined to each producer's by a veth pair (10.231.1.0/24 and
// 10.231.2.0/24 exist only inside these namespaces). Where namespaces are not permitted, the same
// processes run on 127.0.0.1 / 127.0.0.2, and the test says so.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, test } from 'node:test';
import { freeTcpAddress } from './fixtures/addresses.ts';
import { killAll, startScript } from './fixtures/processes.ts';

const tag = `df${process.pid % 100000}`;
const NS = { consumer: `${tag}-c`, p1: `${tag}-p1`, p2: `${tag}-p2` };
const made: string[] = [];

const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Makes the three namespaces and the two links; false when this machine does not permit it. */
function makeNamespaces(): boolean {
  try {
    for (const ns of Object.values(NS)) {
      ip('netns', 'add', ns);
      made.push(ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
  } catch {
    return false;
  }
  for (const [k, producer] of [[1, NS.p1], [2, NS.p2]] as const) {
    const [c, p] = [`${tag}c${k}`, `${tag}p${k}`];
    ip('link', 'add', c, 'netns', NS.consumer, 'type', 'veth', 'peer', 'name', p, 'netns', producer);
    ip('-n', NS.consumer, 'addr', 'add', `10.231.${k}.1/24`, 'dev', c);
    ip('-n', producer, 'addr', 'add', `10.231.${k}.2/24`, 'dev', p);
    ip('-n', NS.consumer, 'link', 'set', c, 'up');
    ip('-n', producer, 'link', 'set', p, 'up');
  }
  return true;
}

after(async () => {
  await killAll();
  // deleting a namespace deletes its end of each veth pair, and with it the pair
  for (const ns of made.splice(0)) ip('netns', 'del', ns);
});

test('a consumer receives from 2 producers on other hosts (network namespaces joined by veth pairs)', async (t) => {
  let addrs: [string, string];
  let prefix: (ns: string) => string[];
  if (makeNamespaces()) {
    addrs = ['tcp://10.231.1.1:5700', 'tcp://10.231.2.1:5700'];
    prefix = (ns) => ['ip', 'netns', 'exec', ns];
    t.diagnostic(`network namespaces ${Object.values(NS).join(', ')}; consumer binds ${addrs.join(' and ')}`);
  } else {
    addrs = [await freeTcpAddress('127.0.0.1'), await freeTcpAddress('127.0.0.2')];
    prefix = () => [];
    const note = `network namespaces are not permitted here: falling back to loopback addresses ${addrs.join(' and ')}`;
    t.diagnostic(note);
    console.log(`# ${note}`);
  }
  const consumer = startScript('consumer.ts', ['50', '2', ...addrs], prefix(NS.consumer));
  startScript('producer.ts', [addrs[0], '1', '4096'], prefix(NS.p1));
  startScript('producer.ts', [addrs[1], '2', '4096'], prefix(NS.p2));
  const result = await consumer.exited;
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as { received: number; byProducer: Record<string, number>; junk: number };
  assert.deepEqual(Object.keys(summary.byProducer).sort(), ['1', '2']);
  assert.ok(summary.byProducer['1']! >= 50 && summary.byProducer['2']! >= 50);
  assert.equal(summary.received, summary.byProducer['1']! + summary.byProducer['2']!);
  assert.equal(summary.junk, 0);
});
