import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { ByteWriter, detectSerializer, dumps, dumpsInto, loads, NumpyScalar } from '../../src/formats/serialize/index.ts';
import { assertMatchesExpected, loadExpected, loadSerialized, valueFromExpected } from './expectedJson.ts';

const { datapoints: expected } = loadExpected();

test('detectSerializer: 0x80 and a protocol byte 2..5 is pickle, anything else msgpack', () => {
  assert.equal(detectSerializer(Buffer.from('80054e2e', 'hex')), 'pickle');
  assert.equal(detectSerializer(Buffer.from('80024e2e', 'hex')), 'pickle');
  assert.equal(detectSerializer(Buffer.from('80', 'hex')), 'msgpack'); // {} in msgpack
  assert.equal(detectSerializer(Buffer.from('8006', 'hex')), 'msgpack');
  assert.equal(detectSerializer(Buffer.from('dc0019', 'hex')), 'msgpack');
  assert.equal(detectSerializer(Buffer.alloc(0)), 'msgpack');
});

test('loads reads both of tensorpack serializers without being told which', () => {
  for (const serializer of ['msgpack', 'pickle'] as const) {
    loadSerialized(serializer).datapoints.forEach((bytes, i) => {
      assert.equal(detectSerializer(bytes), serializer);
      assertMatchesExpected(loads(bytes), expected[i], `${serializer} dp ${i}`);
    });
  }
});

test('dumps writes pickle by default (tensorpack >= 0.9.9) and msgpack on request; loads reads both back', () => {
  const dp = [NDArray.from(new Float32Array([1, 2, 3]), [3]), 7, 'x', NumpyScalar.of('int32', -3)];
  const pickled = dumps(dp);
  assert.deepEqual([...pickled.subarray(0, 2)], [0x80, 5]);
  assert.deepEqual(pickled, dumps(dp, { serializer: 'pickle' }));
  const packed = dumps(dp, { serializer: 'msgpack' });
  assert.equal(packed[0], 0x94);
  assert.deepEqual(loads(pickled), dp);
  assert.deepEqual(loads(packed), dp);
  expected.forEach((e, i) => {
    for (const serializer of ['msgpack', 'pickle'] as const) assertMatchesExpected(loads(dumps(valueFromExpected(e), { serializer })), e, `${serializer} dp ${i}`);
  });
});

test('results own their memory: dumps output does not change when dumps runs again', () => {
  const a = dumps([1, 'a'], { serializer: 'msgpack' });
  const hex = a.toString('hex');
  dumps(['overwrite'.repeat(10)], { serializer: 'msgpack' });
  assert.equal(a.toString('hex'), hex);
  assert.equal(a.buffer.byteLength, a.length);
});

test('errors name the serializer, the source and the key or record', () => {
  assert.throws(() => loads(Buffer.from('c1', 'hex'), { source: 'data.tfrecord', key: 12 }), { name: 'DataFlowError', message: /^msgpack: cannot decode record 12 in data\.tfrecord: /, index: 12 });
  assert.throws(() => loads(Buffer.from('8005', 'hex'), { source: 'tcp://127.0.0.1:5555' }), { message: 'pickle: cannot decode in tcp://127.0.0.1:5555: truncated pickle: needs 1 more bytes at offset 2, 0 left' });
  assert.throws(() => dumps(1, { serializer: 'json' as 'pickle' }), { message: 'dumps: unknown serializer "json" (msgpack or pickle)' });
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  for (const serializer of ['msgpack', 'pickle'] as const) {
    assert.throws(() => dumps(cyclic, { serializer }), { name: 'DataFlowError', message: `${serializer}: cannot encode the value: Maximum call stack size exceeded` });
  }
});

test('NumpyScalar: value as numpy .item() gives it, one element of its dtype', () => {
  assert.equal(NumpyScalar.of('float32', 0.1).value, Math.fround(0.1));
  assert.equal(NumpyScalar.of('bool', true).value, true);
  assert.equal(NumpyScalar.of('float16', 1.5).value, 1.5);
  assert.equal(NumpyScalar.of('int64', 5).value, 5n);
  assert.equal(String(NumpyScalar.of('uint8', 7)), 'uint8(7)');
  assert.throws(() => new NumpyScalar('int32', new Int32Array(2)), /a numpy scalar holds 1 element, got 2/);
});

test('dumpsInto appends exactly the bytes of dumps (long runs included) to an owned writer, growing it; reset starts over', () => {
  for (const serializer of ['msgpack', 'pickle'] as const) {
    const big = NDArray.from(new Float64Array(1000).map((_, i) => i / 3)); // 8000 bytes: dumps copies it straight into its result
    const values = [[NDArray.from(new Uint8Array(100).fill(3)), 1], 'a', { k: [null, 2.5] }, [big, Buffer.alloc(5000, 7), 'z', big]];
    const w = ByteWriter.owned(16);
    const ends: number[] = [];
    for (const v of values) {
      dumpsInto(w, v, { serializer });
      ends.push(w.pos);
    }
    values.forEach((v, i) => {
      const bytes = dumps(v, { serializer });
      assert.deepEqual(w.view(i === 0 ? 0 : ends[i - 1]!, ends[i]!), bytes, `${serializer} value ${i}`);
      assert.deepEqual(loads(bytes), v, `${serializer} value ${i}`);
    });
    w.reset();
    dumpsInto(w, 7, { serializer });
    assert.deepEqual(w.view(0, w.pos), dumps(7, { serializer }));
  }
  assert.throws(() => dumpsInto(ByteWriter.owned(8), 1, { serializer: 'json' as 'pickle' }), { message: 'dumps: unknown serializer "json" (msgpack or pickle)' });
  assert.throws(() => new ByteWriter().view(0, 0), { name: 'DataFlowError', message: 'ByteWriter: view() needs a writer made by ByteWriter.owned() (a borrowed one copies long runs only in finish())' });
});
