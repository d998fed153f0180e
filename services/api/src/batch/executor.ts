import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseUnavailable, type Pool } from '@overfly/db';
import type { LoggerLike } from '@overfly/kafka';
import { type BatchOperation, ItemError, type OperationName } from './operation.js';
import {
  claimJob,
  finishJob,
  type ItemOutcome,
  type JobRow,
  recordChunk,
  releaseJob,
  renewLease,
  setTotal,
} from './store.js';

export interface ExecutorOptions {
  pool: Pool;
  operations: Readonly<Record<OperationName, BatchOperation>>;
  /** This process's name in `batch_jobs.worker`. */
  worker: string;
  leaseMs: number;
  /** How often to look for work when there is none (a command wakes it sooner). */
  pollMs: number;
  logger: LoggerLike;
  /** After every chunk and at each state change; a failure is logged, never fatal. */
  report: (job: JobRow) => Promise<void>;
  now?: () => number;
  /** Delay before retry `attempt` (1-based) of an item. */
  retryDelayMs?: (attempt: number) => number;
}

export interface Executor {
  /** Looks for work now (a START command came). */
  wake(): void;
  /** Ends the current chunk, hands its job back, and stops. */
  stop(): Promise<void>;
}

/**
 * Runs batch jobs one at a time: claims the most urgent (or one whose worker died: its
 * lease ran out), goes through its items in the operation's order in chunks of its batch
 * size, records each chunk (items, counters, cursor) in one transaction, and resumes from
 * the cursor when claimed again. An item recorded once is never recorded again; an item of
 * a chunk cut short by a kill is done again and recorded once. PostgreSQL away pauses the
 * job, never fails it.
 */
export function startExecutor(o: ExecutorOptions): Executor {
  const now = o.now ?? Date.now;
  const retryDelay = o.retryDelayMs ?? ((attempt: number) => Math.min(5_000, 100 * 2 ** attempt));
  const stopping = new AbortController();
  let wakeUp: (() => void) | null = null;

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        stopping.signal.removeEventListener('abort', done);
        resolve();
      }
      wakeUp = done;
      stopping.signal.addEventListener('abort', done);
    });

  const report = async (job: JobRow | null) => {
    if (!job) return;
    await o
      .report(job)
      .catch((error: unknown) =>
        o.logger.warn({ jobId: job.job_id, error: String(error) }, 'progress not published'),
      );
  };

  const runItem = async (op: BatchOperation, job: JobRow, key: string): Promise<ItemOutcome> => {
    const started = performance.now();
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        const result = await op.run(o.pool, job.filters, key);
        return outcome(key, attempts, started, { output: result.output, quality: result.quality });
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error; // the chunk waits for PostgreSQL
        if (error instanceof ItemError)
          return outcome(key, attempts, started, {
            category: error.category,
            error: error.message,
          });
        if (attempts > job.retry_attempts)
          return outcome(key, attempts, started, { category: 'internal', error: String(error) });
        await sleep(retryDelay(attempts));
      }
    }
  };

  const outcome = (
    key: string,
    attempts: number,
    started: number,
    r: { output?: unknown; quality?: number | undefined; category?: string; error?: string },
  ): ItemOutcome => ({
    key,
    status: r.category === undefined ? 'SUCCEEDED' : 'FAILED',
    attempts,
    durationMs: performance.now() - started,
    errorCategory: r.category ?? null,
    error: r.error ?? null,
    quality: r.quality ?? null,
    output: r.output ?? null,
    finishedAt: now(),
  });

  /** One job from its cursor to its end, a cancel, a stop, or the loss of its lease. */
  const runJob = async (job: JobRow) => {
    const op = o.operations[job.operation];
    const log = o.logger;
    if (job.total === null) {
      const total = await op.count(o.pool, job.filters);
      await setTotal(o.pool, job.job_id, total);
      job.total = total === null ? null : String(total);
    }
    await report(job);
    let cursor = job.cursor;
    for (;;) {
      if (stopping.signal.aborted) {
        await releaseJob(o.pool, job.job_id, o.worker);
        return;
      }
      const lease = await renewLease(o.pool, job.job_id, o.worker, now() + o.leaseMs);
      if (!lease.held) {
        log.warn({ jobId: job.job_id }, 'lease lost to another worker; leaving the job to it');
        return;
      }
      if (lease.cancelRequested) {
        await report(
          await finishJob(
            o.pool,
            job.job_id,
            o.worker,
            'CANCELLED',
            `cancelled after ${job.processed} items`,
            now(),
          ),
        );
        return;
      }
      const keys = await op.keys(o.pool, job.filters, cursor, job.batch_size);
      if (keys.length === 0) {
        const failed = Number(job.failed);
        await report(
          await finishJob(
            o.pool,
            job.job_id,
            o.worker,
            'SUCCEEDED',
            `${job.processed} items, ${failed} failed`,
            now(),
          ),
        );
        return;
      }
      const items: ItemOutcome[] = [];
      for (const key of keys) items.push(await runItem(op, job, key));
      const last = keys[keys.length - 1] as string;
      const recorded = await recordChunk(
        o.pool,
        job.job_id,
        o.worker,
        items,
        last,
        now() + o.leaseMs,
        now(),
      );
      if (!recorded) {
        log.warn({ jobId: job.job_id }, 'lease lost to another worker; leaving the job to it');
        return;
      }
      cursor = last;
      job.processed = String(recorded.processed);
      job.failed = String(recorded.failed);
      job.cursor = last;
      job.updated_at = String(now());
      await report(job);
    }
  };

  const loop = async () => {
    /** A job held while PostgreSQL was away: taken up again as soon as it answers. */
    let held: JobRow | null = null;
    while (!stopping.signal.aborted) {
      let job: JobRow | null = held;
      held = null;
      try {
        if (!job) {
          job = await claimJob(o.pool, o.worker, now(), o.leaseMs);
          if (!job) {
            await idle(o.pollMs);
            continue;
          }
          o.logger.info(
            { jobId: job.job_id, operation: job.operation, cursor: job.cursor },
            job.cursor === null ? 'job started' : 'job resumed',
          );
        }
        await runJob(job);
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          o.logger.warn({ jobId: job?.job_id }, 'PostgreSQL away; the job waits for it');
          held = job;
          await idle(o.pollMs);
          continue;
        }
        o.logger.error({ jobId: job?.job_id, error: String(error) }, 'job failed');
        if (job)
          await report(
            await finishJob(o.pool, job.job_id, o.worker, 'FAILED', String(error), now()).catch(
              () => null,
            ),
          );
      }
    }
  };

  const running = loop();
  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
