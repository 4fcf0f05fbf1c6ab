/**
 * Leading-and-trailing throttle: the first request runs at once, later ones at most once per
 * interval, and a request inside the interval runs at its end, so the newest state is always
 * shown, at most one interval late. Serves the legend while rows stream in (chart/view.ts) and
 * crosshair events to Python (chart/events.ts).
 */
export class Throttled {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number,
  ) {}

  request(): void {
    if (this.timer !== undefined) return;
    const wait = this.last + this.intervalMs - performance.now();
    if (wait <= 0) return this.runNow();
    this.timer = setTimeout(() => this.runNow(), wait);
  }

  /** The work was done some other way (a crosshair move showed the legend): pending requests are covered. */
  done(): void {
    this.cancel();
    this.last = performance.now();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private runNow(): void {
    this.timer = undefined;
    this.last = performance.now();
    this.run();
  }
}
