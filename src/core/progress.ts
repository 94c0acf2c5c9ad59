import { SingleBar, Presets } from 'cli-progress';

export interface ProgressOptions {
  /** Label in front of the bar / lines. */
  readonly label: string;
  /** Expected total (null or Infinity: unknown). */
  readonly total: number | null;
  /** Where to draw; default process.stderr. */
  readonly stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when the stream is not a TTY. Default 10. */
  readonly lineInterval?: number;
}

/**
 * Progress for long loops: a live bar (cli-progress) when the stream is a TTY, else a plain line
 * every `lineInterval` seconds, so CI logs stay short. `tick(n)` costs a counter increment; the
 * drawing happens at most every 100 ms.
 */
export class Progress {
  private count = 0;
  private readonly start = performance.now();
  private lastDraw = this.start; // the first line comes one interval after the start, not at an age of the process
  private readonly bar: SingleBar | undefined;
  private readonly stream: NodeJS.WriteStream;
  private readonly lineMs: number;
  private readonly total: number | null;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.total = options.total !== null && Number.isFinite(options.total) ? options.total : null;
    this.lineMs = (options.lineInterval ?? 10) * 1000;
    if (this.stream.isTTY) {
      this.bar = new SingleBar({
        stream: this.stream,
        format: `${options.label} |{bar}| {value}/{total} {percentage}% {rate}/s eta {eta_formatted}`,
        hideCursor: true,
        fps: 10,
      }, Presets.shades_classic);
      this.bar.start(this.total ?? 0, 0, { rate: '0' });
    }
  }

  tick(n = 1): void {
    this.count += n;
    if ((this.count & 255) !== 0 && n === 1) return;
    const now = performance.now();
    if (now - this.lastDraw < (this.bar ? 100 : this.lineMs)) return;
    this.lastDraw = now;
    this.draw(now);
  }

  private draw(now: number): void {
    const rate = this.count / ((now - this.start) / 1000);
    if (this.bar) {
      if (this.total === null) this.bar.setTotal(this.count);
      this.bar.update(this.count, { rate: rate.toFixed(0) });
    } else {
      const of = this.total === null ? '' : `/${this.total}`;
      this.stream.write(`${this.options.label}: ${this.count}${of} (${rate.toFixed(0)}/s)\n`);
    }
  }

  /** Final draw; returns the count and the seconds since the start. */
  stop(): { count: number; seconds: number } {
    const now = performance.now();
    if (this.bar) {
      this.draw(now);
      this.bar.stop();
    }
    return { count: this.count, seconds: (now - this.start) / 1000 };
  }
}
