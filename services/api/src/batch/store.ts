import { type Pool, type Queryable, withTransaction } from '@overfly/db';
import type { BatchFilters, OperationName } from './operation.js';

export const FINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'REJECTED'] as const;
type JobStatus = 'ACCEPTED' | 'RUNNING' | (typeof FINAL_STATUSES)[number];

/** What a job is asked to do, as the create route and batch.commands carry it. */
export interface JobSpec {
  jobId: string;
  operation: OperationName;
  name: string;
  description: string | null;
  filters: BatchFilters;
  batchSize: number;
  retryAttempts: number;
  priority: number;
  requestedBy: string;
  operatorScope: string | null;
}

export interface JobRow {
  job_id: string;
  operation: OperationName;
  name: string;
  description: string | null;
  filters: BatchFilters;
  batch_size: number;
  retry_attempts: number;
  priority: number;
  status: JobStatus;
  requested_by: string;
  operator_scope: string | null;
  total: string | null;
  processed: string;
  failed: string;
  cursor: string | null;
  message: string | null;
  cancel_requested: boolean;
  worker: string | null;
  lease_until: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

/** Records the job ACCEPTED; false when its id is already there (the command read again). */
export async function insertJob(db: Queryable, spec: JobSpec, now: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO batch_jobs (job_id, operation, name, description, filters, batch_size,
       retry_attempts, priority, status, requested_by, operator_scope, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ACCEPTED', $9, $10, $11, $11)
     ON CONFLICT (job_id) DO NOTHING`,
    [
      spec.jobId,
      spec.operation,
      spec.name,
      spec.description,
      JSON.stringify(spec.filters),
      spec.batchSize,
      spec.retryAttempts,
      spec.priority,
      spec.requestedBy,
      spec.operatorScope,
      now,
    ],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Takes the most urgent job waiting, or one whose worker's lease ran out (it was killed),
 * for `leaseMs`; null when there is none. SKIP LOCKED: workers never wait on each other.
 */
export async function claimJob(
  db: Queryable,
  worker: string,
  now: number,
  leaseMs: number,
): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    `UPDATE batch_jobs SET status = 'RUNNING', worker = $1, lease_until = $2,
            started_at = COALESCE(started_at, $3), updated_at = $3
      WHERE job_id = (
        SELECT job_id FROM batch_jobs
         WHERE status = 'ACCEPTED' OR (status = 'RUNNING' AND lease_until < $3)
         ORDER BY priority DESC, created_at, job_id
         LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [worker, now + leaseMs, now],
  );
  return rows[0] ?? null;
}

export interface ItemOutcome {
  key: string;
  status: 'SUCCEEDED' | 'FAILED';
  attempts: number;
  durationMs: number;
  errorCategory: string | null;
  error: string | null;
  quality: number | null;
  output: unknown;
  finishedAt: number;
}

/**
 * One chunk's items, the job's counters, its cursor and lease, in one transaction. An item
 * already recorded (a chunk run again after a kill) is not recorded or counted again. Null
 * when this worker no longer holds the job (its lease was taken over): nothing is written.
 */
export async function recordChunk(
  pool: Pool,
  jobId: string,
  worker: string,
  items: readonly ItemOutcome[],
  cursor: string,
  leaseUntil: number,
  now: number,
): Promise<{ processed: number; failed: number; cancelRequested: boolean } | null> {
  return withTransaction(pool, async (tx) => {
    const held = await tx.query<{ job_id: string }>(
      `SELECT job_id FROM batch_jobs WHERE job_id = $1 AND worker = $2 AND status = 'RUNNING'
        FOR UPDATE`,
      [jobId, worker],
    );
    if (held.rows.length === 0) return null;
    const inserted = await tx.query<{ status: string }>(
      `INSERT INTO batch_job_items (job_id, item_key, status, attempts, duration_ms,
         error_category, error, quality, output, finished_at)
       SELECT $1, i.key, i.status, i.attempts, i."durationMs", i."errorCategory", i.error,
              i.quality, i.output, i."finishedAt"
         FROM jsonb_to_recordset($2::jsonb) AS i(key text, status text, attempts int,
              "durationMs" double precision, "errorCategory" text, error text,
              quality double precision, output jsonb, "finishedAt" bigint)
       ON CONFLICT (job_id, item_key) DO NOTHING
       RETURNING status`,
      [jobId, JSON.stringify(items)],
    );
    const failed = inserted.rows.filter((r) => r.status === 'FAILED').length;
    const { rows } = await tx.query<{
      processed: string;
      failed: string;
      cancel_requested: boolean;
    }>(
      `UPDATE batch_jobs SET processed = processed + $2, failed = failed + $3, cursor = $4,
              lease_until = $5, updated_at = $6
        WHERE job_id = $1 RETURNING processed, failed, cancel_requested`,
      [jobId, inserted.rows.length, failed, cursor, leaseUntil, now],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      processed: Number(row.processed),
      failed: Number(row.failed),
      cancelRequested: row.cancel_requested,
    };
  });
}

/** Extends the lease (a long chunk) and reads whether a cancel was asked; false when no longer held. */
export async function renewLease(
  db: Queryable,
  jobId: string,
  worker: string,
  leaseUntil: number,
): Promise<{ held: boolean; cancelRequested: boolean }> {
  const { rows } = await db.query<{ cancel_requested: boolean }>(
    `UPDATE batch_jobs SET lease_until = $3
      WHERE job_id = $1 AND worker = $2 AND status = 'RUNNING' RETURNING cancel_requested`,
    [jobId, worker, leaseUntil],
  );
  const row = rows[0];
  return { held: row !== undefined, cancelRequested: row?.cancel_requested ?? false };
}

export async function setTotal(db: Queryable, jobId: string, total: number | null): Promise<void> {
  await db.query('UPDATE batch_jobs SET total = $2 WHERE job_id = $1', [jobId, total]);
}

/** The job's last word, if this worker still holds it; returns the row written. */
export async function finishJob(
  db: Queryable,
  jobId: string,
  worker: string,
  status: (typeof FINAL_STATUSES)[number],
  message: string,
  now: number,
): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    `UPDATE batch_jobs SET status = $3, message = $4, finished_at = $5, updated_at = $5,
            lease_until = NULL
      WHERE job_id = $1 AND worker = $2 AND status = 'RUNNING' RETURNING *`,
    [jobId, worker, status, message, now],
  );
  return rows[0] ?? null;
}

/** Hands the job back at once (a worker stopping): another, or this one restarted, resumes it. */
export async function releaseJob(db: Queryable, jobId: string, worker: string): Promise<void> {
  await db.query(
    `UPDATE batch_jobs SET lease_until = 0 WHERE job_id = $1 AND worker = $2 AND status = 'RUNNING'`,
    [jobId, worker],
  );
}

/**
 * Asks the job to stop: one not started yet is CANCELLED at once; a running one stops after
 * its current chunk. Returns the row, or null when there is no such job.
 */
export async function requestCancel(
  db: Queryable,
  jobId: string,
  now: number,
): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    `UPDATE batch_jobs SET
            cancel_requested = CASE WHEN status IN ('ACCEPTED', 'RUNNING') THEN true ELSE cancel_requested END,
            status = CASE WHEN status = 'ACCEPTED' THEN 'CANCELLED' ELSE status END,
            finished_at = CASE WHEN status = 'ACCEPTED' THEN $2 ELSE finished_at END,
            message = CASE WHEN status = 'ACCEPTED' THEN 'cancelled before it started' ELSE message END,
            updated_at = $2
      WHERE job_id = $1 RETURNING *`,
    [jobId, now],
  );
  return rows[0] ?? null;
}

export async function getJob(db: Queryable, jobId: string): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>('SELECT * FROM batch_jobs WHERE job_id = $1', [jobId]);
  return rows[0] ?? null;
}

/** Forgets finished jobs (and their items) that ended before `before`; returns how many. */
export async function cleanupJobs(db: Queryable, before: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM batch_jobs WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'REJECTED')
        AND finished_at < $1`,
    [before],
  );
  return rowCount ?? 0;
}
