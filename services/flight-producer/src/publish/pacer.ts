export type ReplaySpeed = number | 'max';

/** The wall clock, injected so pacing is tested without waiting. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface PacerOptions {
  speed: ReplaySpeed;
  /**
   * Event-time gaps longer than this are played as this long (a month-long sample with
   * days between flights still plays); null plays gaps as they are. Positions keep their
   * true times: only the waiting is shortened.
   */
  maxGapMs: number | null;
  /**
   * Event time `event` plays at wall time `wall`, instead of the first position playing at
   * once: a scenario.control START runs its day on the command's clock, the one ops-feed
   * serves it at.
   */
  anchor?: { wall: number; event: number };
  /**
   * A position is never played more than this far ahead of the wall clock: once the event
   * time gets there (a re-timed recording looped at 60×), it waits, so the replay goes on at
   * real time instead of running further ahead. fee-calculator refuses crossings more than
   * 24 h ahead (packages/charges validate-crossing.ts). null: no limit. Recordings replayed
   * with their own (past) times are never held by it.
   */
  maxLeadMs?: number | null;
}

export interface Pacer {
  /** How long to wait before the position at event time `t` is due (0: now). */
  delayFor(t: number, wallNow: number): number;
  /** Anchors the next position at "now" (a new file starts playing at once). */
  reset(): void;
}

/**
 * Maps event time to wall time: the first position plays at once, and one at event time
 * t plays (t - t0) / speed later. A position earlier than one already played (a file not
 * in time order) is due at once rather than waited for. `max` never waits.
 */
export function createPacer(options: PacerOptions): Pacer {
  const paced = createSpeedPacer(options);
  const { maxLeadMs } = options;
  if (maxLeadMs === undefined || maxLeadMs === null) return paced;
  return {
    delayFor: (t, wallNow) => Math.max(paced.delayFor(t, wallNow), t - maxLeadMs - wallNow),
    reset: () => paced.reset(),
  };
}

function createSpeedPacer(options: PacerOptions): Pacer {
  let anchor: { wall: number; event: number } | null = null;
  let latest = Number.NEGATIVE_INFINITY;
  return {
    delayFor(t, wallNow) {
      if (options.speed === 'max') return 0;
      if (anchor === null && options.anchor) {
        anchor = { ...options.anchor };
        latest = t;
      }
      if (anchor === null) {
        anchor = { wall: wallNow, event: t };
        latest = t;
        return 0;
      }
      if (options.maxGapMs !== null && t - latest > options.maxGapMs) {
        anchor.event += t - latest - options.maxGapMs;
      }
      latest = Math.max(latest, t);
      const due = anchor.wall + (t - anchor.event) / options.speed;
      return Math.max(0, due - wallNow);
    },
    reset() {
      anchor = null;
      latest = Number.NEGATIVE_INFINITY;
    },
  };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};
