export type Cycle = 'WEEKLY' | 'MONTHLY';

export interface Period {
  cycle: Cycle;
  /** Inclusive, 00:00 UTC of the first day (epoch ms). */
  start: number;
  /** Exclusive, 00:00 UTC of the day after the last day (epoch ms). */
  end: number;
}

const DAY = 86_400_000;

/** The period of `cycle` containing instant `at`; weeks start on Monday (ISO 8601). */
function periodContaining(cycle: Cycle, at: number): Period {
  const d = new Date(at);
  if (cycle === 'MONTHLY') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return { cycle, start, end };
  }
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  const start = midnight - sinceMonday * DAY;
  return { cycle, start, end: start + 7 * DAY };
}

/** The latest period of `cycle` that has fully ended at `now`. */
export function lastEndedPeriod(cycle: Cycle, now: number): Period {
  const current = periodContaining(cycle, now);
  return periodContaining(cycle, current.start - 1);
}

/** Next instant at or after `now` whose UTC time of day is `hour:minute`. */
export function nextDailyRun(now: number, hour: number, minute: number): number {
  const d = new Date(now);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, minute);
  return today >= now ? today : today + DAY;
}

/** 'YYYY-MM-DD' of an epoch-ms instant, UTC. */
export function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 (Avro `date`) of a 'YYYY-MM-DD' string. */
export function epochDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
}
