import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { msgpackDumps, msgpackLoads, NumpyScalar, PyFloat } from '../../src/formats/serialize/index.ts';
import { assertMatchesExpected, lmdbKeys, loadExpected, loadSerialized, valueFromExpected } from './expectedJson.ts';

const { datapoints: expected } = loadExpected();
const fixtures = loadSerialized('msgpack');

/** Whether an expectation holds a Python float with an integral value, which JS reads as an int. */
const hasIntegralFloat = (e: unknown): boolean =>
  Array.isArray(e) ? e.some(hasIntegralFloat)
    : typeof e === 'object' && e !== null && ('float' in e ? Number.isInteger((e as { float: number }).float) : 'dict' in e && Object.values((e as { dict: object }).dict).some(hasIntegralFloat));

test('every msgpack datapoint of tensorpack decodes to exactly expected.json', () => {
  assert.equal(fixtures.datapoints.length, 64);
  fixtures.datapoints.forEach((bytes, i) => assertMatchesExpected(msgpackLoads(bytes), expected[i], `dp ${i}`));
});

test('the __keys__ value decodes to the list of keys as Buffers', () => {
  assert.deepEqual(msgpackLoads(fixtures.keysValue), lmdbKeys());
});

test('each expected datapoint encodes to tensorpack bytes, byte for byte', () => {
  expected.forEach((e, i) => assert.equal(msgpackDumps(valueFromExpected(e)).toString('hex'), fixtures.datapoints[i]!.toString('hex'), `dp ${i}`));
});

test('decoding then encoding gives tensorpack bytes back, except where a float is integral (component 23 of even datapoints)', () => {
  const differ: number[] = [];
  fixtures.datapoints.forEach((bytes, i) => {
    if (!msgpackDumps(msgpackLoads(bytes)).equals(bytes)) differ.push(i);
  });
  const ambiguous = expected.flatMap((e, i) => (hasIntegralFloat(e) ? [i] : []));
  assert.deepEqual(differ, ambiguous);
  assert.deepEqual(ambiguous, Array.from({ length: 32 }, (_, k) => 2 * k));
  assert.ok(expected.every((e) => e.every((c, k) => k === 23 || !hasIntegralFloat(c))));
});

test('decoded arrays and bytes own their memory: no view into the input', () => {
  const input = Buffer.from(fixtures.datapoints[5]!);
  const dp = msgpackLoads(input) as unknown[];
  for (const k of [1, 8, 11, 13, 22]) {
    const data = dp[k] instanceof NDArray ? (dp[k] as NDArray).data : (dp[k] as Buffer);
    assert.equal(data.byteOffset, 0, `component ${k}`);
    assert.equal(data.buffer.byteLength, data.byteLength, `component ${k}`);
  }
  input.fill(0);
  assertMatchesExpected(dp, expected[5]);
});

test('arrays of 8..64 KB share 256 KB slabs: aligned, not aliasing the input or each other', () => {
  const a = new NDArray(new Float64Array(1280).map((_, i) => i * 0.5), [1280], 'float64'); // 10,240 bytes
  const input = msgpackDumps([a, a]);
  const [x, y] = msgpackLoads(input) as [NDArray, NDArray];
  input.fill(0);
  for (const d of [x, y]) {
    assert.deepEqual(d, a);
    assert.equal(d.data.byteOffset % 8, 0);
    assert.notEqual(d.data.buffer, input.buffer);
  }
  const ends = [x, y].map((d) => [d.data.byteOffset, d.data.byteOffset + d.data.byteLength] as const);
  assert.ok(x.data.buffer !== y.data.buffer || ends[0]![1] <= ends[1]![0] || ends[1]![1] <= ends[0]![0]);
  const big = msgpackLoads(msgpackDumps(NDArray.zeros([65537], 'uint8'))) as NDArray;
  assert.equal(big.data.buffer.byteLength, 65537);
});

test('arrays of 1..8 KB share 64 KB slabs; smaller ones get a buffer of their own', () => {
  const image = new NDArray(new Float32Array(784).map((_, i) => i), [784], 'float32'); // 3,136 bytes
  const decoded = Array.from({ length: 3 }, () => msgpackLoads(msgpackDumps([7, image])) as [number, NDArray<'float32'>]);
  for (const [label, d] of decoded) {
    assert.equal(label, 7);
    assert.deepEqual(d, image);
    assert.equal(d.data.byteOffset % 8, 0);
    assert.equal(d.data.buffer.byteLength, 64 * 1024);
  }
  decoded[0]![1].data.fill(0); // arrays in one slab do not overlap
  assert.deepEqual(decoded[1]![1], image);
  const small = msgpackLoads(msgpackDumps(NDArray.zeros([1023], 'uint8'))) as NDArray;
  assert.equal(small.data.buffer.byteLength, 1023);
});

test('other msgpack formats Python may write: float32, str8/16, bin16, array16, map16, negative ints', () => {
  assert.equal(msgpackLoads(Buffer.from('ca3e800000', 'hex')), 0.25);
  assert.equal(msgpackLoads(Buffer.from('d903616263', 'hex')), 'abc');
  assert.equal(msgpackLoads(Buffer.from('da0002c3a9', 'hex')), 'é');
  assert.deepEqual(msgpackLoads(Buffer.from('c500020102', 'hex')), Buffer.from([1, 2]));
  assert.deepEqual(msgpackLoads(Buffer.from('dd00000002c0c3', 'hex')), [null, true]);
  assert.deepEqual(msgpackLoads(Buffer.from('de0001a16101', 'hex')), { a: 1 });
  assert.deepEqual(msgpackLoads(Buffer.from('df00000001a16101', 'hex')), { a: 1 });
  assert.deepEqual(msgpackLoads(Buffer.from('93d0ffd1fffed2fffffffd', 'hex')), [-1, -2, -3]);
  assert.equal(msgpackLoads(Buffer.from('a7e38387f09f9a80', 'hex')), 'デ🚀');
});

test('bad input: invalid UTF-8, counts beyond the input, truncated numbers', () => {
  assert.throws(() => msgpackLoads(Buffer.from('a2c328', 'hex')), { message: 'msgpack: cannot decode: the str at offset 1 is not valid UTF-8' });
  assert.throws(() => msgpackLoads(Buffer.from('ddffffffff00', 'hex')), { message: 'msgpack: cannot decode: unexpected end of input: 4294967295 items announced at offset 5, 1 bytes left' });
  assert.throws(() => msgpackLoads(Buffer.from('cb0000', 'hex')), { message: 'msgpack: cannot decode: unexpected end of input: needs 8 bytes at offset 1, 2 left' });
});

test('integers pick the smallest msgpack format, as Python msgpack does', () => {
  const cases: [number | bigint, string][] = [
    [0, '00'], [127, '7f'], [128, 'cc80'], [255, 'ccff'], [256, 'cd0100'], [65535, 'cdffff'], [65536, 'ce00010000'],
    [2 ** 32 - 1, 'ceffffffff'], [2 ** 32, 'cf0000000100000000'], [2 ** 53, 'cf0020000000000000'], [-1, 'ff'], [-32, 'e0'],
    [-33, 'd0df'], [-128, 'd080'], [-129, 'd1ff7f'], [-32768, 'd18000'], [-32769, 'd2ffff7fff'], [-(2 ** 31), 'd280000000'],
    [-(2 ** 31) - 1, 'd3ffffffff7fffffff'], [-(2 ** 53), 'd3ffe0000000000000'], [2n ** 64n - 1n, 'cfffffffffffffffff'],
    [-(2n ** 63n), 'd38000000000000000'], [5n, '05'],
  ];
  for (const [v, hex] of cases) {
    assert.equal(msgpackDumps(v).toString('hex'), hex, String(v));
    const back = msgpackLoads(Buffer.from(hex, 'hex'));
    assert.equal(back, typeof v === 'bigint' && v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v);
  }
});

test('numbers: fractions, -0, NaN, ±Infinity, unsafe integers and PyFloat are float64', () => {
  for (const v of [0.5, -0, NaN, Infinity, 2 ** 60]) {
    const bytes = msgpackDumps(v);
    assert.equal(bytes[0], 0xcb);
    assert.ok(Object.is(msgpackLoads(bytes), v));
  }
  assert.equal(msgpackDumps(new PyFloat(3)).toString('hex'), 'cb4008000000000000');
});

test('str, bin, array and map lengths use fix/8/16 formats like Python msgpack', () => {
  const value = ['a'.repeat(31), 'b'.repeat(32), Buffer.alloc(256, 0x78), Array.from({ length: 16 }, (_, i) => i)];
  const hex = msgpackDumps(value).toString('hex');
  assert.equal(hex, '94bf' + '61'.repeat(31) + 'd920' + '62'.repeat(32) + 'c50100' + '78'.repeat(256) + 'dc0010' + '000102030405060708090a0b0c0d0e0f');
});

test('maps: str keys give plain objects in order; other keys (bytes, ints, index-like strs) give Maps', () => {
  assert.deepEqual(msgpackLoads(msgpackDumps({ b: 1, a: { c: null } })), { b: 1, a: { c: null } });
  assert.deepEqual(Object.keys(msgpackLoads(msgpackDumps({ z: 1, y: 2 })) as object), ['z', 'y']);
  const m = new Map<unknown, unknown>([[1, 'one'], ['two', 2]]);
  assert.deepEqual(msgpackLoads(msgpackDumps(m)), m);
  assert.deepEqual(msgpackLoads(msgpackDumps(new Map([['b', 1], ['2', 2]]))), new Map([['b', 1], ['2', 2]]));
  assert.deepEqual(msgpackLoads(msgpackDumps(new Map([[Buffer.from('k'), 1]]))), new Map([[Buffer.from('k'), 1]]));
  const proto = msgpackLoads(Buffer.from('81a95f5f70726f746f5f5f01', 'hex')) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.deepEqual(Object.keys(proto), ['__proto__']);
});

test('a numpy scalar and a 0-d array stay distinct', () => {
  const s = NumpyScalar.of('float32', -0.25);
  assert.equal(msgpackDumps(s).toString('hex'), '83c4026e64c2c40474797065a33c6634c40464617461c4040000' + '80be');
  assert.deepEqual(msgpackLoads(msgpackDumps(s)), s);
  const zeroD = new NDArray(new Float64Array([1.5]), [], 'float64');
  assert.deepEqual(msgpackLoads(msgpackDumps(zeroD)), zeroD);
});

test('big-endian msgpack-numpy arrays are swapped to little-endian', () => {
  // {nd: True, type: '>i2', kind: b'', shape: [2], data: 00 01 ff fe}
  const hex = '85c4026e64c3c40474797065a33e6932c4046b696e64c400c40573686170659102c40464617461c4040001fffe';
  const a = msgpackLoads(Buffer.from(hex, 'hex')) as NDArray;
  assert.deepEqual(a, new NDArray(new Int16Array([1, -2]), [2], 'int16'));
});

test('bad input: malformed msgpack, trailing bytes, a data length mismatch, unsupported kinds and dtypes', () => {
  const at = { source: 'train.lmdb', key: '00000007' };
  assert.throws(() => msgpackLoads(Buffer.from('dc0019', 'hex'), at), { name: 'DataFlowError', message: /^msgpack: cannot decode key "00000007" in train\.lmdb: .*end/i });
  assert.throws(() => msgpackLoads(Buffer.from('c1', 'hex'), at), { message: 'msgpack: cannot decode key "00000007" in train.lmdb: invalid msgpack byte 0xc1 at offset 0' });
  assert.throws(() => msgpackLoads(Buffer.from('0102', 'hex')), { message: 'msgpack: cannot decode: trailing bytes: the value ends at offset 1 of 2' });
  assert.throws(() => msgpackLoads(Buffer.alloc(0), { key: 3 }), { message: 'msgpack: cannot decode record 3: empty input (0 bytes)', index: 3 });
  const shortData = '85c4026e64c3c40474797065a33c6634c4046b696e64c400c40573686170659202' + '03c40464617461c414' + '00'.repeat(20);
  assert.throws(() => msgpackLoads(Buffer.from(shortData, 'hex'), at), {
    message: 'msgpack: cannot decode key "00000007" in train.lmdb: array data is 20 bytes, but shape [2,3] of float32 needs 24',
  });
  const structured = '85c4026e64c3c40474797065a33c6634c4046b696e64c40156c405736861706591' + '01c40464617461c40400000000';
  assert.throws(() => msgpackLoads(Buffer.from(structured, 'hex')), { message: `msgpack: cannot decode: msgpack-numpy 'kind' "V" is not supported (only plain dtypes, kind b'')` });
  const complexType = '85c4026e64c3c40474797065a33c6338c4046b696e64c400c405736861706590c40464617461c410' + '00'.repeat(16);
  assert.throws(() => msgpackLoads(Buffer.from(complexType, 'hex')), { message: /^msgpack: cannot decode: unsupported numpy dtype "<c8"/ });
  assert.throws(() => msgpackLoads(Buffer.from('82c4026e64c3c40474797065a33c6634', 'hex')), { message: 'msgpack: cannot decode: a msgpack-numpy map must have the keys nd,type,kind,shape,data, got nd,type' });
  assert.throws(() => msgpackLoads(Buffer.from('d6ff00000001', 'hex')), { message: "msgpack: cannot decode: unsupported msgpack extension type -1 at offset 1: Python's msgpack datapoints hold none" });
});

test('corrupted or cut tensorpack bytes give a DataFlowError, never another error; deep nesting too', () => {
  let state = 12345;
  const random = (n: number) => Math.floor(((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * n);
  for (let t = 0; t < 5000; t++) {
    const bytes = Buffer.from(fixtures.datapoints[t % 64]!);
    const cut = t % 3 === 0 ? bytes.subarray(0, random(bytes.length)) : bytes;
    for (let k = 0; k <= random(4) && cut.length > 0; k++) cut[random(cut.length)] = random(256);
    try {
      msgpackLoads(cut);
    } catch (e) {
      assert.equal((e as Error).name, 'DataFlowError', `case ${t}: ${(e as Error).stack}`);
    }
  }
  const deep = Buffer.alloc(200_000, 0x91); // [[[[...]]]]
  deep[deep.length - 1] = 0xc0;
  assert.throws(() => msgpackLoads(deep), { name: 'DataFlowError', message: 'msgpack: cannot decode: Maximum call stack size exceeded' });
});

test('values with no Python counterpart cannot be encoded', () => {
  assert.throws(() => msgpackDumps([undefined]), { message: /^msgpack: cannot encode undefined: only null, booleans/ });
  assert.throws(() => msgpackDumps(new Float32Array(2)), { message: /^msgpack: cannot encode a Float32Array \(wrap typed arrays in an NDArray\)/ });
  assert.throws(() => msgpackDumps(new Set()), { message: /^msgpack: cannot encode a Set/ });
  assert.throws(() => msgpackDumps(2n ** 64n), { message: 'msgpack: cannot encode the int 18446744073709551616: msgpack ints hold 64 bits' });
  assert.throws(() => msgpackDumps('a\ud800'), { message: 'msgpack: cannot encode a string with a lone UTF-16 surrogate: "a\\ud800"' });
});

test('arrayViews: data aligned where it lies is a view of the input; misaligned, big-endian or without the option, a copy', () => {
  const image = NDArray.from(Uint8Array.from({ length: 300 }, (_, i) => i & 255), [10, 10, 3]);
  const bytes = msgpackDumps([image, 7]);
  const [viewed] = msgpackLoads(bytes, undefined, { arrayViews: true }) as [NDArray<'uint8'>, number];
  assert.deepEqual(viewed, image);
  assert.equal(viewed.data.buffer, bytes.buffer);
  assert.equal(viewed.data.constructor, Uint8Array); // not a Buffer, though the input is one
  const [copied] = msgpackLoads(bytes) as [NDArray<'uint8'>];
  assert.notEqual(copied.data.buffer, bytes.buffer);

  // float32 data is the last 16 bytes of its map: place the input so that they start at a multiple of 4, or not
  const floats = NDArray.from(Float32Array.from([1.5, -2, 3, 4]), [4]);
  const encoded = msgpackDumps(floats);
  const at = (pad: number): Uint8Array => {
    const input = new Uint8Array(pad + encoded.length);
    input.set(encoded, pad);
    return input.subarray(pad);
  };
  const dataAt = encoded.length - 16;
  const aligned = at((4 - (dataAt % 4)) % 4);
  const misaligned = at(((4 - (dataAt % 4)) % 4) + 1);
  const a = msgpackLoads(aligned, undefined, { arrayViews: true }) as NDArray<'float32'>;
  const m = msgpackLoads(misaligned, undefined, { arrayViews: true }) as NDArray<'float32'>;
  assert.deepEqual([a, m], [floats, floats]);
  assert.equal(a.data.buffer, aligned.buffer);
  assert.notEqual(m.data.buffer, misaligned.buffer);

  // '>f4' (big-endian) is swapped into a copy
  const big = Uint8Array.from(encoded);
  const type = Buffer.from(big).indexOf('<f4');
  big[type] = '>'.charCodeAt(0);
  for (let k = dataAt; k < big.length; k += 4) big.subarray(k, k + 4).reverse();
  const swapped = msgpackLoads(big, undefined, { arrayViews: true }) as NDArray<'float32'>;
  assert.deepEqual(swapped, floats);
  assert.notEqual(swapped.data.buffer, big.buffer);
});

test('alignInPlace: misaligned data moves down within the input, over its own header, and is viewed there; every array of the message stays intact', () => {
  const floats = NDArray.from(Float32Array.from([1.5, -2, 3, 4]), [4]);
  const doubles = NDArray.from(Float64Array.from([0.25, -1e300, 7]), [3]);
  const encoded = msgpackDumps([floats, 3, doubles, NDArray.from(Uint8Array.of(9, 8), [2])]);
  for (let pad = 0; pad < 8; pad++) {
    const input = new Uint8Array(pad + encoded.length);
    input.set(encoded, pad);
    const bytes = input.subarray(pad);
    const [f, n, d, u] = msgpackLoads(bytes, undefined, { arrayViews: true, alignInPlace: true }) as [NDArray<'float32'>, number, NDArray<'float64'>, NDArray<'uint8'>];
    assert.deepEqual([f, n, d, u], [floats, 3, doubles, NDArray.from(Uint8Array.of(9, 8), [2])], `pad ${pad}`);
    for (const a of [f, d, u]) assert.equal(a.data.buffer, input.buffer, `pad ${pad}: a view of the input`);
    assert.equal(f.data.byteOffset % 4, 0);
    assert.equal(d.data.byteOffset % 8, 0);
  }
  // without it, the input is left as it was
  const input = new Uint8Array(1 + encoded.length);
  input.set(encoded, 1);
  const before = Uint8Array.from(input);
  msgpackLoads(input.subarray(1), undefined, { arrayViews: true });
  assert.deepEqual(input, before);
});
