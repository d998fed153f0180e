/** How times and durations read in the reasoning: UTC, to the minute. */

const MINUTE_MS = 60_000;

/** `2024-09-17 14:05Z`. */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** `3 h 05 min`, `-0 h 20 min` for early; whole minutes, rounded toward zero. */
export function hm(ms: number): string {
  const minutes = wholeMinutes(Math.abs(ms));
  const sign = ms < 0 && minutes > 0 ? '-' : '';
  return `${sign}${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Whole minutes of a duration, rounded toward zero (2 h 59 min 59 s is 179): never -0. */
export function wholeMinutes(ms: number): number {
  return Math.trunc(ms / MINUTE_MS) + 0;
}

/** `€400.00` from minor units. */
export function eur(amountMinor: number): string {
  return `€${(amountMinor / 100).toFixed(2)}`;
}
