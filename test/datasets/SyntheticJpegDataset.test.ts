import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SyntheticJpegDataset } from '../../src/datasets/SyntheticJpegDataset.ts';
import { syntheticJpegLmdb } from '../../src/datasets/syntheticJpegLmdb.ts';
import { LMDBSerializer } from '../../src/formats/lmdb/LMDBSerializer.ts';
import { JpegDecoder } from '../../src/image/decode/JpegDecoder.ts';
import { collect } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'synthetic-jpeg-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('SyntheticJpegDataset', () => {
  it('yields [jpeg bytes as uint8 NDArray, label]; length = count; JPEGs of the asked size', () => {
    const ds = new SyntheticJpegDataset({ count: 3, height: 40, width: 56, classes: 5 });
    assert.equal(ds.length, 3);
    const dps = collect(ds);
    assert.equal(dps.length, 3);
    const decoder = new JpegDecoder();
    for (const [jpeg, label] of dps) {
      assert.deepEqual([jpeg.dtype, jpeg.ndim, [...jpeg.data.subarray(0, 3)]], ['uint8', 1, [0xff, 0xd8, 0xff]]);
      assert.deepEqual(decoder.decode(jpeg.data).shape, [40, 56, 3]);
      assert.ok(Number.isInteger(label) && label >= 0 && label < 5);
    }
  });

  it('is deterministic: the same bytes on every pass and for the same seed, others for another seed', () => {
    const bytes = (seed: number): string[] => collect(new SyntheticJpegDataset({ count: 2, height: 32, width: 32, seed })).map(([j, l]) => `${Buffer.from(j.data).toString('hex')}/${l}`);
    const ds = new SyntheticJpegDataset({ count: 2, height: 32, width: 32, seed: 4 });
    assert.deepEqual(collect(ds).map(([j]) => j.data), collect(ds).map(([j]) => j.data));
    assert.deepEqual(bytes(4), bytes(4));
    assert.notDeepEqual(bytes(4), bytes(5));
  });

  it('256×256 quality 90 images are about 27 KB, like the issue\'s ImageNet-size JPEGs', () => {
    const sizes = collect(new SyntheticJpegDataset({ count: 20 })).map(([j]) => j.size);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    assert.ok(mean > 24_000 && mean < 30_000, `mean ${mean} bytes`);
  });

  it('checks its options', () => {
    assert.throws(() => new SyntheticJpegDataset({ count: -1 }), { message: 'SyntheticJpegDataset: count must be a non-negative integer, got -1' });
    assert.throws(() => new SyntheticJpegDataset({ count: 1, quality: 101 }), { message: 'SyntheticJpegDataset: quality must be an integer in 1..100, got 101' });
    assert.throws(() => new SyntheticJpegDataset({ count: 1, width: 0 }), { message: 'SyntheticJpegDataset: width must be a positive integer, got 0' });
  });
});

describe('syntheticJpegLmdb', () => {
  it('writes the dataset once in tensorpack\'s layout and reuses the file for the same options', async () => {
    const options = { count: 5, height: 24, width: 24, seed: 3 };
    const path = await syntheticJpegLmdb(options, dir);
    assert.equal(path, join(dir, 'dataflow-synthetic-jpeg-5-24x24-q90-c1000-s3.lmdb'));
    const written = statSync(path).mtimeMs;
    assert.equal(await syntheticJpegLmdb(options, dir), path);
    assert.equal(statSync(path).mtimeMs, written);
    assert.equal(existsSync(`${path}.${process.pid}.partial`), false);
    const loaded = collect(LMDBSerializer.load(path, { shuffle: false }));
    assert.deepEqual(loaded, collect(new SyntheticJpegDataset(options)));
  });
});
