// Wire compatibility with tensorpack's send_dataflow_zmq / RemoteDataZMQ, through peer.py (which
// speaks exactly their protocol): both directions, both serializers, both bind/connect arrangements.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataFromList } from '../src/core/sources/DataFromList.ts';
import type { SerializerName } from '../src/formats/serialize/index.ts';
import { RemoteDataZMQ, sendDataflowZmq } from '../src/remote/index.ts';
import { assertMatchesExpected, loadExpected, valueFromExpected } from '../test/formats/expectedJson.ts';
import { freeTcpAddress, ipcDir } from '../test/remote/fixtures/addresses.ts';
import { closeAfterEach } from '../test/remote/fixtures/cleanup.ts';
import { requirePythonModules, runPython } from './pythonPeer.ts';

const PEER = 'import sys, peer\nsys.argv = ["peer.py"] + sys.argv[1:]\npeer.main()';
const N = 150; // more than the 64 fixture datapoints: the sender goes round again
const ipc = ipcDir();

before(() => requirePythonModules(['numpy', 'zmq', 'msgpack', 'msgpack_numpy']));
after(() => ipc.remove());
const cleanup = closeAfterEach();

const arrangements = [
  { name: 'receiver binds, sender connects (tensorpack default)', receiverBinds: true },
  { name: 'sender binds, receiver connects', receiverBinds: false },
] as const;

for (const serializer of ['msgpack', 'pickle'] as SerializerName[]) {
  for (const { name, receiverBinds } of arrangements) {
    test(`our sender → peer.py recv: ${serializer}, ${name}`, async () => {
      const addr = receiverBinds ? ipc.address(`to-peer-${serializer}`) : await freeTcpAddress();
      const flow = new DataFromList(loadExpected().datapoints.map((dp) => valueFromExpected(dp) as unknown[]), { shuffle: false });
      const peer = runPython(PEER, ['recv', addr, String(N), '--serializer', serializer, '--timeout', '30', ...(receiverBinds ? [] : ['--connect'])], { timeoutMs: 40_000 });
      const reports: number[] = [];
      const sender = cleanup.open(sendDataflowZmq(flow, addr, { serializer, bind: !receiverBinds, count: N, grace: 1000, onRate: (r) => reports.push(r.sent) }));
      const result = await peer;
      assert.equal(result.stdout.trim(), `PASS: ${N} datapoints match expected.json (${serializer})`, result.stderr);
      assert.equal((await sender.done).sent, N);
      assert.deepEqual(reports.at(-1), N);
    });

    test(`peer.py send → our RemoteDataZMQ: ${serializer}, ${name}`, async () => {
      const addr = receiverBinds ? await freeTcpAddress() : ipc.address(`from-peer-${serializer}`);
      const peer = runPython(PEER, ['send', addr, '--serializer', serializer, '--count', String(N), '--grace', '1', ...(receiverBinds ? [] : ['--bind'])], { timeoutMs: 40_000 });
      const remote = new RemoteDataZMQ(addr, undefined, { bind: receiverBinds, timeout: 20_000 });
      const expected = loadExpected().datapoints;
      let i = 0;
      for await (const dp of remote.iterAsync({ signal: cleanup.signal })) {
        // peer.py sends 0..63, 0..63, ... from the start
        assertMatchesExpected(dp, expected[i % expected.length], `datapoint ${i}`);
        if (++i === N) break;
      }
      assert.equal(i, N);
      assert.equal(remote.junkCount, 0);
      const result = await peer;
      assert.equal(result.stdout.trim(), `sent ${N} datapoints (${serializer})`, result.stderr);
    });
  }
}
