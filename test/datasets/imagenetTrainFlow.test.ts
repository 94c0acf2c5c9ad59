import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RNG } from '../../src/core/RNG.ts';
import { imagenetAugment, imagenetAugmentRef, timeAugmentSteps } from '../../src/datasets/imagenetAugment.ts';
import { imagenetTrainFlow } from '../../src/datasets/imagenetTrainFlow.ts';
import { SyntheticJpegDataset } from '../../src/datasets/SyntheticJpegDataset.ts';
import { syntheticJpegLmdb } from '../../src/datasets/syntheticJpegLmdb.ts';
import { collect, collectAsync, sorted } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'imagenet-flow-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SMALL = { count: 40, height: 64, width: 48, seed: 2 };

describe('imagenetAugment', () => {
  it('maps [jpeg, label] to [size×size×3 uint8, label], drawing only from ctx.rng', () => {
    const augment = imagenetAugment({ size: 32 });
    const dps = collect(new SyntheticJpegDataset(SMALL));
    const outs = dps.map((dp, i) => augment(dp, i, { worker: 0, rng: new RNG(9, i) }));
    for (const [[img, label], [, expected]] of outs.map((o, i) => [o, dps[i]!] as const)) {
      assert.deepEqual([img.dtype, img.shape, label], ['uint8', [32, 32, 3], expected]);
    }
    // each output has its own buffer (the decoder's buffer is reused, the crop copies out of it)
    assert.equal(new Set(outs.map(([img]) => img.data.buffer)).size, outs.length);
    // the same draws give the same image, in another worker or another instance
    const again = imagenetAugment({ size: 32 })(dps[3]!, 3, { worker: 1, rng: new RNG(9, 3) });
    assert.deepEqual(again[0].data, outs[3]![0].data);
    const other = imagenetAugment({ size: 32 })(dps[3]!, 3, { worker: 0, rng: new RNG(10, 3) });
    assert.notDeepEqual(other[0].data, outs[3]![0].data);
  });

  it('timeAugmentSteps names decode and each augmentor, in order', () => {
    const jpegs = collect(new SyntheticJpegDataset({ ...SMALL, count: 3 })).map(([j]) => j.data);
    const steps = timeAugmentSteps(jpegs, { size: 16 });
    assert.deepEqual(steps.map((s) => s.step), ['decode', 'GoogleNetRandomCropAndResize', 'Flip', 'BrightnessScale']);
    assert.ok(steps.every((s) => Number.isFinite(s.ms) && s.ms >= 0));
  });

  it('its reference names this module and passes the options', () => {
    const ref = imagenetAugmentRef({ size: 100, order: 'bgr' });
    assert.equal(ref.export, 'imagenetAugment');
    assert.deepEqual(ref.args, [{ size: 100, order: 'bgr' }]);
    assert.match(String(ref.module), /\/src\/datasets\/imagenetAugment\.ts$/);
  });
});

describe('imagenetTrainFlow', () => {
  it('LMDB → shuffle → 2 threads decode + augment → batches of uint8; every label once per pass', async () => {
    const path = await syntheticJpegLmdb(SMALL, dir);
    const { batched, shuffled } = imagenetTrainFlow(path, { workers: 2, batchSize: 8, size: 16, shuffleBuffer: 10, seed: 5 });
    assert.equal(batched.length, 5);
    const batches = await collectAsync(batched);
    assert.deepEqual(batches.map(([imgs, labels]) => [imgs.dtype, imgs.shape, labels.shape]), Array(5).fill(['uint8', [8, 16, 16, 3], [8]]));
    const labels = batches.flatMap(([, l]) => l.toArray() as number[]);
    assert.deepEqual(sorted(labels), sorted(collect(new SyntheticJpegDataset(SMALL)).map(([, l]) => l)));
    // the shuffle changed the order
    assert.notDeepEqual(collect(shuffled).map(([, l]) => l), collect(new SyntheticJpegDataset(SMALL)).map(([, l]) => l));
  });
});
