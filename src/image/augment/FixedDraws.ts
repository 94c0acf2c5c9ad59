import { DataFlowError } from '../../core/errors.ts';
import type { RandomSource } from './base.ts';

/**
 * A stand-in random source that returns recorded values in turn, whatever was asked — like the
 * stand-in that produced tensorpack's fixtures (`fixed_draws`). `uniform(low, high)` returns the
 * next value as is (not scaled into the range); `int(n)` returns it as is too, so for an integer
 * drawn from [low, high) give the offset from `low`.
 *
 *   new Rotation({ maxDeg: 180 }).useRandomSource(new FixedDraws([0.5, 0.5, 90]))  // centre x, centre y, angle
 *
 * Running out of values is an error naming how many were given.
 */
export class FixedDraws implements RandomSource {
  private next = 0;

  constructor(private readonly values: readonly number[]) {}

  /** How many values were drawn so far. */
  get drawn(): number {
    return this.next;
  }

  private take(): number {
    if (this.next >= this.values.length) {
      throw new DataFlowError('FixedDraws', `all ${this.values.length} fixed draws were used; another draw was asked for`);
    }
    return this.values[this.next++]!;
  }

  uniform(): number {
    return this.take();
  }

  int(): number {
    return this.take();
  }

  random(): number {
    return this.take();
  }

  normal(): number {
    return this.take();
  }

  uint32(): number {
    return this.take();
  }
}
