export interface RetrySchedule {
  /** Attempts in all before a transiently failing delivery is dead-lettered. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  maxAttempts: 8,
  baseMs: 2_000,
  capMs: 600_000,
};

/**
 * When attempt `attempts + 1` may go: exponential backoff with "equal jitter" (half fixed,
 * half random, so retries of one outage spread out but never come right back), and never
 * before the server's Retry-After. A whole number of milliseconds.
 */
export function retryAt(
  now: number,
  attempts: number,
  schedule: RetrySchedule,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(schedule.capMs, schedule.baseMs * 2 ** Math.max(0, attempts - 1));
  const delay = ceiling / 2 + (random() * ceiling) / 2;
  // Whole milliseconds: the ledger keeps times as bigint, and a fraction there fails the mark.
  return Math.ceil(now + Math.max(delay, retryAfterMs ?? 0));
}
