import type { LoggerLike } from '@overfly/kafka';

export interface Job {
  name: string;
  /** Next instant (epoch ms) the job is due, after `now`. */
  next: (now: number) => number;
  run: (now: number) => Promise<unknown>;
}

/**
 * Runs each job at its next due instant, by the injected clock; a failing run is logged
 * and the job is scheduled again. Exclusion between instances is the jobs' own advisory
 * locks, so every instance may run the scheduler.
 */
export function startScheduler(
  jobs: readonly Job[],
  options: { now: () => number; logger: LoggerLike },
): { stop(): Promise<void> } {
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  const arm = (job: Job) => {
    if (stopped) return;
    const delay = Math.max(0, job.next(options.now()) - options.now());
    // setTimeout's limit is 2^31-1 ms (≈ 24.8 days); a monthly wait re-arms in steps.
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (delay > 2_000_000_000) return arm(job);
        const running = job
          .run(options.now())
          .then((result) => options.logger.info({ job: job.name, result }, 'scheduled job done'))
          .catch((error: unknown) =>
            options.logger.error({ job: job.name, error: String(error) }, 'scheduled job failed'),
          )
          .finally(() => {
            inFlight.delete(running);
            arm(job);
          });
        inFlight.add(running);
      },
      Math.min(delay, 2_000_000_000),
    );
    timers.add(timer);
  };
  for (const job of jobs) arm(job);
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(inFlight);
    },
  };
}
