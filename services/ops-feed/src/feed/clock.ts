// The time ops-feed works in. Live: the wall clock. Mock: the scenario's simulated clock,
// sim = scenario start + (wall − startedAt) × speed, which the mock server serves the day at
// and the poll intervals run in (a 5-minute weather poll is 30 s of wall time at 10×).
// flight-producer's simulate mode computes the same from SIMULATE_START and SIMULATE_SPEED.
import { setTimeout as sleep } from 'node:timers/promises';

export interface FeedClock {
  now(): number;
  /** Waits `ms` of this clock's time; resolves early (never rejects) when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const wait = async (wallMs: number, signal: AbortSignal) => {
  if (signal.aborted || wallMs <= 0) return;
  await sleep(wallMs, undefined, { signal }).catch(() => undefined);
};

export const wallClock: FeedClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => wait(ms, signal),
};

export function scenarioClock(options: {
  scenarioStart: number;
  speed: number;
  startedAt?: number;
  wallNow?: () => number;
}): FeedClock {
  const wallNow = options.wallNow ?? Date.now;
  const startedAt = options.startedAt ?? wallNow();
  return {
    now: () => Math.floor(options.scenarioStart + (wallNow() - startedAt) * options.speed),
    sleep: (ms, signal) => wait(ms / options.speed, signal),
  };
}

/** A clock that moves only when told (ops-feed at speed max: poll after poll, no wait). */
export interface SteppedClock extends FeedClock {
  set(t: number): void;
}

export function steppedClock(start: number): SteppedClock {
  let now = start;
  return {
    now: () => now,
    // Nothing waits in stepped time; the caller moves the clock on.
    sleep: async () => {},
    set(t) {
      now = Math.max(now, t);
    },
  };
}
