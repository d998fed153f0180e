import type { Pool, Queryable } from '@overfly/db';

export type FailureCategory =
  | 'fetch'
  | 'processing'
  | 'invoice_creation'
  | 'validation'
  | 'unknown';

export interface RunSummary {
  runId: string;
  job: string;
  startedAt: number;
  finishedAt: number | null;
  status: 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
  processed: number;
  failed: number;
  failures: Partial<Record<FailureCategory, number>>;
}

/** One scheduler or batch run, recorded as it goes so a crash leaves a RUNNING row behind. */
export class ProcessingRun {
  processed = 0;
  failed = 0;

  private constructor(
    private readonly db: Queryable,
    readonly runId: string,
    readonly job: string,
  ) {}

  static async start(db: Queryable, job: string, now: number): Promise<ProcessingRun> {
    const { rows } = await db.query<{ run_id: string }>(
      `INSERT INTO processing_runs (job, started_at, status) VALUES ($1, to_timestamp($2 / 1000.0), 'RUNNING')
       RETURNING run_id`,
      [job, now],
    );
    return new ProcessingRun(db, rows[0]!.run_id, job);
  }

  /** A failed item; a later run that processes the same key marks it retried. */
  async fail(itemKey: string, category: FailureCategory, error: unknown): Promise<void> {
    this.failed++;
    await this.db.query(
      `INSERT INTO processing_failures (run_id, item_key, category, message) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [this.runId, itemKey, category, error instanceof Error ? error.message : String(error)],
    );
  }

  async succeeded(itemKey: string): Promise<void> {
    this.processed++;
    await this.markRetried(itemKey);
  }

  /** A run that got to its end also retries the earlier runs of its job that failed whole. */
  async finish(now: number): Promise<void> {
    const status = this.failed === 0 ? 'SUCCEEDED' : this.processed === 0 ? 'FAILED' : 'PARTIAL';
    await this.db.query(
      `UPDATE processing_runs SET finished_at = to_timestamp($2 / 1000.0), status = $3,
              processed = $4, failed = $5 WHERE run_id = $1`,
      [this.runId, now, status, this.processed, this.failed],
    );
    if (status !== 'FAILED') await this.markRetried(this.job);
  }

  private async markRetried(itemKey: string): Promise<void> {
    await this.db.query(
      `UPDATE processing_failures SET retried_by = $1
        WHERE item_key = $2 AND retried_by IS NULL AND run_id <> $1`,
      [this.runId, itemKey],
    );
  }
}

/**
 * Runs of `job` still RUNNING when its lock is taken again were cut short: their process
 * died, or their database connection (and with it the lock) was lost mid-run. Only the
 * lock's holder may call this. Each is closed as FAILED with one `unknown` failure keyed
 * by the job's name, which the caller's run marks retried when it gets to its end. Returns
 * how many were closed. Their `finished_at` is when they were found.
 */
export async function closeAbandonedRuns(db: Queryable, job: string): Promise<number> {
  // Closed when found, by the database's clock: the caller's `now` may be a back-billing date.
  const { rows } = await db.query<{ run_id: string }>(
    `UPDATE processing_runs SET status = 'FAILED', finished_at = now()
      WHERE job = $1 AND status = 'RUNNING' RETURNING run_id`,
    [job],
  );
  for (const { run_id } of rows)
    await db.query(
      `INSERT INTO processing_failures (run_id, item_key, category, message)
       VALUES ($1, $2, 'unknown', 'cut short before its end: the process stopped or lost its database connection')
       ON CONFLICT DO NOTHING`,
      [run_id, job],
    );
  return rows.length;
}

/**
 * A scheduled run that threw as a whole — its transaction rolled back, the database went
 * away — could not record itself: it is recorded afterwards as a FAILED run, its one
 * failure keyed by the job's name, which the job's next run that gets to its end retries.
 */
export async function recordFailedRun(
  db: Queryable,
  job: string,
  at: number,
  error: unknown,
  now: number,
): Promise<void> {
  const run = await ProcessingRun.start(db, job, at);
  await run.fail(job, 'unknown', error);
  await run.finish(now);
}

/** Recent runs of a job (all jobs when null), newest first, with failures by category. */
export async function listRuns(pool: Pool, job: string | null, limit = 50): Promise<RunSummary[]> {
  const { rows } = await pool.query<{
    run_id: string;
    job: string;
    started_at: number;
    finished_at: number | null;
    status: RunSummary['status'];
    processed: number;
    failed: number;
    failures: Partial<Record<FailureCategory, number>> | null;
  }>(
    `SELECT r.run_id, r.job, r.status, r.processed, r.failed,
            (extract(epoch FROM r.started_at) * 1000)::bigint AS started_at,
            (extract(epoch FROM r.finished_at) * 1000)::bigint AS finished_at,
            (SELECT jsonb_object_agg(category, n) FROM (
               SELECT category, count(*)::int AS n FROM processing_failures f
                WHERE f.run_id = r.run_id GROUP BY category) c) AS failures
       FROM processing_runs r
      WHERE $1::text IS NULL OR r.job = $1
      ORDER BY r.started_at DESC LIMIT $2`,
    [job, limit],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    job: r.job,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    processed: r.processed,
    failed: r.failed,
    failures: r.failures ?? {},
  }));
}

/** Failed items not yet retried by a later run: what an operator asks to retry. */
export async function openFailures(
  pool: Pool,
  job: string,
): Promise<Array<{ runId: string; itemKey: string; category: FailureCategory; message: string }>> {
  const { rows } = await pool.query<{
    run_id: string;
    item_key: string;
    category: FailureCategory;
    message: string;
  }>(
    `SELECT f.run_id, f.item_key, f.category, f.message FROM processing_failures f
       JOIN processing_runs r USING (run_id)
      WHERE r.job = $1 AND f.retried_by IS NULL ORDER BY r.started_at`,
    [job],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    itemKey: r.item_key,
    category: r.category,
    message: r.message,
  }));
}
