import type { Queryable } from '@overfly/db';

/** What a writer's run left in its schema, to compare two runs by content, not by counts. */
export interface Ledger {
  /** Live lines (not superseded), by crossing: what is billed. */
  live: Array<Record<string, unknown>>;
  /** Lines a crossing, tariff version and revision hold more than once: always none. */
  duplicates: number;
  invoices: Array<Record<string, unknown>>;
  outboxEvents: number;
  /** Stored next offsets summed over partitions: how many records were settled. */
  stored: number;
}

export async function ledger(db: Queryable): Promise<Ledger> {
  const live = await db.query(
    // Not the revision: a re-price read in the same run as its first version collapses to
    // one row, so the history (and the live line's revision) may differ, never what is billed.
    `SELECT crossing_id, charge_id, tariff_version, status, amount_minor, currency, operator_icao,
            flight_date, distance_km, exemption_code, reason, invoice_id IS NOT NULL AS invoiced
       FROM invoice_lines WHERE superseded_by IS NULL ORDER BY crossing_id`,
  );
  const counts = await db.query<{ duplicates: number; outbox: number; stored: number }>(
    `SELECT (SELECT count(*)::int FROM (
               SELECT 1 FROM invoice_lines GROUP BY crossing_id, tariff_version, revision
               HAVING count(*) > 1) d) AS duplicates,
            (SELECT count(*)::int FROM outbox) AS outbox,
            (SELECT coalesce(sum(next_offset), 0)::bigint FROM consumer_offsets) AS stored`,
  );
  const invoices = await db.query(
    `SELECT invoice_number, document_type, operator_icao, currency, total_minor, line_count, status
       FROM invoices ORDER BY invoice_number`,
  );
  const c = counts.rows[0]!;
  return {
    live: live.rows,
    duplicates: c.duplicates,
    invoices: invoices.rows,
    outboxEvents: c.outbox,
    stored: Number(c.stored),
  };
}

/** Settled records (stored next offsets summed): equals the records sent once all are done. */
export async function storedTotal(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT coalesce(sum(next_offset), 0)::bigint AS n FROM consumer_offsets',
  );
  return Number(rows[0]?.n ?? 0);
}
