import { type LoggerLike, silentLogger } from '@overfly/kafka';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BillingRuns, billingJobs } from './jobs.js';
import { type Job, startScheduler } from './scheduler.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (at: number) => new Date(at).toISOString();

afterEach(() => {
  vi.useRealTimers();
});

/**
 * The service's jobs (billingJobs, as main.ts builds them) on a fake clock starting at
 * `start`, with runs that record the instant they were given; `work` runs inside each.
 */
function scheduleFrom(
  start: string,
  options: {
    consolidationAt?: string;
    overdueIntervalMs?: number;
    work?: (job: string, now: number, signal: AbortSignal) => Promise<void>;
    /** The wall clock the scheduler reads, from the timers' clock (a drifting host). */
    wallClock?: () => number;
    logger?: LoggerLike;
    onFailure?: (job: string, at: number, error: unknown) => Promise<void>;
  } = {},
) {
  vi.useFakeTimers({ now: Date.parse(start) });
  const runs: Record<'consolidation' | 'overdue', string[]> = { consolidation: [], overdue: [] };
  const record =
    (job: keyof typeof runs): BillingRuns['consolidate'] =>
    async (now, signal) => {
      runs[job].push(iso(now));
      await options.work?.(job, now, signal);
    };
  const scheduler = startScheduler(
    billingJobs(
      {
        consolidationAt: options.consolidationAt ?? '01:00',
        overdueIntervalMs: options.overdueIntervalMs ?? HOUR,
      },
      { consolidate: record('consolidation'), markOverdue: record('overdue') },
    ),
    {
      now: options.wallClock ?? Date.now,
      logger: options.logger ?? silentLogger,
      ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    },
  );
  return { runs, scheduler };
}

/** Every `step` from `first` (included) up to `until` (excluded), as ISO strings. */
function every(step: number, first: string, until: string): string[] {
  const out: string[] = [];
  for (let at = Date.parse(first); at < Date.parse(until); at += step) out.push(iso(at));
  return out;
}

describe('the billing scheduler', () => {
  it('consolidates at 01:00 UTC each day and marks overdue on every hour, never otherwise', async () => {
    const { runs, scheduler } = scheduleFrom('2025-03-31T22:10:00.000Z');
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(runs).toEqual({ consolidation: [], overdue: ['2025-03-31T23:00:00.000Z'] });
    await vi.advanceTimersByTimeAsync(3 * DAY - HOUR);
    expect(runs.consolidation).toEqual([
      '2025-04-01T01:00:00.000Z',
      '2025-04-02T01:00:00.000Z',
      '2025-04-03T01:00:00.000Z',
    ]);
    expect(runs.overdue).toEqual(
      every(HOUR, '2025-03-31T23:00:00.000Z', '2025-04-03T22:10:00.000Z'),
    );
    await scheduler.stop();
  });

  it('consolidates at the configured CONSOLIDATION_AT, the same day when it is still ahead', async () => {
    const { runs, scheduler } = scheduleFrom('2025-06-10T13:44:59.000Z', {
      consolidationAt: '13:45',
      overdueIntervalMs: 15 * MINUTE,
    });
    await vi.advanceTimersByTimeAsync(DAY + 2 * MINUTE);
    expect(runs.consolidation).toEqual(['2025-06-10T13:45:00.000Z', '2025-06-11T13:45:00.000Z']);
    expect(runs.overdue).toEqual(
      every(15 * MINUTE, '2025-06-10T13:45:00.000Z', '2025-06-11T13:47:00.000Z'),
    );
    await scheduler.stop();
  });

  it('runs the overdue job on the hour after a restart, not an hour after start-up', async () => {
    const first = scheduleFrom('2025-04-01T10:40:00.000Z');
    await vi.advanceTimersByTimeAsync(15 * MINUTE);
    await first.scheduler.stop();
    expect(first.runs.overdue).toEqual([]);
    // Restarted at 10:55: the 11:00 run is not put off to 11:55.
    const second = scheduleFrom('2025-04-01T10:55:00.000Z');
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(second.runs.overdue).toEqual(['2025-04-01T11:00:00.000Z']);
    await second.scheduler.stop();
  });

  it('after a run longer than the interval, goes on at the next hour: no drift, no burst', async () => {
    const { runs, scheduler } = scheduleFrom('2025-04-01T00:30:00.000Z', {
      work: (job) =>
        job === 'overdue'
          ? new Promise((resolve) => setTimeout(resolve, 90 * MINUTE))
          : Promise.resolve(),
    });
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(runs.overdue).toEqual([
      '2025-04-01T01:00:00.000Z',
      '2025-04-01T03:00:00.000Z',
      '2025-04-01T05:00:00.000Z',
    ]);
    expect(runs.consolidation).toEqual(['2025-04-01T01:00:00.000Z']);
    const stopping = scheduler.stop(); // waits for the run under way, on the fake clock
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    await stopping;
  });

  it('never runs a job before its instant nor twice for one, when timers wake early', async () => {
    // The host's wall clock runs 0.1 % slower than the clock the timers keep (NTP slewing
    // it back, say): a timer set for 01:00 wakes when the wall clock still reads 00:59:58.
    const t0 = Date.parse('2025-04-01T00:30:00.000Z');
    const { runs, scheduler } = scheduleFrom(iso(t0), {
      wallClock: () => t0 + Math.floor((Date.now() - t0) * 0.999),
    });
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(runs.consolidation).toEqual(['2025-04-01T01:00:00.000Z', '2025-04-02T01:00:00.000Z']);
    // Two days of the timers' clock are 2 d − 2 min 52.8 s of the wall clock's.
    expect(runs.overdue).toEqual(
      every(HOUR, '2025-04-01T01:00:00.000Z', '2025-04-03T00:27:07.200Z'),
    );
    await scheduler.stop();
  });

  it('waits past setTimeout’s 24.8-day limit and runs a far job once, on its instant', async () => {
    vi.useFakeTimers({ now: Date.parse('2025-01-01T00:00:00.000Z') });
    const due = Date.parse('2025-02-15T00:00:00.000Z');
    const at: string[] = [];
    const monthly: Job = {
      name: 'far',
      next: (now) => (now < due ? due : Number.POSITIVE_INFINITY),
      run: async (now) => {
        at.push(iso(now));
      },
    };
    const scheduler = startScheduler([monthly], { now: Date.now, logger: silentLogger });
    await vi.advanceTimersByTimeAsync(60 * DAY);
    expect(at).toEqual(['2025-02-15T00:00:00.000Z']);
    await scheduler.stop();
  });

  it('logs and records a failed run, and runs the job again at its next instant', async () => {
    const logger = { ...silentLogger, error: vi.fn(), info: vi.fn() };
    const recorded: Array<{ job: string; at: string; error: string }> = [];
    let failures = 2;
    const { runs, scheduler } = scheduleFrom('2025-04-01T00:30:00.000Z', {
      logger,
      work: async (job) => {
        if (job === 'overdue' && failures-- > 0) throw new Error('database unavailable');
      },
      onFailure: async (job, at, error) => {
        recorded.push({ job, at: iso(at), error: String(error) });
        // The first failure cannot be recorded either: logged, and the scheduler goes on.
        if (recorded.length === 1) throw new Error('still unavailable');
      },
    });
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(runs.overdue).toEqual([
      '2025-04-01T01:00:00.000Z',
      '2025-04-01T02:00:00.000Z',
      '2025-04-01T03:00:00.000Z',
    ]);
    expect(recorded).toEqual([
      { job: 'overdue', at: '2025-04-01T01:00:00.000Z', error: 'Error: database unavailable' },
      { job: 'overdue', at: '2025-04-01T02:00:00.000Z', error: 'Error: database unavailable' },
    ]);
    expect(logger.error.mock.calls).toEqual([
      [
        {
          job: 'overdue',
          at: Date.parse('2025-04-01T01:00:00.000Z'),
          error: 'Error: database unavailable',
        },
        'scheduled job failed',
      ],
      [
        {
          job: 'overdue',
          at: Date.parse('2025-04-01T01:00:00.000Z'),
          error: 'Error: still unavailable',
        },
        'failed run not recorded',
      ],
      [
        {
          job: 'overdue',
          at: Date.parse('2025-04-01T02:00:00.000Z'),
          error: 'Error: database unavailable',
        },
        'scheduled job failed',
      ],
    ]);
    // The other job was never held up.
    expect(runs.consolidation).toEqual(['2025-04-01T01:00:00.000Z']);
    await scheduler.stop();
  });

  it('stop() cancels every pending timer: nothing runs after it', async () => {
    const { runs, scheduler } = scheduleFrom('2025-04-01T00:30:00.000Z');
    expect(vi.getTimerCount()).toBe(2);
    await scheduler.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(runs).toEqual({ consolidation: [], overdue: [] });
  });

  it('stop() waits for a run under way and arms nothing after it', async () => {
    let finish = () => {};
    const { runs, scheduler } = scheduleFrom('2025-04-01T00:30:00.000Z', {
      work: (job) =>
        job === 'consolidation'
          ? new Promise<void>((resolve) => {
              finish = resolve;
            })
          : Promise.resolve(),
    });
    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    expect(runs.consolidation).toEqual(['2025-04-01T01:00:00.000Z']);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(runs.consolidation).toEqual(['2025-04-01T01:00:00.000Z']);
    expect(runs.overdue).toEqual(['2025-04-01T01:00:00.000Z']);
  });

  it('stop() ends a run waiting for its database: logged as left, not failed nor recorded', async () => {
    const logged: Array<[string, string]> = [];
    const logger: LoggerLike = {
      ...silentLogger,
      warn: (_, msg) => logged.push(['warn', msg ?? '']),
      error: (_, msg) => logged.push(['error', msg ?? '']),
    };
    const recorded: string[] = [];
    const { runs, scheduler } = scheduleFrom('2025-04-01T00:30:00.000Z', {
      logger,
      onFailure: async (job) => void recorded.push(job),
      // What main.ts's untilAvailable does while PostgreSQL is away: wait until it answers
      // or the signal says stop.
      work: (job, _, signal) =>
        job === 'consolidation'
          ? new Promise<void>((_, reject) => {
              signal.addEventListener('abort', () => reject(new Error('DB_UNAVAILABLE')));
            })
          : Promise.resolve(),
    });
    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    expect(runs.consolidation).toEqual(['2025-04-01T01:00:00.000Z']);
    await scheduler.stop();
    expect(recorded).toEqual([]);
    expect(logged).toEqual([['warn', 'scheduled job left at stop']]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
