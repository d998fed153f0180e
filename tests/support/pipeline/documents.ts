// What a customer receives from invoice-writer, read back from its schema in a form two runs
// can be compared in: every invoice line (each revision, live or superseded), every invoice
// and credit note with the lines it holds, and where each input has got to. Ids, wall-clock
// times and Kafka positions differ between two runs of the same input and are left out;
// everything billed is kept.
import type { Pool } from '../../../services/invoice-writer/src/test-support/db.js';

export interface Documents {
  /** One string per line revision, sorted: crossing, revision, every billed field. */
  lines: string[];
  /** One string per invoice or credit note, sorted: number, type, period, totals, its lines. */
  invoices: string[];
  creditNotes: number;
  liveLines: number;
}

const LINE_FIELDS = `crossing_id, revision, tariff_version, charge_id, flight_id, icao24, callsign,
  operator_icao, aircraft_type, fir_id, charging_zone, flight_date::text AS flight_date, tariff_month,
  distance_km, service_units, status, amount_minor, currency, exemption_code, reason,
  distance_basis, mtow_source, unit_rate_source, exchange_rate_source,
  passage_crossing_ids, passage_fir_ids, passage_great_circle_km, passage_take_offs, passage_landings`;

export async function readDocuments(pool: Pool): Promise<Documents> {
  const lines = await pool.query<Record<string, unknown>>(
    `SELECT ${LINE_FIELDS}, superseded_by IS NULL AS live,
            (SELECT i.invoice_number FROM invoices i WHERE i.invoice_id = l.invoice_id) AS invoice
       FROM invoice_lines l`,
  );
  const invoices = await pool.query<Record<string, unknown>>(
    `SELECT i.invoice_number, i.document_type, i.operator_icao, i.billing_cycle,
            i.period_start::text AS period_start, i.period_end::text AS period_end, i.currency,
            i.total_minor, i.line_count, i.status, i.due_date::text AS due_date,
            (SELECT r.invoice_number FROM invoices r WHERE r.invoice_id = i.related_invoice_id) AS related,
            ARRAY(SELECT l.crossing_id || '#' || l.revision FROM invoice_lines l
                   WHERE l.invoice_id = i.invoice_id ORDER BY 1) AS lines,
            ARRAY(SELECT l.crossing_id || '#' || l.revision || ':' || c.amount_minor
                    FROM credit_note_lines c JOIN invoice_lines l USING (line_id)
                   WHERE c.credit_note_id = i.invoice_id ORDER BY 1) AS credited
       FROM invoices i`,
  );
  return {
    lines: lines.rows.map((r) => JSON.stringify(r)).sort(),
    invoices: invoices.rows.map((r) => JSON.stringify(r)).sort(),
    creditNotes: invoices.rows.filter((r) => r.document_type === 'CREDIT_NOTE').length,
    liveLines: lines.rows.filter((r) => r.live === true).length,
  };
}

/** Sum of invoice-writer's stored next offsets on its input: its durable progress. */
export async function storedProgress(pool: Pool, topic: string): Promise<number> {
  const { rows } = await pool.query<{ total: number | null }>(
    'SELECT sum(next_offset)::bigint AS total FROM consumer_offsets WHERE topic = $1',
    [topic],
  );
  return rows[0]?.total ?? 0;
}

/** The differences between two sorted string lists, for a readable failure message. */
export function difference(expected: readonly string[], actual: readonly string[]): string {
  const a = new Set(actual);
  const e = new Set(expected);
  const missing = expected.filter((x) => !a.has(x));
  const extra = actual.filter((x) => !e.has(x));
  const show = (xs: string[]) => xs.slice(0, 5).join('\n    ');
  return `${missing.length} missing, ${extra.length} unexpected\n  missing:\n    ${show(missing)}\n  unexpected:\n    ${show(extra)}`;
}
