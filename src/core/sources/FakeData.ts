import { DataFlow, type Length, type ResetContext } from '../DataFlow.ts';
import { checkArg } from '../errors.ts';
import { NDArray, shapeSize, type Shape } from '../NDArray.ts';
import { TYPED_ARRAY_OF, type DType } from '../dtype.ts';
import { numberToFloat16Bits } from '../float16.ts';
import { rngFor, type RNG } from '../RNG.ts';

export interface FakeDataOptions<D extends DType> {
  /** Datapoints per pass. Default 1000. */
  readonly size?: number;
  /** New random values for every datapoint (default), or one datapoint yielded again and again. */
  readonly random?: boolean;
  /** One dtype for all components, or one per component. Default 'float32'. */
  readonly dtype?: D | readonly D[];
  /** Values are drawn uniformly from [low, high). Default [0, 1). */
  readonly domain?: readonly [number, number];
  readonly seed?: number;
}

type FakeDatapoint<S extends readonly Shape[], D extends DType> = { -readonly [K in keyof S]: NDArray<D> };

/**
 * Random NDArrays of the given shapes, for testing speed and plumbing (tensorpack's FakeData).
 *
 *   new FakeData([[2, 3], [1]], { size: 10, dtype: 'float32' }) yields 10 [NDArray [2,3], NDArray [1]]
 */
export class FakeData<const S extends readonly Shape[], D extends DType = 'float32'> extends DataFlow<FakeDatapoint<S, D>> {
  readonly shapes: S;
  private readonly size: number;
  private readonly random: boolean;
  private readonly dtypes: readonly DType[];
  private readonly domain: readonly [number, number];
  private readonly seed: number | undefined;
  private rng: RNG | undefined;
  private fixed: FakeDatapoint<S, D> | undefined;

  constructor(shapes: S, options: FakeDataOptions<D> = {}) {
    super();
    checkArg('FakeData', Array.isArray(shapes) && shapes.every((s) => Array.isArray(s)), 'expects a list of shapes, e.g. [[28, 28], [1]]');
    this.shapes = shapes;
    this.size = options.size ?? 1000;
    this.random = options.random ?? true;
    const dtype = options.dtype ?? 'float32';
    this.dtypes = typeof dtype === 'string' ? shapes.map(() => dtype) : dtype;
    checkArg('FakeData', this.dtypes.length === shapes.length, `got ${this.dtypes.length} dtypes for ${shapes.length} shapes`);
    this.domain = options.domain ?? [0, 1];
    this.seed = options.seed;
  }

  get length(): Length {
    return this.size;
  }

  protected override onReset(context: ResetContext): void {
    this.rng = rngFor(this.flowName, this.seed, context);
    this.fixed = undefined;
  }

  private make(): FakeDatapoint<S, D> {
    const [low, high] = this.domain;
    const rng = this.rng!;
    return this.shapes.map((shape, c) => {
      const dtype = this.dtypes[c]!;
      const n = shapeSize(shape);
      const data = new TYPED_ARRAY_OF[dtype](n);
      const span = high - low;
      if (dtype === 'int64' || dtype === 'uint64') {
        for (let i = 0; i < n; i++) data[i] = BigInt(Math.floor(low + span * (rng.uint32() / 4294967296)));
      } else {
        const isFloat = dtype === 'float32' || dtype === 'float64';
        for (let i = 0; i < n; i++) {
          const v = low + span * (rng.uint32() / 4294967296);
          data[i] = dtype === 'float16' ? numberToFloat16Bits(v) : isFloat ? v : Math.floor(v);
        }
      }
      return new NDArray(data, shape, dtype);
    }) as unknown as FakeDatapoint<S, D>;
  }

  protected override *iterate(): Iterator<FakeDatapoint<S, D>> {
    for (let i = 0; i < this.size; i++) {
      if (this.random) yield this.make();
      else yield (this.fixed ??= this.make());
    }
  }
}
