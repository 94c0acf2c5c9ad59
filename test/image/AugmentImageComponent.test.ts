import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/core/NDArray.ts';
import { DataFromList } from '../../src/core/sources/DataFromList.ts';
import { AugmentImageComponent, Brightness, Flip, RandomCrop, Resize, type Image } from '../../src/image/augment/index.ts';
import { collect } from '../helpers.ts';

const img = (v: number) => NDArray.from(new Uint8Array(16).fill(v), [4, 4]) as Image;

describe('AugmentImageComponent', () => {
  it('augments the image component and passes the others through; length is the upstream one', () => {
    const ds = new DataFromList<[Image, string]>([[img(1), 'a'], [img(2), 'b']], { shuffle: false });
    const flow = new AugmentImageComponent(ds, [new Resize([2, 3], 'nearest')]);
    assert.equal(flow.length, 2);
    const out = collect(flow);
    assert.deepEqual(out.map(([x, label]) => [x.shape, [...x.data], label]), [[[2, 3], [1, 1, 1, 1, 1, 1], 'a'], [[2, 3], [2, 2, 2, 2, 2, 2], 'b']]);
  });

  it('works on a record datapoint by key, and leaves the upstream image alone with copy (default)', () => {
    const source = img(100);
    const ds = new DataFromList([{ image: source, id: 1 }], { shuffle: false });
    const [dp] = collect(new AugmentImageComponent(ds, [new Brightness(50, true)], { index: 'image', seed: 1 }));
    assert.equal(dp!.id, 1);
    assert.notEqual(dp!.image.data[0], 100);
    assert.equal(source.data[0], 100);
  });

  it('copy: false lets in-place transforms write into the upstream image', () => {
    const source = img(100);
    const ds = new DataFromList([[source]], { shuffle: false });
    collect(new AugmentImageComponent(ds, [new Brightness(50, true)], { copy: false, seed: 1 }));
    assert.notEqual(source.data[0], 100);
  });

  it('seeds its augmentors in resetState: the same seed replays, another worker stream differs', () => {
    const ds = new DataFromList(Array.from({ length: 8 }, (_, i) => [NDArray.from(Uint8Array.from({ length: 64 }, (_, j) => (i * 64 + j) % 256), [8, 8])] as [Image]), { shuffle: false });
    const flow = new AugmentImageComponent(ds, [new RandomCrop(4), new Flip({ horiz: true })]);
    const pass = (ctx: { seed: number; streamId?: number }) => {
      flow.resetState(ctx);
      return collect(flow).map(([x]) => [...x.data]);
    };
    assert.deepEqual(pass({ seed: 5 }), pass({ seed: 5 }));
    assert.notDeepEqual(pass({ seed: 5, streamId: 0 }), pass({ seed: 5, streamId: 1 }));
  });

  it('an augmentation error names the flow and datapoint; catchExceptions drops it with a counted warning', () => {
    const ds = new DataFromList<[Image]>([[img(1)], [NDArray.zeros([2, 2], 'uint8')], [img(3)]], { shuffle: false });
    assert.throws(() => collect(new AugmentImageComponent(ds, [new RandomCrop(3)])), /AugmentImageComponent: augmentation failed at datapoint 1: RandomCrop: cannot crop 3x3 from an image of shape \[2,2\]/);
    const warnings: string[] = [];
    const flow = new AugmentImageComponent(ds, [new RandomCrop(3)], { catchExceptions: true, warn: (m) => warnings.push(m) });
    assert.deepEqual(collect(flow).map(([x]) => x.data[0]), [1, 3]);
    assert.equal(flow.errors, 1);
    assert.deepEqual(warnings, ['AugmentImageComponent: dropped datapoint 1: RandomCrop: cannot crop 3x3 from an image of shape [2,2] (1 augmentation errors so far)']);
  });

  it('a component that is not an image is a specific error', () => {
    const ds = new DataFromList([['not an image']], { shuffle: false });
    assert.throws(() => collect(new AugmentImageComponent(ds, [new Flip({ horiz: true })])), /AugmentImageComponent: augmentation failed at datapoint 0: AugmentImageComponent: component 0: expects an image NDArray, got string/);
    const missing = new DataFromList([[img(1)]], { shuffle: false });
    assert.throws(() => collect(new AugmentImageComponent(missing, [], { index: 3 })), /datapoint 0 has no component 3/);
  });
});
