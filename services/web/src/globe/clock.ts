/**
 * The globe's "now" in data time: the newest position fix seen, advanced by the wall
 * clock since it was seen (a replay's traffic lives at its own time, not the browser's).
 * It never steps back while live; time travel sets it and runs it at its own rate.
 */
export class DataClock {
  private base = 0;
  private at = 0;
  private rate = 1;

  constructor(private readonly wall: () => number = () => performance.now()) {}

  now(): number {
    if (this.base === 0) return 0;
    return this.base + (this.wall() - this.at) * this.rate;
  }

  /** A fix at `positionTime` was seen: the clock is at least there. */
  observe(positionTime: number): void {
    if (positionTime > this.now()) {
      this.base = positionTime;
      this.at = this.wall();
    }
  }

  /** Jumps to `time`, running at `rate` × real time from there (0: paused). */
  set(time: number, rate = 1): void {
    this.base = time;
    this.at = this.wall();
    this.rate = rate;
  }
}
