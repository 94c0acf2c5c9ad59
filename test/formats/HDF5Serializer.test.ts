import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { NDArray } from '../../src/core/NDArray.ts';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { HDF5Data } from '../../src/formats/hdf5/HDF5Data.ts';
import { HDF5Serializer } from '../../src/formats/hdf5/HDF5Serializer.ts';
import { collect } from '../helpers.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'hdf5-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const dps = Array.from({ length: 5 }, (_, i) => [NDArray.from(new Float32Array([i, i + 0.5, -i]), [3]), i * 10, i / 4, NDArray.from(new Int16Array([i, -i, i, -i]), [2, 2])] as const);

test('save stacks each component into its dataset (groups created); load yields rows in order or shuffled', async () => {
  const file = path.join(tmp, 'x.h5');
  assert.equal(await HDF5Serializer.save(new DataFromList(dps, { shuffle: false }), file, ['data/img', 'label', 'weight', 'g/h/mat']), 5);
  const flow = await HDF5Serializer.load(file, ['data/img', 'label', 'weight', 'g/h/mat'], { shuffle: false });
  assert.equal(flow.length, 5);
  assert.deepEqual(collect(flow), dps.map((dp) => [...dp]));
  const shuffled = await HDF5Data.open(file, ['label'], { seed: 2 });
  const labels = collect(shuffled).map(([l]) => l as number);
  assert.deepEqual([...labels].sort((a, b) => a - b), [0, 10, 20, 30, 40]);
  assert.notDeepEqual(labels, [0, 10, 20, 30, 40]);
});

test('bad input: missing file, not HDF5, missing dataset, unequal lengths, mixed components', async () => {
  await assert.rejects(HDF5Data.open(path.join(tmp, 'none.h5'), ['a']), { message: `HDF5Data: ${path.join(tmp, 'none.h5')} does not exist` });
  const text = path.join(tmp, 'text.h5');
  writeFileSync(text, 'not an hdf5 file');
  await assert.rejects(HDF5Data.open(text, ['a']), { name: 'DataFlowError', message: new RegExp(`^HDF5Data: ${text} is not a readable HDF5 file`) });
  const file = path.join(tmp, 'two.h5');
  await HDF5Serializer.save(new DataFromList([[1, 2]], { shuffle: false }), file, ['a', 'b']);
  await assert.rejects(HDF5Data.open(file, ['a', 'c']), { message: `HDF5Data: ${file} has no dataset "c"` });
  await assert.rejects(HDF5Serializer.save(new DataFromList([[1], [2, 3]], { shuffle: false }), path.join(tmp, 'bad.h5'), ['a']), { message: 'HDF5Serializer: datapoint 1 has 2 components, expected 1 (one per data path)' });
  const mixed = new DataFromList([[NDArray.from(new Float32Array([1]))], [NDArray.from(new Float32Array([1, 2]))]], { shuffle: false });
  await assert.rejects(HDF5Serializer.save(mixed, path.join(tmp, 'mixed.h5'), ['a']), { message: 'HDF5Serializer: component "a" of datapoint 1 is float32[2], expected an NDArray float32[1]' });
});
