import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { NDArray } from '../src/core/NDArray.ts';
import { dumps, NumpyScalar, type SerializerName } from '../src/formats/serialize/index.ts';
import { loadExpected, valueFromExpected } from '../test/formats/expectedJson.ts';
import { requirePythonModules, runPython } from './pythonPeer.ts';

// Reads hex frames from stdin, decodes each with peer.py's loads for the serializer (tensorpack's
// loads), and checks it against expected.json with peer.py's check.
const CHECK_ALL = `
import sys
from peer import get_serializer, check, load_expected
name = sys.argv[1]
_, loads = get_serializer(name)
exp = load_expected()['datapoints']
frames = [bytes.fromhex(h) for h in sys.stdin.read().split()]
bad = 0
for i, (frame, e) in enumerate(zip(frames, exp)):
    try:
        err = check(loads(frame), e, 'dp %d' % i)
    except Exception as ex:
        err = 'dp %d: %s: %s' % (i, type(ex).__name__, ex)
    if err:
        bad += 1
        print('FAIL ' + err)
print('%d of %d datapoints match expected.json (%s)' % (len(frames) - bad, len(exp), name))
`;

before(() => requirePythonModules(['numpy', 'msgpack', 'msgpack_numpy']));

for (const serializer of ['msgpack', 'pickle'] as SerializerName[]) {
  test(`every expected datapoint, dumped here with ${serializer}, loads in Python to equal values`, async () => {
    const frames = loadExpected().datapoints.map((e) => dumps(valueFromExpected(e), { serializer }).toString('hex'));
    const { stdout, stderr, code } = await runPython(CHECK_ALL, [serializer], { input: frames.join('\n') });
    assert.equal(stdout, `64 of 64 datapoints match expected.json (${serializer})\n`, stderr);
    assert.equal(code, 0);
  });
}

test('pickle: ints beyond 64 bits, non-str dict keys, uint64 and float16 arrays, bool scalars load in Python as written', async () => {
  const value = {
    big: -(2n ** 70n),
    ints: new Map<unknown, unknown>([[1, 'one'], [Buffer.from('b'), null]]),
    u64: new NDArray(new BigUint64Array([2n ** 64n - 1n, 0n]), [2], 'uint64'),
    f16: new NDArray(new Uint16Array([0x3e00, 0xc000]), [1, 2], 'float16'),
    flag: NumpyScalar.of('bool', true),
  };
  const script = `
import sys, pickle, numpy as np
v = pickle.loads(bytes.fromhex(sys.stdin.read()))
assert v['big'] == -2**70 and type(v['big']) is int
assert v['ints'] == {1: 'one', b'b': None}
assert v['u64'].dtype == np.uint64 and v['u64'].tolist() == [2**64 - 1, 0]
assert v['f16'].dtype == np.float16 and v['f16'].shape == (1, 2) and v['f16'].tolist() == [[1.5, -2.0]]
assert type(v['flag']) is np.bool_ and v['flag'] == True
print('ok', list(v))
`;
  const { stdout, stderr } = await runPython(script, [], { input: dumps(value).toString('hex') });
  assert.equal(stdout, "ok ['big', 'ints', 'u64', 'f16', 'flag']\n", stderr);
});

test('requirePythonModules fails with the apt-get line for a missing module', async () => {
  await assert.rejects(requirePythonModules(['numpy', 'no_such_module']), {
    message: '/usr/bin/python3 lacks the modules no_such_module: apt-get install -y python3-no-such-module',
  });
});
