import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RNG } from '../../src/core/RNG.ts';
import { imagenetAugment, imagenetAugmentBatch, imagenetAugmentBatchRef, imagenetAugmentRef, timeAugmentSteps } from '../../src/datasets/imagenetAugment.ts';
import { packJpegBatch, packKeyBatch } from '../../src/datasets/JpegBatch.ts';
import { lmdbJpegReader } from '../../src/datasets/lmdbJpegReader.ts';
import { lmdbKeys } from '../../src/formats/lmdb/LMDBData.ts';
import { LMDBSerializer } from '../../src/formats/lmdb/LMDBSerializer.ts';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { imagenetTrainFlow } from '../../src/datasets/imagenetTrainFlow.ts';
import { SyntheticJpegDataset } from '../../src/datasets/SyntheticJpegDataset.ts';
import { syntheticJpegLmdb } from '../../src/datasets/syntheticJpegLmdb.ts';
import { liveWorkers } from '../../src/parallel/WorkerLink.ts';
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

  it('its references name this module and pass the options', () => {
    for (const [ref, name] of [[imagenetAugmentRef({ size: 100, order: 'bgr' }), 'imagenetAugment'], [imagenetAugmentBatchRef({ size: 100, order: 'bgr' }), 'imagenetAugmentBatch']] as const) {
      assert.equal(ref.export, name);
      assert.deepEqual(ref.args, [{ size: 100, order: 'bgr' }]);
      assert.match(String(ref.module), /\/src\/datasets\/imagenetAugment\.ts$/);
    }
  });
});

describe('imagenetAugmentBatch', () => {
  const dps = collect(new SyntheticJpegDataset({ ...SMALL, count: 5 }));
  const packedOf = (out?: Uint8Array) => ({ ...packJpegBatch([dps.map(([j]) => j), dps.map(([, l]) => l)], 2), ...(out ? { out } : {}) });
  // imagenetAugment on each image in turn, all drawing from one stream: what the batch must hold
  const one = imagenetAugment({ size: 16 });
  const rng = new RNG(9, 2);
  const expected = dps.map((dp, i) => one(dp, i, { worker: 0, rng })[0].data);

  it('augments each image of a packed batch into its slot, drawing from ctx.rng in order', () => {
    const [images, labels] = imagenetAugmentBatch({ size: 16 })(packedOf(), 2, { worker: 0, rng: new RNG(9, 2) });
    assert.deepEqual([images.dtype, images.shape, labels.dtype, labels.toArray()], ['uint8', [5, 16, 16, 3], 'int32', dps.map(([, l]) => l)]);
    assert.deepEqual(Array.from({ length: 5 }, (_, k) => images.data.subarray(k * 768, (k + 1) * 768)), expected);
    // a buffer of its own, so that it moves to the main thread
    assert.equal(images.data.buffer.byteLength, 5 * 768);
  });

  it('writes into the batch\'s output buffer when it has one', () => {
    const out = new Uint8Array(new SharedArrayBuffer(5 * 768));
    const [images] = imagenetAugmentBatch({ size: 16 })(packedOf(out), 2, { worker: 0, rng: new RNG(9, 2) });
    assert.equal(images.data, out);
    assert.deepEqual(out.subarray(4 * 768), expected[4]);
  });

  it('names the image and the batch of a JPEG it cannot decode', () => {
    const batch = packedOf();
    batch.bytes.fill(0, batch.ends[0]!, batch.ends[0]! + 100); // image 1's header
    assert.throws(() => imagenetAugmentBatch({ size: 16 })(batch, 2, { worker: 0, rng: new RNG(1) }),
      { message: /^imagenetAugmentBatch: image 1 of batch 2: decodeImage: cannot decode a JPEG of \d+ bytes: / });
  });

  it("augmentation 'crop-flip' writes exactly what RandomCrop + Flip make, from the same draws", () => {
    const chain = imagenetAugment({ size: 16, augmentation: 'crop-flip' });
    const draws = new RNG(5, 2);
    const want = dps.map((dp, i) => chain(dp, i, { worker: 0, rng: draws })[0]);
    assert.deepEqual(want[0]!.shape, [16, 16, 3]);
    const [images] = imagenetAugmentBatch({ size: 16, augmentation: 'crop-flip' })(packedOf(), 2, { worker: 0, rng: new RNG(5, 2) });
    assert.deepEqual(images.shape, [5, 16, 16, 3]);
    assert.deepEqual(Array.from({ length: 5 }, (_, k) => images.data.subarray(k * 768, (k + 1) * 768)), want.map((img) => img.data));
    // both branches of the flip were taken, so both copies of the kernel were compared
    const flips = new RNG(5, 2);
    const drawn = dps.map(() => (flips.int(64 - 16 + 1), flips.int(48 - 16 + 1), Math.fround(flips.uniform(0, 1)) < 0.5));
    assert.deepEqual([drawn.includes(true), drawn.includes(false)], [true, true]);
  });

  it('names the batch when the output buffer does not fit the images', () => {
    assert.throws(() => imagenetAugmentBatch({ size: 16 })(packedOf(new Uint8Array(100)), 2, { worker: 0, rng: new RNG(1) }),
      { message: 'imagenetAugmentBatch: image 0 of batch 2 has shape [16,16,3]: 5 of them do not fill the batch\'s 100 bytes' });
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
    assert.deepEqual(liveWorkers(), []);
  });

  it('with reuseBuffers yields the same batches from a few shared buffers, each valid until the next is asked for', async () => {
    const path = await syntheticJpegLmdb(SMALL, dir);
    const options = { workers: 2, batchSize: 4, size: 16, shuffleBuffer: 10, seed: 5 };
    // batches come in the order the workers finish them: compare them keyed by their labels
    const keyed = async (reuseBuffers: boolean) => {
      const out = new Map<string, Uint8Array>();
      const views: Uint8Array[] = [];
      for await (const [images, labels] of imagenetTrainFlow(path, { ...options, reuseBuffers }).batched) {
        views.push(images.data);
        out.set(labels.toArray().join(','), images.data.slice());
      }
      // each message brings a new SharedArrayBuffer object, so count memory, not objects: mark
      // batch i's first byte with i; the batches that keep their mark are one per buffer
      views.forEach((v, i) => (v[0] = i));
      return { out, buffers: views.filter((v, i) => v[0] === i).map((v) => v.buffer) };
    };
    const fresh = await keyed(false);
    const reused = await keyed(true);
    assert.equal(reused.out.size, 10);
    assert.deepEqual(reused.out, fresh.out);
    assert.equal(fresh.buffers.length, 10);
    // at most 2 batches per worker in flight and the one the consumer holds
    assert.ok(reused.buffers.length <= 5, `${reused.buffers.length} buffers`);
    assert.ok([...reused.buffers].every((b) => b instanceof SharedArrayBuffer));
    assert.deepEqual(liveWorkers(), []);
  });

  it('reads on the main thread (JPEG memory recycled through a MemoryPool) or in the workers (readInWorkers) give the same batches, bit for bit', async () => {
    const path = await syntheticJpegLmdb(SMALL, dir);
    const options = { workers: 2, batchSize: 4, size: 16, shuffleBuffer: 10, seed: 5, augmentation: 'crop-flip' as const };
    // batches come in the order the workers finish them: key them by their labels
    const keyed = async (more: { readInWorkers?: boolean; reuseBuffers?: boolean; workerKind?: 'process' }) => {
      const out = new Map<string, number[]>();
      for await (const [images, labels] of imagenetTrainFlow(path, { ...options, ...more }).batched) out.set(labels.toArray().join(','), [...images.data]);
      return out;
    };
    const main = await keyed({});
    assert.equal(main.size, 10);
    assert.deepEqual(await keyed({ reuseBuffers: true }), main);
    assert.deepEqual(await keyed({ readInWorkers: true }), main);
    assert.deepEqual(await keyed({ readInWorkers: true, reuseBuffers: true }), main);
    assert.deepEqual(await keyed({ readInWorkers: true, workerKind: 'process' }), main);
    assert.deepEqual(liveWorkers(), []);
  });

  it('refuses reuseBuffers with processes', () => {
    assert.throws(() => imagenetTrainFlow('x.lmdb', { workerKind: 'process', reuseBuffers: true }),
      { message: 'imagenetTrainFlow: reuseBuffers needs worker threads (its buffers are shared memory), not processes' });
  });
});

describe('lmdbKeys and lmdbJpegReader', () => {
  it('lists the keys in the order LMDBSerializer.load reads them, and reads a batch of keys back', async () => {
    const path = await syntheticJpegLmdb(SMALL, dir);
    const keys = lmdbKeys(path);
    assert.deepEqual(keys.map(String), Array.from({ length: 40 }, (_, i) => String(i).padStart(8, '0')));
    const dps = collect(LMDBSerializer.load<[{ data: Uint8Array }, number]>(path, { shuffle: false }));
    const batch = packKeyBatch([[keys[7]!, keys[3]!]], 0);
    const read = lmdbJpegReader(path);
    const first = read(batch, 0, 0);
    assert.deepEqual(first, dps[7]![0].data);
    const second = read(batch, 1, 0);
    assert.deepEqual(second, dps[3]![0].data);
    assert.equal(second.buffer, first.buffer); // views of lmdb-js's read buffer, good until the next read
    assert.deepEqual([...batch.labels], [dps[7]![1], dps[3]![1]]);
  });

  it('names the key and the batch of a key that is missing or of a value that is not [jpeg, label]', async () => {
    const path = await syntheticJpegLmdb(SMALL, dir);
    assert.throws(() => lmdbJpegReader(path)(packKeyBatch([[Buffer.from('00000099')]], 6), 0, 6),
      { message: `lmdbJpegReader: key "00000099" (item 0 of batch 6) is not in ${path}` });
    const other = join(dir, 'not-jpegs.lmdb');
    await LMDBSerializer.save(new DataFromList([[1, 2, 3]], { shuffle: false }), other);
    assert.throws(() => lmdbJpegReader(other)(packKeyBatch([[Buffer.from('00000000')]], 2), 0, 2),
      { message: 'lmdbJpegReader: key "00000000" (item 0 of batch 2): expected a [jpeg, label] datapoint' });
    // in the pipeline, the read happens in a worker: its error comes back from there
    await assert.rejects(collectAsync(imagenetTrainFlow(other, { workers: 1, batchSize: 1, readInWorkers: true }).batched),
      /worker 0.*image 0 of batch 0: lmdbJpegReader: key "00000000" \(item 0 of batch 0\): expected a \[jpeg, label\] datapoint/s);
    assert.deepEqual(liveWorkers(), []);
  });
});
