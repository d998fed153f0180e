import type { LoggerLike } from '@overfly/kafka';

export interface Job {
  name: string;
  /** Next instant (epoch ms) the job is due, strictly after `now`. */
  next: (now: number) => number;
  /** `signal` aborts when the scheduler stops: a run waiting (for its database) ends then. */
  run: (now: number, signal: AbortSignal) => Promise<unknown>;
}

export interface SchedulerOptions {
  /** The wall clock the jobs' instants are read on. */
  now: () => number;
  logger: LoggerLike;
  /** Told of a run that threw, after it is logged: the service records it as a failed run. */
  onFailure?: (job: string, at: number, error: unknown) => Promise<void>;
}

/**
 * Timers wait at most this long before the wall clock is read again: a wait of days (a
 * monthly job) is not cut short by setTimeout's 2^31-1 ms limit, and a clock that moved
 * (NTP, a suspended host) is noticed within a minute.
 */
const MAX_WAIT_MS = 60_000;

/**
 * Runs each job at its next due instant, by the injected clock, never before it: a timer
 * that wakes early waits again. After a run, succeeded or failed (logged and handed to
 * `onFailure`), the job is due at its next instant after the run's due instant and the
 * present, so a long run is not followed by a burst of missed ones. Exclusion between
 * instances is the jobs' own advisory locks, so every instance may run the scheduler.
 */
export function startScheduler(
  jobs: readonly Job[],
  options: SchedulerOptions,
): { stop(): Promise<void> } {
  const { now, logger } = options;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  const stopping = new AbortController();

  const runOnce = async (job: Job) => {
    const at = now();
    try {
      const result = await job.run(at, stopping.signal);
      logger.info({ job: job.name, result }, 'scheduled job done');
    } catch (error) {
      if (stopping.signal.aborted) {
        // Cut short by the stop while it waited: nothing of it failed, it runs next time.
        logger.warn({ job: job.name, at, error: String(error) }, 'scheduled job left at stop');
        return;
      }
      logger.error({ job: job.name, at, error: String(error) }, 'scheduled job failed');
      try {
        await options.onFailure?.(job.name, at, error);
      } catch (notRecorded) {
        logger.error({ job: job.name, at, error: String(notRecorded) }, 'failed run not recorded');
      }
    }
  };

  const arm = (job: Job, due: number) => {
    if (stopped) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (stopped) return;
        if (now() < due) return arm(job, due);
        const running = runOnce(job).finally(() => {
          inFlight.delete(running);
          arm(job, job.next(Math.max(now(), due)));
        });
        inFlight.add(running);
      },
      Math.min(Math.max(0, due - now()), MAX_WAIT_MS),
    );
    timers.add(timer);
  };

  for (const job of jobs) arm(job, job.next(now()));
  return {
    /** Cancels every pending timer and waits for the runs under way; nothing runs after. */
    async stop() {
      stopped = true;
      stopping.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all(inFlight);
    },
  };
}
