import type { CorrelatorChannel } from '@overfly/schemas';
import { compareText } from './inputs.js';

interface Channel {
  /** Latest event time seen on it; null before its first input. */
  max: number | null;
  idle: boolean;
}

/**
 * The event-time watermark over the input partitions ("channels"): the least, over the
 * channels that are not idle, of the latest event time each has delivered, less the
 * allowed lateness. A channel registered but silent so far holds it back (it may still
 * deliver something early); an idle channel (the service's call: nothing delivered for a
 * while, its backlog read) does not, until it delivers again. When every channel is idle,
 * the watermark is the latest event time seen less the lateness, so a finished input still
 * closes its last windows. The watermark never goes back.
 */
export class Watermarks {
  readonly #channels = new Map<string, Channel>();
  #current: number | null = null;
  #latest: number | null = null;

  /** A channel that will deliver: it holds the watermark until it does, or goes idle. */
  register(channel: string): void {
    const c = this.#channels.get(channel);
    if (c) c.idle = false;
    else this.#channels.set(channel, { max: null, idle: false });
  }

  observe(channel: string, eventTime: number): void {
    const c = this.#channels.get(channel);
    if (c) {
      c.idle = false;
      if (c.max === null || eventTime > c.max) c.max = eventTime;
    } else {
      this.#channels.set(channel, { max: eventTime, idle: false });
    }
    if (this.#latest === null || eventTime > this.#latest) this.#latest = eventTime;
  }

  setIdle(channel: string, idle: boolean): void {
    const c = this.#channels.get(channel);
    if (c) c.idle = idle;
  }

  /** The latest event time any channel delivered. */
  get latest(): number | null {
    return this.#latest;
  }

  /** The watermark as of the last `compute`. */
  get current(): number | null {
    return this.#current;
  }

  compute(allowedLatenessMs: number): number | null {
    let least = Infinity;
    let active = false;
    for (const c of this.#channels.values()) {
      if (c.idle) continue;
      active = true;
      if (c.max === null) return this.#current;
      if (c.max < least) least = c.max;
    }
    const candidate = active
      ? least - allowedLatenessMs
      : this.#latest === null
        ? null
        : this.#latest - allowedLatenessMs;
    if (candidate !== null && (this.#current === null || candidate > this.#current))
      this.#current = candidate;
    return this.#current;
  }

  export(): CorrelatorChannel[] {
    return [...this.#channels.entries()]
      .filter(([, c]) => c.max !== null)
      .sort(([a], [b]) => compareText(a, b))
      .map(([channel, c]) => ({ channel, maxEventTime: c.max as number }));
  }

  import(channels: readonly CorrelatorChannel[]): void {
    for (const { channel, maxEventTime } of channels) this.observe(channel, maxEventTime);
  }
}
