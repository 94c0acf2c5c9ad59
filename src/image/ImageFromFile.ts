import { readFile } from 'node:fs/promises';
import { DataFlow, type Length, type ResetContext } from '../core/DataFlow.ts';
import type { NDArray } from '../core/NDArray.ts';
import { checkArg, DataFlowError } from '../core/errors.ts';
import { rngFor, type RNG } from '../core/RNG.ts';
import { decodeImage } from './decode/decodeImage.ts';
import { resize } from './kernels/resize.ts';

export interface ImageFromFileOptions {
  /** 3 (default): color [h, w, 3]; 1: grayscale [h, w, 1]. */
  readonly channel?: 1 | 3;
  /** [h, w] (or one number for a square) to resize every image to, bilinearly as `cv2.resize`. */
  readonly resize?: number | readonly [number, number];
  /** Shuffle the files at every pass. Default `false`, as in tensorpack. */
  readonly shuffle?: boolean;
  readonly seed?: number;
  /**
   * 'rgb' (default): tensorpack's ImageFromFile (cv2.imread, then [:, :, ::-1]).
   * 'bgr': OpenCV's order, as tensorpack's ILSVRC12 reader (plain cv2.imread) yields.
   */
  readonly order?: 'rgb' | 'bgr';
  /** Skip a file that cannot be read or decoded, with a counted warning, instead of failing. */
  readonly catchExceptions?: boolean;
  /** Where the warnings of `catchExceptions` go; default console.warn. */
  readonly warn?: (message: string) => void;
}

/**
 * Yields `[image]` for every file: a JPEG, PNG or WebP decoded into an HWC uint8 NDArray, RGB by
 * default (tensorpack's ImageFromFile order), BGR with `{ order: 'bgr' }` (OpenCV's, as
 * tensorpack's ImageNet reader). Asynchronous (files are read with fs/promises, the next one
 * while the current one decodes); JPEG decodes with libjpeg-turbo, PNG and WebP with sharp.
 *
 *   new ImageFromFile(['a.jpg', 'b.png'], { channel: 3, resize: [224, 224] })
 *     yields [NDArray<uint8>[224,224,3]], [NDArray<uint8>[224,224,3]]; length 2
 *
 * A file that cannot be read or decoded is a DataFlowError naming the file and its index; with
 * `catchExceptions` it is dropped with a warning that counts the files skipped so far (the length
 * stays the number of files, then an upper bound, as tensorpack's).
 */
export class ImageFromFile extends DataFlow<[NDArray<'uint8'>]> {
  readonly files: readonly string[];
  readonly channel: 1 | 3;
  readonly size: readonly [number, number] | undefined;
  readonly shuffleFiles: boolean;
  readonly order: 'rgb' | 'bgr';
  readonly catchExceptions: boolean;
  /** Files skipped (with `catchExceptions`) since this flow was created. */
  skipped = 0;
  private readonly seed: number | undefined;
  private readonly warn: (message: string) => void;
  private rng: RNG | undefined;

  constructor(files: readonly string[], options: ImageFromFileOptions = {}) {
    super();
    checkArg('ImageFromFile', Array.isArray(files) && files.every((f) => typeof f === 'string'), 'expects an array of file names');
    checkArg('ImageFromFile', files.length > 0, 'no image files given');
    const channel = options.channel ?? 3;
    checkArg('ImageFromFile', channel === 1 || channel === 3, `channel must be 1 or 3, got ${String(channel)}`);
    const order = options.order ?? 'rgb';
    checkArg('ImageFromFile', order === 'rgb' || order === 'bgr', `order must be 'rgb' or 'bgr', got ${String(order)}`);
    const size = typeof options.resize === 'number' ? ([options.resize, options.resize] as const) : options.resize;
    checkArg('ImageFromFile', size === undefined || (size.length === 2 && size.every((d) => Number.isInteger(d) && d > 0)),
      `resize must be a positive integer or [h, w] of positive integers, got ${JSON.stringify(options.resize)}`);
    this.files = files;
    this.channel = channel;
    this.size = size;
    this.shuffleFiles = options.shuffle ?? false;
    this.order = order;
    this.catchExceptions = options.catchExceptions ?? false;
    this.seed = options.seed;
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  get length(): Length {
    return this.files.length;
  }

  override get isSync(): boolean {
    return false;
  }

  protected override onReset(context: ResetContext): void {
    this.rng = rngFor(this.flowName, this.seed, context);
  }

  protected override async *iterateAsync(signal: AbortSignal | undefined): AsyncGenerator<[NDArray<'uint8'>]> {
    const files = this.files;
    const order = this.shuffleFiles ? this.rng!.shuffle(Uint32Array.from({ length: files.length }, (_, i) => i)) : undefined;
    const fileAt = (i: number): string => files[order === undefined ? i : order[i]!]!;
    // Read ahead one file; a failed read is settled here and reported when its turn comes.
    const read = (i: number): Promise<Buffer | Error> => readFile(fileAt(i)).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    let next = read(0);
    for (let i = 0; i < files.length; i++) {
      signal?.throwIfAborted();
      const bytes = await next;
      if (i + 1 < files.length) next = read(i + 1);
      let img: NDArray<'uint8'>;
      try {
        if (bytes instanceof Error) throw bytes;
        img = await decodeImage(bytes, { channels: this.channel, order: this.order });
        if (this.size !== undefined) img = resize(img, this.size[0], this.size[1], 'linear') as NDArray<'uint8'>;
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        const message = `cannot read image ${i} (${fileAt(i)}): ${reason}`;
        if (!this.catchExceptions) throw new DataFlowError(this.flowName, message, { index: i, cause: e });
        this.skipped++;
        this.warn(`${this.flowName}: skipped ${message} (${this.skipped} skipped so far)`);
        continue;
      }
      yield [img];
    }
  }
}
