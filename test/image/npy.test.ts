import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readNpy, readNpyFile } from '../../src/image/npy.ts';

const DIR = '/work/shared/fixtures/tensorpack/images/';

/** A .npy 1.0 file as np.save writes it: header padded with spaces to a multiple of 64, then '\n'. */
function npy(header: string, data: Uint8Array): Uint8Array {
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  const text = header.padEnd(total - 10 - 1) + '\n';
  const out = new Uint8Array(total + data.length);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0, text.length & 255, text.length >> 8]);
  out.set(Buffer.from(text, 'latin1'), 10);
  out.set(data, total);
  return out;
}

describe('readNpy', () => {
  it('reads the fixtures: dtype, shape and C-order data', () => {
    const img = readNpyFile(DIR + 'pattern-color-48x64.png.imread-color.npy');
    assert.deepEqual([img.dtype, img.shape], ['uint8', [48, 64, 3]]);
    const f = readNpyFile(DIR + 'float-input-48x64.npy');
    assert.deepEqual([f.dtype, f.shape], ['float32', [48, 64, 3]]);
    // float input = the BGR decoding * 1.5 - 50.25
    assert.equal(f.data[5], (img.data[5] as number) * 1.5 - 50.25);
  });

  it('Fortran order comes back in C order; 0-d and 1-d shapes', () => {
    const fortran = npy("{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3), }", new Uint8Array(new Int16Array([1, 4, 2, 5, 3, 6]).buffer));
    assert.deepEqual(readNpy(fortran).toArray(), [1, 2, 3, 4, 5, 6]);
    const scalar = readNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", new Uint8Array(new Float64Array([2.5]).buffer)));
    assert.deepEqual([scalar.shape, scalar.toArray()], [[], [2.5]]);
    assert.deepEqual(readNpy(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", new Uint8Array([7, 8, 9]))).shape, [3]);
  });

  it('errors name the file and what is wrong', () => {
    assert.throws(() => readNpy(new Uint8Array(20), 'x.npy'), { name: 'DataFlowError', message: 'readNpy: x.npy: not a .npy file (no \\x93NUMPY magic)' });
    assert.throws(() => readNpy(npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)), 'c.npy'), { message: /^readNpy: c\.npy: unsupported numpy dtype "<c8"/ });
    assert.throws(() => readNpy(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", new Uint8Array(3)), 'short.npy'), {
      message: 'readNpy: short.npy: array data is 3 bytes, but shape [4] of uint8 needs 4',
    });
    assert.throws(() => readNpy(npy('{}', new Uint8Array(0)), 'h.npy'), { message: 'readNpy: h.npy: cannot parse the header "{}"' });
  });
});
