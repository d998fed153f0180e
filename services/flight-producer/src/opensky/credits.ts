// API credits: what a /states/all request costs and how many a day an account gets.
// Source for every number here: OpenSky REST API docs, "Limitations" and "API credit usage",
// https://openskynetwork.github.io/opensky-api/rest.html#limitations
import { OpenSkyError } from './errors.js';
import type { AccountType, BoundingBox } from './types.js';

/**
 * Credit bands by box area in square degrees (lat span × lon span, the docs' own example:
 * 10° × 5° = 50 sq deg). The docs give ranges "0–25", "25–100", "100–400", "over 400 or
 * all"; where a boundary value falls is not stated, so we read each upper bound as inclusive.
 * https://openskynetwork.github.io/opensky-api/rest.html#limitations
 */
const CREDIT_BANDS: readonly { maxAreaSqDeg: number; credits: number }[] = Object.freeze([
  { maxAreaSqDeg: 25, credits: 1 },
  { maxAreaSqDeg: 100, credits: 2 },
  { maxAreaSqDeg: 400, credits: 3 },
]);
/** A box over 400 sq deg, or no box at all (the whole world). Same source. */
const MAX_REQUEST_CREDITS = 4;

/**
 * Daily credits per account type, same source: anonymous 400, OpenSky user 4000, active
 * contributing user (receiver online ≥ 30 % of the current month) 8000.
 * https://openskynetwork.github.io/opensky-api/rest.html#limitations
 */
export const DAILY_CREDITS: Readonly<Record<AccountType, number>> = Object.freeze({
  anonymous: 400,
  standard: 4_000,
  feeder: 8_000,
});

/** Square degrees of a box; one that crosses the antimeridian wraps through 180°. */
export function bboxAreaSqDeg(bbox: BoundingBox): number {
  const lonSpan =
    bbox.lomax >= bbox.lomin ? bbox.lomax - bbox.lomin : 360 - (bbox.lomin - bbox.lomax);
  return (bbox.lamax - bbox.lamin) * lonSpan;
}

/** Credits one /states/all request for this box costs; null means no box (all states). */
export function creditCost(bbox: BoundingBox | null): number {
  if (bbox === null) return MAX_REQUEST_CREDITS;
  const area = bboxAreaSqDeg(bbox);
  for (const band of CREDIT_BANDS) if (area <= band.maxAreaSqDeg) return band.credits;
  return MAX_REQUEST_CREDITS;
}

const DAY_MS = 86_400_000;

/** Milliseconds from `nowMs` to the next 00:00 UTC. */
export function msToNextUtcDay(nowMs: number): number {
  return DAY_MS - (((nowMs % DAY_MS) + DAY_MS) % DAY_MS);
}

export interface CreditLedger {
  /**
   * Holds `cost` credits for a call about to go out, or throws
   * FLIGHT_PRODUCER_OPENSKY_CREDITS_EXHAUSTED.
   */
  reserve(cost: number): void;
  /** A reserved call succeeded: the credits are spent. `remaining` is X-Rate-Limit-Remaining. */
  commit(cost: number, remaining: number | undefined): void;
  /** A reserved call failed before the server charged it. */
  release(cost: number): void;
  /** The server said 429: nothing more until `retryAfterMs` from now. */
  exhaust(retryAfterMs: number, cause?: unknown): OpenSkyError;
  used(): number;
  left(): number | null;
}

/**
 * Our own accounting, corrected by the server whenever it speaks: X-Rate-Limit-Remaining
 * replaces our estimate. The docs say "per day" without naming the time zone; we reset at
 * 00:00 UTC, and a 429's X-Rate-Limit-Retry-After-Seconds overrides that guess.
 */
export function createCreditLedger(options: {
  accountType: AccountType;
  dailyCredits: number | null;
  now: () => number;
}): CreditLedger {
  const { accountType, dailyCredits, now } = options;
  let day = Math.floor(now() / DAY_MS);
  let usedToday = 0;
  let pending = 0;
  let serverRemaining: number | null = null;
  let blockedUntil = 0;

  const rollover = () => {
    const today = Math.floor(now() / DAY_MS);
    if (today === day) return;
    day = today;
    usedToday = 0;
    serverRemaining = null;
  };

  const left = (): number | null => {
    rollover();
    const base = serverRemaining ?? (dailyCredits === null ? null : dailyCredits - usedToday);
    return base === null ? null : Math.max(0, base - pending);
  };

  const exhausted = (retryAfterMs: number, detail: string, cause?: unknown) =>
    new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_CREDITS_EXHAUSTED', {
      detail: `${accountType} account: ${detail}`,
      retryAfterMs,
      ...(cause === undefined ? {} : { cause }),
    });

  return {
    reserve(cost) {
      const at = now();
      if (blockedUntil > at) {
        throw exhausted(blockedUntil - at, 'the server asked us to wait (HTTP 429)');
      }
      const available = left();
      if (available !== null && available < cost) {
        throw exhausted(
          msToNextUtcDay(at),
          `${available} credits left today, the request needs ${cost}`,
        );
      }
      pending += cost;
    },
    commit(cost, remaining) {
      rollover();
      pending = Math.max(0, pending - cost);
      usedToday += cost;
      if (remaining !== undefined) serverRemaining = remaining;
      else if (serverRemaining !== null) serverRemaining = Math.max(0, serverRemaining - cost);
    },
    release(cost) {
      pending = Math.max(0, pending - cost);
    },
    exhaust(retryAfterMs, cause) {
      blockedUntil = Math.max(blockedUntil, now() + retryAfterMs);
      serverRemaining = 0;
      return exhausted(retryAfterMs, 'the server answered 429 Too Many Requests', cause);
    },
    used: () => {
      rollover();
      return usedToday;
    },
    left,
  };
}
