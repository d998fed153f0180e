import { CONSOLIDATION_JOB } from './consolidation.js';
import { OVERDUE_JOB } from './overdue.js';
import { nextDailyRun } from './periods.js';
import type { Job } from './scheduler.js';

export interface BillingSchedule {
  /** UTC time of day of the consolidation, `HH:MM` (CONSOLIDATION_AT). */
  consolidationAt: string;
  /** OVERDUE_INTERVAL, ms. */
  overdueIntervalMs: number;
}

/** Each run gets its instant and the scheduler's stop signal (which ends any wait in it). */
export interface BillingRuns {
  consolidate: (now: number, signal: AbortSignal) => Promise<unknown>;
  markOverdue: (now: number, signal: AbortSignal) => Promise<unknown>;
}

/**
 * The service's timed jobs. Consolidation runs once a day at `consolidationAt` UTC. The
 * overdue job runs on every multiple of its interval on the UTC clock (1 h: on the hour),
 * not an interval after start-up, so a writer restarted more often than that still runs it.
 */
export function billingJobs(schedule: BillingSchedule, runs: BillingRuns): Job[] {
  const [hour, minute] = schedule.consolidationAt.split(':').map(Number) as [number, number];
  const every = schedule.overdueIntervalMs;
  return [
    {
      name: CONSOLIDATION_JOB,
      next: (now) => nextDailyRun(now + 1, hour, minute),
      run: runs.consolidate,
    },
    {
      name: OVERDUE_JOB,
      next: (now) => (Math.floor(now / every) + 1) * every,
      run: runs.markOverdue,
    },
  ];
}
