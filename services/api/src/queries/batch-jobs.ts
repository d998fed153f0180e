import type { Queryable } from '@overfly/db';
import type { JobRow } from '../batch/store.js';
import type { Job, JobItem, JobViz } from '../schemas/batch-job.js';
import { encodeCursor } from '../server/cursor.js';
import { keysetPage, Where } from './keyset.js';

const num = (v: string | null) => (v === null ? null : Number(v));

export function toJob(r: JobRow): Job {
  const total = num(r.total);
  const processed = Number(r.processed);
  return {
    jobId: r.job_id,
    operation: r.operation,
    name: r.name,
    description: r.description,
    filters: r.filters,
    options: { batchSize: r.batch_size, retryAttempts: r.retry_attempts, priority: r.priority },
    status: r.status,
    requestedBy: r.requested_by,
    total,
    processed,
    failed: Number(r.failed),
    progress: total === null ? null : total === 0 ? 1 : Math.min(1, processed / total),
    message: r.message,
    cancelRequested: r.cancel_requested,
    worker: r.worker,
    createdAt: Number(r.created_at),
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Newest first; a tenant-scoped caller sees its own operator's jobs only. */
export function listJobs(
  db: Queryable,
  filter: { status?: string; operation?: string; scope: string | null },
  page: { limit: number; after: { at: number; id: string } | null },
): Promise<{ items: Job[]; next: string | null }> {
  const where = new Where()
    .eq('status', filter.status)
    .eq('operation', filter.operation)
    .eq('operator_scope', filter.scope ?? undefined)
    .after(['created_at', 'job_id'], page.after);
  return keysetPage(
    db,
    where,
    page.limit,
    (w, limit) =>
      `SELECT * FROM batch_jobs ${w} ORDER BY created_at DESC, job_id DESC LIMIT ${limit}`,
    toJob,
    (j) => [j.createdAt, j.jobId],
  );
}

interface ItemRow {
  seq: string;
  item_key: string;
  status: 'SUCCEEDED' | 'FAILED';
  attempts: number;
  duration_ms: number;
  error_category: string | null;
  error: string | null;
  quality: number | null;
  output: unknown;
  finished_at: string;
}

/** A job's items in the order they were done; `after` is the last seq of the previous page. */
export async function listItems(
  db: Queryable,
  jobId: string,
  filter: { status?: string },
  page: { limit: number; after: number | null },
): Promise<{ items: JobItem[]; next: string | null }> {
  const where = new Where()
    .eq('job_id', jobId)
    .eq('status', filter.status)
    .above('seq', page.after);
  const { rows } = await db.query<ItemRow>(
    `SELECT * FROM batch_job_items ${where} ORDER BY seq LIMIT ${where.param(page.limit + 1)}`,
    where.params,
  );
  const items = rows.slice(0, page.limit).map(
    (r): JobItem => ({
      seq: Number(r.seq),
      key: r.item_key,
      status: r.status,
      attempts: r.attempts,
      durationMs: r.duration_ms,
      errorCategory: r.error_category,
      error: r.error,
      quality: r.quality,
      output: r.output,
      finishedAt: Number(r.finished_at),
    }),
  );
  const last = items[items.length - 1];
  return { items, next: rows.length > page.limit && last ? encodeCursor(last.seq, jobId) : null };
}

/** What the viz route answers: how the job went, for charts. */
export async function jobViz(db: Queryable, job: Job): Promise<JobViz> {
  const [d, errors, quality, timeline] = await Promise.all([
    db.query<{
      n: string;
      p50: number | null;
      p95: number | null;
      p99: number | null;
      ok: string;
      first: string | null;
      last: string | null;
    }>(
      `SELECT count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99,
              count(*) FILTER (WHERE status = 'SUCCEEDED') AS ok,
              min(finished_at) AS first, max(finished_at) AS last
         FROM batch_job_items WHERE job_id = $1`,
      [job.jobId],
    ),
    db.query<{ category: string; n: string }>(
      `SELECT error_category AS category, count(*) AS n FROM batch_job_items
        WHERE job_id = $1 AND status = 'FAILED' GROUP BY 1 ORDER BY 2 DESC, 1`,
      [job.jobId],
    ),
    db.query<{ bucket: number; n: string }>(
      `SELECT least(width_bucket(quality, 0, 1, 10), 10) AS bucket, count(*) AS n
         FROM batch_job_items WHERE job_id = $1 AND quality IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [job.jobId],
    ),
    // At most 100 points: items finished per time slice, cumulated.
    db.query<{ at: string; n: string }>(
      `WITH span AS (SELECT min(finished_at) AS a, greatest(max(finished_at) - min(finished_at), 1) AS w
                       FROM batch_job_items WHERE job_id = $1)
       SELECT (span.a + (floor((finished_at - span.a) * 99.0 / span.w) + 1) * span.w / 99.0)::bigint AS at,
              count(*) AS n
         FROM batch_job_items, span WHERE job_id = $1 GROUP BY 1 ORDER BY 1`,
      [job.jobId],
    ),
  ]);
  const row = d.rows[0];
  const n = Number(row?.n ?? 0);
  const start = job.startedAt ?? num(row?.first ?? null);
  const last = num(row?.last ?? null);
  const seconds = start !== null && last !== null ? Math.max(0.001, (last - start) / 1000) : null;
  const histogram = Array.from({ length: 10 }, (_, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    items: 0,
  }));
  for (const q of quality.rows) {
    const slot = histogram[Math.max(1, q.bucket) - 1];
    if (slot) slot.items += Number(q.n);
  }
  let cumulated = 0;
  return {
    items: n,
    durationMs: { p50: row?.p50 ?? null, p95: row?.p95 ?? null, p99: row?.p99 ?? null },
    throughputPerSecond: seconds === null || n === 0 ? null : n / seconds,
    successRate: n === 0 ? null : Number(row?.ok ?? 0) / n,
    errorsByCategory: Object.fromEntries(errors.rows.map((e) => [e.category, Number(e.n)])),
    qualityHistogram: histogram,
    timeline: timeline.rows.map((t) => {
      cumulated += Number(t.n);
      return { at: Number(t.at), processed: cumulated };
    }),
  };
}

/** Jobs by status and operation, items done and failed, over the jobs the caller sees. */
export async function jobStats(db: Queryable, scope: string | null) {
  const where = new Where().eq('operator_scope', scope ?? undefined);
  const { rows } = await db.query<{
    operation: string;
    status: string;
    jobs: string;
    processed: string;
    failed: string;
  }>(
    `SELECT operation, status, count(*) AS jobs, sum(processed) AS processed, sum(failed) AS failed
       FROM batch_jobs ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
    where.params,
  );
  return rows.map((r) => ({
    operation: r.operation,
    status: r.status,
    jobs: Number(r.jobs),
    processed: Number(r.processed),
    failed: Number(r.failed),
  }));
}

/** The export's CSV rows, in item order, a page of items at a time. */
export async function* exportRows(db: Queryable, jobId: string): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const { rows } = await db.query<{ item_key: string; csv: string | null }>(
      `SELECT item_key, output->>'csv' AS csv FROM batch_job_items
        WHERE job_id = $1 AND status = 'SUCCEEDED' AND item_key > $2 ORDER BY item_key LIMIT 500`,
      [jobId, after],
    );
    for (const r of rows) if (r.csv) yield r.csv;
    const last = rows[rows.length - 1];
    if (!last || rows.length < 500) return;
    after = last.item_key;
  }
}
