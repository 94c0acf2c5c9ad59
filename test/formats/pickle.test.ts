import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { NumpyScalar, pickleDumps, pickleLoads } from '../../src/formats/serialize/index.ts';
import { assertMatchesExpected, lmdbKeys, loadExpected, loadSerialized, valueFromExpected } from './expectedJson.ts';

const { datapoints: expected } = loadExpected();
const fixtures = loadSerialized('pickle');
const hex = (h: string) => Buffer.from(h, 'hex');

// Made with Debian's python3 and numpy 1.24: pickle.dumps([np.asfortranarray(np.arange(6, dtype=np.int16).reshape(2, 3)),
// np.arange(3, dtype='>f8'), b'\x00\xffab', b'', bytearray(b'xy'), (1, 'a'), {1: 'one', 'two': 2}, 2**70, -2**64,
// np.float16(1.5), np.int64(-7), True, 2.0], protocol=2)
const PROTOCOL_2 = '80025d710028636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7101636e756d70790a6e6461727261790a71024b00857103635f636f646563730a656e636f64650a7104580100000062710558060000006c6174696e31710686710752710887710952710a284b014b024b0386710b636e756d70790a64747970650a710c58020000006932710d898887710e52710f284b0358010000003c71104e4e4e4affffffff4affffffff4b0074711162886804580c0000000000030001000400020005007112680686711352711474711562680168024b008571166808877117527118284b014b03857119680c58020000006638711a898887711b52711c284b0358010000003e711d4e4e4e4affffffff4affffffff4b0074711e62896804581900000000000000000000003fc3b00000000000004000000000000000711f6806867120527121747122626804580500000000c3bf616271236806867124527125635f5f6275696c74696e5f5f0a62797465730a712629527127635f5f6275696c74696e5f5f0a6279746561727261790a71286804580200000078797129680686712a52712b85712c52712d4b01580100000061712e86712f7d7130284b0158030000006f6e657131580300000074776f71324b02758a090000000000000000408a090000000000000000ff636e756d70792e636f72652e6d756c746961727261790a7363616c61720a7133680c5802000000663271348988877135527136284b0368104e4e4e4affffffff4affffffff4b007471376268045802000000003e7138680686713952713a86713b52713c6833680c58020000006938713d898887713e52713f284b0368104e4e4e4affffffff4affffffff4b007471406268045810000000c3b9c3bfc3bfc3bfc3bfc3bfc3bfc3bf7141680686714252714386714452714588474000000000000000652e';
// pickle.dumps([np.arange(4, dtype=np.uint32), np.array(True), np.uint64(2**63), (), {'2': 'x', 'a': None}], protocol=4)
const PROTOCOL_4 = '8004952e010000000000005d94288c156e756d70792e636f72652e6d756c74696172726179948c0c5f7265636f6e7374727563749493948c056e756d7079948c076e6461727261799493944b0085944301629487945294284b014b04859468048c0564747970659493948c02753494898887945294284b038c013c944e4e4e4affffffff4affffffff4b007494628943100000000001000000020000000300000094749462680368064b008594680887945294284b0129680d8c02623194898887945294284b038c017c944e4e4e4affffffff4affffffff4b00749462894301019474946268018c067363616c6172949394680d8c02753894898887945294284b0368114e4e4e4affffffff4affffffff4b00749462430800000000000000809486945294297d94288c0132948c0178948c0161944e75652e';
// pickle.dumps([b'abc', np.zeros((2, 0), dtype=np.int8)], protocol=3)
const PROTOCOL_3 = '80035d71002843036162637101636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7102636e756d70790a6e6461727261790a71034b008571044301627105877106527107284b014b024b00867108636e756d70790a64747970650a710958020000006931710a898887710b52710c284b0358010000007c710d4e4e4e4affffffff4affffffff4b0074710e62894300710f74711062652e';

test('every pickle datapoint of tensorpack (protocol 5) decodes to exactly expected.json', () => {
  assert.equal(fixtures.datapoints.length, 64);
  fixtures.datapoints.forEach((bytes, i) => assertMatchesExpected(pickleLoads(bytes), expected[i], `dp ${i}`));
});

test('the __keys__ value decodes to the list of keys as Buffers', () => {
  assert.deepEqual(pickleLoads(fixtures.keysValue), lmdbKeys());
});

test('each expected datapoint survives pickleDumps → pickleLoads exactly', () => {
  expected.forEach((e, i) => assertMatchesExpected(pickleLoads(pickleDumps(valueFromExpected(e))), e, `dp ${i}`));
});

test('protocol 2 (_reconstruct, _codecs.encode, GLOBAL, BINPUT): Fortran order, big-endian, bytes, tuples, long ints, scalars', () => {
  const v = pickleLoads(hex(PROTOCOL_2)) as unknown[];
  assert.deepEqual(v.slice(0, 2), [
    new NDArray(new Int16Array([0, 1, 2, 3, 4, 5]), [2, 3], 'int16'),
    new NDArray(new Float64Array([0, 1, 2]), [3], 'float64'),
  ]);
  assert.deepEqual(v.slice(2, 5), [Buffer.from([0, 0xff, 0x61, 0x62]), Buffer.alloc(0), Buffer.from('xy')]);
  assert.deepEqual(v.slice(5, 9), [[1, 'a'], new Map<unknown, unknown>([[1, 'one'], ['two', 2]]), 2n ** 70n, -(2n ** 64n)]);
  assert.deepEqual(v.slice(9), [NumpyScalar.of('float16', 1.5), NumpyScalar.of('int64', -7), true, 2]);
});

// pickle.dumps([np.asfortranarray(x) for x in (a, b, c)], protocol=2) where a is 2×3 float32 and b 2×2 float64, both
// signaling NaNs (uint32 0x7f800001.., uint64 0x7ff0000000000001..), and c = np.array([[-1, 2**40], [3, -2**62]], np.int64)
const FORTRAN_BITS = '80025d710028636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7101636e756d70790a6e6461727261790a71024b00857103635f636f646563730a656e636f64650a7104580100000062710558060000006c6174696e31710686710752710887710952710a284b014b024b0386710b636e756d70790a64747970650a710c58020000006634710d898887710e52710f284b0358010000003c71104e4e4e4affffffff4affffffff4b0074711162886804581e0000000100c2807f0400c2807f0200c2807f0500c2807f0300c2807f0600c2807f7112680686711352711474711562680168024b008571166808877117527118284b014b024b02867119680c58020000006638711a898887711b52711c284b0368104e4e4e4affffffff4affffffff4b0074711d628868045824000000010000000000c3b07f030000000000c3b07f020000000000c3b07f040000000000c3b07f711e680686711f52712074712162680168024b008571226808877123527124284b014b024b02867125680c5802000000693871268988877127527128284b0368104e4e4e4affffffff4affffffff4b00747129628868045829000000c3bfc3bfc3bfc3bfc3bfc3bfc3bfc3bf0300000000000000000000000001000000000000000000c380712a680686712b52712c74712d62652e';

test('Fortran-order arrays are reordered bit for bit: signaling NaNs stay signaling, int64 stays exact', () => {
  const [a, b, c] = pickleLoads(hex(FORTRAN_BITS)) as NDArray[];
  assert.deepEqual([a!.shape, [...new Uint32Array(a!.data.buffer, a!.data.byteOffset, 6)]], [[2, 3], [0x7f800001, 0x7f800002, 0x7f800003, 0x7f800004, 0x7f800005, 0x7f800006]]);
  assert.deepEqual([...new BigUint64Array(b!.data.buffer, b!.data.byteOffset, 4)], [1n, 2n, 3n, 4n].map((k) => 0x7ff0000000000000n + k));
  assert.deepEqual(c, new NDArray(new BigInt64Array([-1n, 2n ** 40n, 3n, -(2n ** 62n)]), [2, 2], 'int64'));
});

test('protocol 4 and 3: uint32, a 0-d bool array, a uint64 scalar, an empty tuple, an index-like dict key, an empty 2-d array', () => {
  assert.deepEqual(pickleLoads(hex(PROTOCOL_4)), [
    new NDArray(new Uint32Array([0, 1, 2, 3]), [4], 'uint32'),
    new NDArray(new Uint8Array([1]), [], 'bool'),
    NumpyScalar.of('uint64', 2n ** 63n),
    [],
    new Map([['2', 'x'], ['a', null]]),
  ]);
  assert.deepEqual(pickleLoads(hex(PROTOCOL_3)), [Buffer.from('abc'), new NDArray(new Int8Array(0), [2, 0], 'int8')]);
});

test('ints are written as Python writes them (BININT1/BININT2/BININT/LONG1), floats as BINFLOAT', () => {
  // Python's pickle.dumps(v, protocol=5), without its FRAME opcode (9 bytes, optional for readers)
  const cases: [number | bigint, string][] = [
    [0, '4b00'], [255, '4bff'], [256, '4d0001'], [65536, '4a00000100'], [2 ** 31 - 1, '4affffff7f'], [2 ** 31, '8a050000008000'],
    [2 ** 32, '8a050000000001'], [2 ** 53, '8a0700000000000020'], [-1, '4affffffff'], [-(2 ** 31), '4a00000080'],
    [-(2 ** 31) - 1, '8a05ffffff7fff'], [-(2 ** 53), '8a07000000000000e0'], [2n ** 70n, '8a09000000000000000040'],
  ];
  for (const [v, ops] of cases) {
    assert.equal(pickleDumps(v).toString('hex'), `8005${ops}2e`, String(v));
    assert.equal(pickleLoads(pickleDumps(v)), v);
  }
  assert.equal(pickleDumps(0.5).toString('hex'), '8005473fe00000000000002e');
  assert.ok(Object.is(pickleLoads(pickleDumps(-0)), -0));
});

test('shared and cyclic references stay shared', () => {
  // l = [{}]; l.append(l[0]); l.append(l)  → pickle.dumps(l, protocol=4)
  const v = pickleLoads(hex('8004950b000000000000005d94287d9468016800652e')) as unknown[];
  assert.equal(v[0], v[1]);
  assert.equal(v[2], v);
});

test('a foreign global is an error naming it, raised before anything could run', () => {
  const message = (name: string) => `pickle: cannot decode key "00000001" in evil.lmdb: global ${name} is not allowed: a pickle may only name numpy's array, dtype and scalar constructors and bytes/bytearray (nothing is imported or run)`;
  const at = { source: 'evil.lmdb', key: '00000001' };
  // protocol 2 GLOBAL: os.system('ls')
  assert.throws(() => pickleLoads(Buffer.from('\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00lsq\x01\x85q\x02Rq\x03.', 'latin1'), at), { name: 'DataFlowError', message: message('os.system') });
  // protocol 4 STACK_GLOBAL: posix.system('ls'), builtins.eval('1')
  assert.throws(() => pickleLoads(Buffer.from('\x80\x04\x8c\x05posix\x8c\x06system\x93\x8c\x02ls\x85R.', 'latin1'), at), { message: message('posix.system') });
  assert.throws(() => pickleLoads(Buffer.from('\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c\x011\x85R.', 'latin1'), at), { message: message('builtins.eval') });
});

test('a truncated pickle is an error at every cut', () => {
  const bytes = fixtures.datapoints[3]!;
  for (let n = 1; n < bytes.length; n++) {
    assert.throws(() => pickleLoads(bytes.subarray(0, n), { key: 3 }), { message: /^pickle: cannot decode record 3: truncated pickle: needs \d+ more bytes at offset \d+, \d+ left$/, index: 3 }, `cut at ${n}`);
  }
});

test('bad input: unsupported opcodes and protocols, trailing bytes, misuse of allowed globals', () => {
  const bad = (h: string) => () => pickleLoads(Buffer.from(h, 'latin1'));
  assert.throws(bad('\x80\x04\x8f.'), { message: 'pickle: cannot decode: unsupported pickle opcode 0x8f (EMPTY_SET) at offset 2' });
  assert.throws(bad('\x80\x05\x97.'), { message: 'pickle: cannot decode: unsupported pickle opcode 0x97 (NEXT_BUFFER) at offset 2' });
  assert.throws(bad('\x80\x04\xff.'), { message: 'pickle: cannot decode: unsupported pickle opcode 0xff (not a pickle opcode) at offset 2' });
  assert.throws(bad('\x80\x06N.'), { message: 'pickle: cannot decode: unsupported pickle protocol 6 (2 to 5 are)' });
  assert.throws(bad('\x80\x04N.N'), { message: "pickle: cannot decode: 1 bytes after the pickle's STOP" });
  assert.throws(bad('\x80\x04NN.'), { message: 'pickle: cannot decode: pickle STOP with 2 values on the stack and 0 open MARKs' });
  assert.throws(bad('\x80\x04a.'), { message: 'pickle: cannot decode: pickle stack underflow at offset 2' });
  assert.throws(bad('\x80\x04h\x07.'), { message: 'pickle: cannot decode: pickle memo has no entry 7' });
  assert.throws(bad('\x80\x04\x8c\x05numpy\x8c\x05dtype\x93\x8c\x02c8\x85R.'), { message: /^pickle: cannot decode: unsupported numpy dtype "c8"/ });
  assert.throws(bad('\x80\x04\x8c\x05numpy\x8c\x05dtype\x93\x8c\x02O8\x85R.'), { message: 'pickle: cannot decode: a bare numpy dtype (O8) is not a supported value' });
  assert.throws(bad('\x80\x04\x8c\x05numpy\x8c\x05dtype\x93.'), { message: 'pickle: cannot decode: a bare global (numpy.dtype) is not a supported value' });
  assert.throws(bad('\x80\x04]N\x85b.'), { message: 'pickle: cannot decode: BUILD on an Array is not supported' });
});

// Made with numpy 1.24, as np.save pickles an object array (protocol 3): a = np.empty((2, 3), dtype=object) holding
// 1, 'a', None / b'x', [2, (3,)], {'k': 1.5}; pickle.dumps([a, np.asfortranarray(a), z], protocol=3) where z is a 0-d
// object array holding np.arange(3, dtype=np.int16)
const OBJECT_ARRAYS = '80035d710028636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7101636e756d70790a6e6461727261790a71024b008571034301627104877105527106284b014b024b03867107636e756d70790a64747970650a710858020000004f387109898887710a52710b284b0358010000007c710c4e4e4e4affffffff4affffffff4b3f74710d62895d710e284b01580100000061710f4e43017871105d7111284b024b03857112657d711358010000006b7114473ff8000000000000736574711562680168024b008571166804877117527118284b014b024b03867119680b885d711a284b01680f4e6810681168136574711b62680168024b0085711c680487711d52711e284b0129680b895d711f680168024b008571206804877121527122284b014b0385712368085802000000693271248988877125527126284b0358010000003c71274e4e4e4affffffff4affffffff4b0074712862894306000001000200712974712a626174712b62652e';

test('numpy object arrays (dtype O) become nested lists by shape, their elements decoded as usual', () => {
  const rows = [[1, 'a', null], [Buffer.from('x'), [2, [3]], { k: 1.5 }]];
  const [a, f, z] = pickleLoads(hex(OBJECT_ARRAYS)) as unknown[];
  assert.deepEqual(a, rows);
  assert.deepEqual(f, rows); // numpy lists the elements in C order whatever the memory order
  assert.deepEqual(z, new NDArray(new Int16Array([0, 1, 2]), [3], 'int16')); // a 0-d object array is its element
  const objectArray = (elements: string) => Buffer.from('\x80\x04\x8c\x15numpy.core.multiarray\x8c\x0c_reconstruct\x93\x8c\x05numpy\x8c\x07ndarray\x93K\x00\x85C\x01b\x87R'
    + '(K\x01K\x02\x85\x8c\x05numpy\x8c\x05dtype\x93\x8c\x02O8\x89\x88\x87R(K\x03\x8c\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tb\x89' + elements + 'tb.', 'latin1');
  assert.deepEqual(pickleLoads(objectArray('](K\x01K\x02e')), [1, 2]);
  assert.throws(() => pickleLoads(objectArray('](K\x01e')), { message: 'pickle: cannot decode: numpy object array of shape [2] holds 1 elements, expected 2' });
  assert.throws(() => pickleLoads(objectArray('C\x02ab')), { message: 'pickle: cannot decode: numpy object array data must be a list, got a Buffer (wrap typed arrays in an NDArray)' });
});

test('values with no Python counterpart cannot be pickled', () => {
  assert.throws(() => pickleDumps({ a: undefined }), { message: /^pickle: cannot encode undefined: only null/ });
  assert.throws(() => pickleDumps(new Map([[[1], 2]])), { message: 'pickle: cannot encode a dict key an Array: Python dict keys must be hashable (str, int, float, bool, None, bytes)' });
  assert.throws(() => pickleDumps(new Int32Array(1)), { message: /^pickle: cannot encode an Int32Array \(wrap typed arrays in an NDArray\)/ });
});
