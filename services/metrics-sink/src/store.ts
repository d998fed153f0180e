import { DbError, type Pool, type Queryable, withTransaction } from '@overfly/db';
import { type DayPartition, partitionsToDrop, retentionCutoff } from './partitions.js';
import type { SnapshotRows } from './rows.js';

/**
 * One snapshot, one statement: its samples into `metric_samples` (a series already stored
 * at that instant is skipped: a redelivered snapshot is a no-op), and the same rows into
 * `metric_series_latest` where they are newer than what it holds. Returns how many samples
 * were new.
 */
const INSERT_SNAPSHOT = `
WITH input AS (
  SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::float8[])
    AS s(name, kind, labels, labels_hash, value)
), stored AS (
  INSERT INTO metric_samples (taken_at, service, instance, name, kind, labels, labels_hash, value)
  SELECT $1::timestamptz, $2::text, $3::text, name, kind, labels::jsonb, labels_hash, value
  FROM input
  ON CONFLICT DO NOTHING
  RETURNING 1
), latest AS (
  INSERT INTO metric_series_latest AS l
    (name, service, instance, labels_hash, labels, kind, value, taken_at)
  SELECT name, $2::text, $3::text, labels_hash, labels::jsonb, kind, value, $1::timestamptz
  FROM input
  ON CONFLICT (name, service, instance, labels_hash) DO UPDATE
    SET labels = excluded.labels, kind = excluded.kind, value = excluded.value,
        taken_at = excluded.taken_at
    WHERE l.taken_at < excluded.taken_at
)
SELECT count(*)::int AS inserted FROM stored`;

export async function insertSnapshot(db: Queryable, rows: SnapshotRows): Promise<number> {
  const { rows: result } = await db.query<{ inserted: number }>(INSERT_SNAPSHOT, [
    rows.takenAt,
    rows.service,
    rows.instance,
    rows.names,
    rows.kinds,
    rows.labels,
    rows.labelsHashes,
    rows.values,
  ]);
  return result[0]?.inserted ?? 0;
}

/** True when an insert failed because no partition holds one of its rows (dropped, or never made). */
export function isMissingPartition(error: unknown): boolean {
  return (
    error instanceof DbError && error.sqlState === '23514' && /no partition/i.test(error.message)
  );
}

// Partition DDL of several instances (or an instance and a test) never races: CREATE TABLE
// IF NOT EXISTS still fails on the catalog's unique index when two create one name at once.
const DDL_LOCK =
  "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':metric_samples partitions', 0))";

/** The day partitions of `metric_samples` that exist, by name. */
export async function listPartitions(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'metric_samples'::regclass
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Creates those of `partitions` that do not exist yet; returns the names it created. */
export async function ensurePartitions(
  pool: Pool,
  partitions: readonly DayPartition[],
): Promise<string[]> {
  if (partitions.length === 0) return [];
  return withTransaction(pool, async (client) => {
    await client.query(DDL_LOCK);
    const existing = new Set(await listPartitions(client));
    const created: string[] = [];
    for (const p of partitions) {
      if (existing.has(p.name)) continue;
      // Bounds are literals in DDL (no parameters); both come from our own numbers.
      await client.query(
        `CREATE TABLE "${p.name}" PARTITION OF metric_samples
           FOR VALUES FROM ('${new Date(p.from).toISOString()}') TO ('${new Date(p.to).toISOString()}')`,
      );
      created.push(p.name);
    }
    return created;
  });
}

export interface RetentionOutcome {
  dropped: string[];
  /** Rows of metric_series_latest last seen before the cutoff, deleted. */
  staleSeries: number;
}

/**
 * Drops the day partitions wholly past retention and forgets the latest value of series
 * not seen since the cutoff, in one transaction.
 */
export async function dropExpired(
  pool: Pool,
  now: number,
  retentionMs: number,
): Promise<RetentionOutcome> {
  return withTransaction(pool, async (client) => {
    await client.query(DDL_LOCK);
    const expired = partitionsToDrop(await listPartitions(client), now, retentionMs);
    for (const p of expired) await client.query(`DROP TABLE "${p.name}"`);
    const { rowCount } = await client.query(
      'DELETE FROM metric_series_latest WHERE taken_at < $1::timestamptz',
      [new Date(retentionCutoff(now, retentionMs)).toISOString()],
    );
    return { dropped: expired.map((p) => p.name), staleSeries: rowCount ?? 0 };
  });
}
