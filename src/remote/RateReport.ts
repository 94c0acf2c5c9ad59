/** How fast a sender has been going: reported every `reportEvery` ms and once at the end. */
export interface RateReport {
  /** Datapoints sent since the start. */
  readonly sent: number;
  /** Seconds since the start. */
  readonly seconds: number;
  /** Datapoints per second over the last interval (over the whole run in the final report). */
  readonly perSecond: number;
  /** True for the report made when the sender stops. */
  readonly final: boolean;
}

/** Keeps the clock for periodic rate reports; `tick(sent)` is cheap enough to call per datapoint. */
export class RateMeter {
  private readonly start = performance.now();
  private lastTime = this.start;
  private lastSent = 0;

  constructor(
    private readonly everyMs: number,
    private readonly report: (r: RateReport) => void,
  ) {}

  tick(sent: number): void {
    const now = performance.now();
    if (now - this.lastTime < this.everyMs) return;
    this.report({ sent, seconds: (now - this.start) / 1000, perSecond: ((sent - this.lastSent) * 1000) / (now - this.lastTime), final: false });
    this.lastTime = now;
    this.lastSent = sent;
  }

  finish(sent: number): RateReport {
    const seconds = (performance.now() - this.start) / 1000;
    const r = { sent, seconds, perSecond: seconds > 0 ? sent / seconds : 0, final: true };
    this.report(r);
    return r;
  }
}

/** The default reporter: one line on stderr, like tensorpack's progress bar postfix. */
export function logRate(label: string): (r: RateReport) => void {
  return (r) => console.error(`${label}: ${r.sent} datapoints sent in ${r.seconds.toFixed(1)} s, ${r.perSecond.toFixed(1)}/s${r.final ? ' (done)' : ''}`);
}
