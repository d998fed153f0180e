// Client-side rate limiting (bottleneck) plus a shared "hold" that a 429 puts on the whole
// client: until the server's Retry-After has passed, no request leaves, whichever caller
// issued it.
import Bottleneck from 'bottleneck';
import { isResilienceError, ResilienceError } from './errors.js';
import { trackLimiter } from './upstreams.js';

export interface RateLimitOptions {
  /** Requests in flight at once; null = unlimited. */
  maxConcurrent?: number | null;
  /** Minimum gap between two request starts, in ms. */
  minTime?: number;
  /** Token bucket: tokens available at start; null = no bucket. */
  reservoir?: number | null;
  /** Every reservoirRefreshInterval ms the bucket is reset to reservoirRefreshAmount. */
  reservoirRefreshAmount?: number;
  reservoirRefreshInterval?: number;
  /** Hold after a 429 that names no wait (RFC 6585 lets servers omit Retry-After). */
  defaultHoldMs?: number;
}

export const DEFAULT_RATE_LIMIT: Readonly<Required<RateLimitOptions>> = Object.freeze({
  maxConcurrent: 10,
  minTime: 0,
  reservoir: null,
  reservoirRefreshAmount: 0,
  reservoirRefreshInterval: 0,
  defaultHoldMs: 1_000,
});

export interface RateLimiter {
  /** Runs `fn` when a token is free and no hold is in force. */
  schedule<T>(fn: () => Promise<T>): Promise<T>;
  /** Stops every request until `ms` from now (extends, never shortens, a current hold). */
  hold(ms: number): void;
  /** Milliseconds left on the current hold; 0 when none. */
  remainingHoldMs(): number;
  readonly defaultHoldMs: number;
  /** Requests waiting for a token or a hold's end, and requests sent and not yet answered. */
  load(): LimiterLoad;
  stop(): Promise<void>;
}

export interface LimiterLoad {
  queued: number;
  running: number;
}

/** `name` lists the limiter among the process's upstreams (its queue in every service's metrics). */
export function createRateLimiter(options: RateLimitOptions = {}, name?: string): RateLimiter {
  const opts = { ...DEFAULT_RATE_LIMIT, ...options };
  const refreshing = opts.reservoir !== null && opts.reservoirRefreshInterval > 0;
  if (refreshing && !(opts.reservoirRefreshAmount > 0)) {
    throw new ResilienceError('RESILIENCE_INVALID_OPTIONS', {
      detail: 'reservoirRefreshInterval needs reservoirRefreshAmount > 0',
    });
  }
  // The bucket refill is driven from here rather than by bottleneck's own
  // reservoirRefresh*: in bottleneck 2.19.5 any updateSettings() call (which the hold
  // needs) clears its refresh heartbeat for good, silently ending the refills.
  const limiter = new Bottleneck({
    maxConcurrent: opts.maxConcurrent,
    minTime: opts.minTime,
    reservoir: opts.reservoir,
  });
  const restoredReservoir = refreshing ? opts.reservoirRefreshAmount : opts.reservoir;

  let holdUntil = 0;
  let holdTimer: NodeJS.Timeout | undefined;
  let waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  let queued = 0;
  /** Jobs past the limiter and any hold, running their request. */
  let running = 0;
  let stopped = false;

  const refreshTimer = refreshing
    ? setInterval(() => {
        if (holdUntil === 0)
          void limiter.updateSettings({ reservoir: opts.reservoirRefreshAmount });
      }, opts.reservoirRefreshInterval)
    : undefined;
  refreshTimer?.unref();

  // The hold timer keeps the process alive only while someone is waiting on it, so a
  // CLI with a pending call does not exit mid-await, and an idle client held for hours
  // (OpenSky's daily quota) does not keep a process alive.
  const refHoldTimer = () => {
    if (!holdTimer) return;
    if (queued > 0 || waiters.length > 0) holdTimer.ref();
    else holdTimer.unref();
  };

  const release = () => {
    // Timers may fire a millisecond early by Date.now(); re-arm rather than let a
    // request out before the server's time.
    const left = holdUntil - Date.now();
    if (left > 0) {
      armHold(left);
      return;
    }
    holdUntil = 0;
    holdTimer = undefined;
    void limiter.updateSettings({ reservoir: restoredReservoir });
    const released = waiters;
    waiters = [];
    for (const w of released) w.resolve();
  };

  const armHold = (ms: number) => {
    if (holdTimer) clearTimeout(holdTimer);
    holdTimer = setTimeout(release, ms);
    refHoldTimer();
  };

  // A job bottleneck admitted just before the hold began may still be waiting out
  // minTime; this gate stops it too.
  const waitForRelease = (): Promise<void> => {
    if (stopped) return Promise.reject(new ResilienceError('RESILIENCE_CLIENT_CLOSED'));
    if (holdUntil === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      waiters.push({ resolve, reject });
      refHoldTimer();
    });
  };

  const remainingHoldMs = () => (holdUntil === 0 ? 0 : Math.max(0, holdUntil - Date.now()));
  // Jobs bottleneck started that wait on the hold are queued, not running.
  const load = () => ({ queued: queued + waiters.length, running });
  const untrack =
    name === undefined ? () => undefined : trackLimiter({ name, load, holdMs: remainingHoldMs });

  return {
    defaultHoldMs: opts.defaultHoldMs,
    async schedule<T>(fn: () => Promise<T>): Promise<T> {
      if (stopped) throw new ResilienceError('RESILIENCE_CLIENT_CLOSED');
      queued++;
      refHoldTimer();
      let started = false;
      const markStarted = () => {
        if (started) return;
        started = true;
        queued--;
        refHoldTimer();
      };
      try {
        return await limiter.schedule(async () => {
          markStarted();
          await waitForRelease();
          running++;
          try {
            return await fn();
          } finally {
            running--;
          }
        });
      } catch (err) {
        // bottleneck rejects jobs it dropped on stop() with its own error type.
        if (stopped && !isResilienceError(err)) {
          throw new ResilienceError('RESILIENCE_CLIENT_CLOSED', { cause: err });
        }
        throw err;
      } finally {
        markStarted();
      }
    },
    hold(ms) {
      const until = Date.now() + Math.max(0, ms);
      if (stopped || until <= holdUntil) return;
      holdUntil = until;
      // Reservoir 0 keeps queued jobs queued (not occupying concurrency slots) until
      // release() restores it.
      void limiter.updateSettings({ reservoir: 0 });
      armHold(ms);
    },
    remainingHoldMs,
    load,
    async stop() {
      if (stopped) return;
      stopped = true;
      untrack();
      if (refreshTimer) clearInterval(refreshTimer);
      if (holdTimer) clearTimeout(holdTimer);
      holdTimer = undefined;
      const rejected = waiters;
      waiters = [];
      for (const w of rejected) w.reject(new ResilienceError('RESILIENCE_CLIENT_CLOSED'));
      await limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
      await limiter.disconnect();
    },
  };
}

const OPENSKY_RETRY_HEADER = 'x-rate-limit-retry-after-seconds';

/**
 * How long a 429 asks us to wait, in ms, or undefined when it does not say. Reads
 * OpenSky's `X-Rate-Limit-Retry-After-Seconds` (OpenSky REST API docs, "Limitations")
 * and the standard `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date).
 * Header names must be lower-case, as fetch's Headers yields them.
 */
export function retryAfterMsFromHeaders(
  headers: Readonly<Record<string, string>>,
  nowMs: number = Date.now(),
): number | undefined {
  const opensky = headers[OPENSKY_RETRY_HEADER]?.trim();
  if (opensky && /^\d+(\.\d+)?$/.test(opensky)) return Math.ceil(Number(opensky) * 1000);
  const standard = headers['retry-after']?.trim();
  if (!standard) return undefined;
  if (/^\d+$/.test(standard)) return Number(standard) * 1000;
  // Date.parse accepts oddities like "-3" (a year); an HTTP-date always names a month.
  const at = /[a-z]{3}/i.test(standard) ? Date.parse(standard) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
