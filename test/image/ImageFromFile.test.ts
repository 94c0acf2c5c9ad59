import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { NDArray } from '../../src/core/NDArray.ts';
import { DataFlowError } from '../../src/core/errors.ts';
import { ImageFromFile } from '../../src/image/ImageFromFile.ts';
import { readNpy } from '../../src/formats/numpy/readNpy.ts';
import { collectAsync } from '../helpers.ts';

const DIR = '/work/shared/fixtures/tensorpack/images/';
const npyOf = (file: string): NDArray => readNpy(readFileSync(DIR + file), file);
const PNG = DIR + 'pattern-color-48x64.png';
const GRAY = DIR + 'checker-gray-40x40.png';
const JPG = DIR + 'rings-color-32x32.jpg';

const tmp = mkdtempSync(join(tmpdir(), 'imagefromfile-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const CORRUPT = join(tmp, 'corrupt.jpg');
const TRUNCATED = readFileSync(DIR + 'pattern-color-48x64.jpg').length - 300;
writeFileSync(CORRUPT, readFileSync(DIR + 'pattern-color-48x64.jpg').subarray(0, TRUNCATED));

describe('ImageFromFile', () => {
  it('yields [img] per file in order, RGB as tensorpack\'s ImageFromFile; length = number of files', async () => {
    const ds = new ImageFromFile([PNG, GRAY, JPG]);
    assert.equal(ds.length, 3);
    const dps = await collectAsync(ds);
    assert.deepEqual(dps.map(([img]) => img.shape), [[48, 64, 3], [40, 40, 3], [32, 32, 3]]);
    assert.deepEqual(dps[0]![0].data, npyOf('pattern-color-48x64.png.imagefromfile-rgb.npy').data);
    assert.deepEqual(dps[1]![0].data, npyOf('checker-gray-40x40.png.imagefromfile-rgb.npy').data);
    // JPEG: identical with Debian 12's libjpeg-turbo 2.1.5, the library OpenCV used for the fixture
    assert.deepEqual(dps[2]![0].data, npyOf('rings-color-32x32.jpg.imagefromfile-rgb.npy').data);
  });

  it("order 'bgr' gives cv2.imread's order; channel 1 gives [h, w, 1]", async () => {
    const [[bgr]] = await collectAsync(new ImageFromFile([PNG], { order: 'bgr' }));
    assert.deepEqual(bgr!.data, npyOf('pattern-color-48x64.png.imread-color.npy').data);
    const [[gray]] = await collectAsync(new ImageFromFile([GRAY], { channel: 1 }));
    const expected = npyOf('checker-gray-40x40.png.imagefromfile-gray.npy');
    assert.deepEqual([gray!.shape, gray!.data], [expected.shape, expected.data]);
  });

  it('resize [h, w] is cv2.resize INTER_LINEAR: within ±1 of tensorpack\'s Resize((24, 40)) output', async () => {
    const [[img]] = await collectAsync(new ImageFromFile([PNG], { order: 'bgr', resize: [24, 40] }));
    const expected = npyOf('pattern-color-48x64.png.imread-color.resize-24x40-linear.npy');
    assert.deepEqual(img!.shape, [24, 40, 3]);
    assert.ok(img!.data.every((v, i) => Math.abs(v - (expected.data[i] as number)) <= 1));
    const [[square]] = await collectAsync(new ImageFromFile([GRAY], { channel: 1, resize: 20 }));
    assert.deepEqual(square!.shape, [20, 20, 1]);
  });

  it('shuffle: a seeded permutation per pass; the default keeps the order (tensorpack\'s default)', async () => {
    const files = [PNG, GRAY, JPG, PNG, GRAY, JPG];
    const heights = async (ds: ImageFromFile): Promise<number[]> => (await collectAsync(ds)).map(([img]) => img.shape[0]!);
    assert.deepEqual(await heights(new ImageFromFile(files)), [48, 40, 32, 48, 40, 32]);
    const a = new ImageFromFile(files, { shuffle: true, seed: 7 });
    const first = await heights(a);
    assert.deepEqual([...first].sort(), [32, 32, 40, 40, 48, 48]);
    const b = new ImageFromFile(files, { shuffle: true, seed: 7 });
    assert.deepEqual(await heights(b), first);
  });

  it('a corrupt or missing file is a DataFlowError naming the file and its index', async () => {
    await assert.rejects(collectAsync(new ImageFromFile([JPG, CORRUPT, PNG])), (e: unknown) => {
      assert.ok(e instanceof DataFlowError);
      assert.equal(e.index, 1);
      assert.equal(e.message, `ImageFromFile: cannot read image 1 (${CORRUPT}): decodeImage: cannot decode a JPEG of ${TRUNCATED} bytes: cannot decode the JPEG: Premature end of JPEG file`);
      return true;
    });
    const missing = join(tmp, 'missing.png');
    await assert.rejects(collectAsync(new ImageFromFile([missing])), {
      message: `ImageFromFile: cannot read image 0 (${missing}): ENOENT: no such file or directory, open '${missing}'`,
    });
  });

  it('catchExceptions: drops the file with a counted warning', async () => {
    const warnings: string[] = [];
    const ds = new ImageFromFile([CORRUPT, JPG, join(tmp, 'missing.jpg')], { catchExceptions: true, warn: (m) => warnings.push(m) });
    const dps = await collectAsync(ds);
    assert.deepEqual(dps.map(([img]) => img.shape), [[32, 32, 3]]);
    assert.equal(ds.skipped, 2);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, new RegExp(`^ImageFromFile: skipped cannot read image 0 \\(${CORRUPT}\\): .*Premature end of JPEG file \\(1 skipped so far\\)$`));
    assert.match(warnings[1]!, /^ImageFromFile: skipped cannot read image 2 \(.*missing\.jpg\): ENOENT.* \(2 skipped so far\)$/);
  });

  it('is asynchronous: for...of says to use for await', () => {
    assert.throws(() => [...new ImageFromFile([PNG])], { message: 'ImageFromFile: cannot be iterated synchronously because ImageFromFile is asynchronous; use for await' });
  });

  it('stops at an aborted signal', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const ds = new ImageFromFile([PNG, PNG, PNG]);
    await assert.rejects(async () => {
      for await (const [img] of ds.iterAsync({ signal: controller.signal })) {
        seen.push(img.shape[0]!);
        controller.abort(new Error('stop'));
      }
    }, { message: 'stop' });
    assert.deepEqual(seen, [48]);
  });

  it('checks its arguments', () => {
    assert.throws(() => new ImageFromFile([]), { message: 'ImageFromFile: no image files given' });
    assert.throws(() => new ImageFromFile([PNG], { channel: 4 as 3 }), { message: 'ImageFromFile: channel must be 1 or 3, got 4' });
    assert.throws(() => new ImageFromFile([PNG], { order: 'hsv' as 'rgb' }), { message: "ImageFromFile: order must be 'rgb' or 'bgr', got hsv" });
    assert.throws(() => new ImageFromFile([PNG], { resize: [0, 3] }), { message: 'ImageFromFile: resize must be a positive integer or [h, w] of positive integers, got [0,3]' });
  });
});
