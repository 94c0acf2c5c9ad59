import { DataFlow, type Length } from '../core/DataFlow.ts';
import { checkArg, DataFlowError } from '../core/errors.ts';
import { Progress } from '../core/progress.ts';

export interface SpeedResult {
  /** Datapoints timed (after the warm-up). */
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export interface TestDataSpeedOptions {
  /** Datapoints to time. Default 5000. */
  readonly size?: number;
  /** Datapoints consumed before the clock starts. Default 0. */
  readonly warmup?: number;
  /** Progress and the result line go here. Default process.stderr. */
  readonly stream?: NodeJS.WriteStream;
}

/**
 * Measures how fast a flow yields: `start()` (sync flows) or `startAsync()` consumes `warmup`
 * then `size` datapoints (across passes if needed), with a progress bar on a TTY and plain lines
 * otherwise, and returns `{ count, seconds, perSecond }`. Iterating it passes datapoints through.
 */
export class TestDataSpeed<T> extends DataFlow<T> {
  readonly upstream: DataFlow<T>;
  readonly size: number;
  readonly warmup: number;
  private readonly stream: NodeJS.WriteStream | undefined;

  constructor(ds: DataFlow<T>, options: TestDataSpeedOptions = {}) {
    super([ds]);
    this.upstream = ds;
    this.size = options.size ?? 5000;
    this.warmup = options.warmup ?? 0;
    this.stream = options.stream;
    checkArg('TestDataSpeed', Number.isInteger(this.size) && this.size > 0, `size must be a positive integer, got ${this.size}`);
    checkArg('TestDataSpeed', Number.isInteger(this.warmup) && this.warmup >= 0, `warmup must be a non-negative integer, got ${this.warmup}`);
  }

  get length(): Length {
    return this.upstream.length;
  }

  protected override iterate(): Iterator<T> {
    return DataFlow.iteratorOf(this.upstream);
  }

  protected override iterateAsync(signal: AbortSignal | undefined): AsyncIterator<T> {
    return DataFlow.asyncIteratorOf(this.upstream, signal);
  }

  private progress(): Progress {
    return new Progress({ label: this.upstream.flowName, total: this.size, ...(this.stream ? { stream: this.stream } : {}) });
  }

  private finish(progress: Progress): SpeedResult {
    const { count, seconds } = progress.stop();
    const result = { count, seconds, perSecond: count / seconds };
    (this.stream ?? process.stderr).write(`${this.upstream.flowName}: ${count} datapoints in ${seconds.toFixed(3)} s, ${result.perSecond.toFixed(1)} datapoints/s\n`);
    return result;
  }

  /** Times a synchronous flow. */
  start(): SpeedResult {
    if (!this.upstream.isSync) throw new DataFlowError(this.flowName, `${this.upstream.flowName} is asynchronous; use startAsync()`);
    this.resetState();
    const count = new SpeedCount(this.warmup + this.size, this.warmup, () => this.progress());
    for (let any = true; any && !count.done; ) {
      any = false;
      for (const _ of this) {
        any = true;
        if (count.tick()) break;
      }
    }
    return this.finish(count.progress ?? this.progress());
  }

  /** Times any flow (sync or async). */
  async startAsync(signal?: AbortSignal): Promise<SpeedResult> {
    this.resetState();
    const count = new SpeedCount(this.warmup + this.size, this.warmup, () => this.progress());
    for (let any = true; any && !count.done; ) {
      any = false;
      for await (const _ of this.iterAsync(signal ? { signal } : {})) {
        any = true;
        if (count.tick()) break;
      }
    }
    return this.finish(count.progress ?? this.progress());
  }
}

/** Counts datapoints across passes (a pass that yields nothing ends the count): the warm-up, then the timed ones. */
class SpeedCount {
  private seen = 0;
  progress: Progress | undefined;

  constructor(private readonly total: number, private readonly warmup: number, private readonly startProgress: () => Progress) {}

  get done(): boolean {
    return this.seen >= this.total;
  }

  /** One more datapoint; true when the count is complete. */
  tick(): boolean {
    if (++this.seen > this.warmup) (this.progress ??= this.startProgress()).tick();
    return this.done;
  }
}
