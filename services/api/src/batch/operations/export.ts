import type { Queryable } from '@overfly/db';
import { decimalOf } from '../../server/money.js';
import { csvRow } from '../csv.js';
import type { BatchFilters, BatchOperation } from '../operation.js';
import { dateRangeOf, invoiceWhere } from './filters.js';

export const EXPORT_HEADER = csvRow([
  'invoice_number',
  'invoice_id',
  'document_type',
  'operator_icao',
  'charge_id',
  'crossing_id',
  'flight_id',
  'callsign',
  'fir_id',
  'flight_date',
  'amount',
  'currency',
]);

/**
 * export: the lines of the invoices and credit notes matching the filters, as CSV. One item
 * per document (in invoiceId order); each item's output is its rows, and the job's CSV is
 * the header and the items' rows in that order (GET /v1/batch-jobs/{id}/export.csv).
 */
export const exportOperation: BatchOperation = {
  name: 'export',
  summary: 'the lines of invoices and credit notes as CSV',
  check: (f) => dateRangeOf(f).error,
  async count(db, filters) {
    const where = invoiceWhere(filters);
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM invoices ${where}`,
      where.params,
    );
    return Number(rows[0]?.n ?? 0);
  },
  async keys(db, filters, after, limit) {
    const where = invoiceWhere(filters, after);
    const { rows } = await db.query<{ invoice_id: string }>(
      `SELECT invoice_id FROM invoices ${where} ORDER BY invoice_id LIMIT ${where.param(limit)}`,
      where.params,
    );
    return rows.map((r) => r.invoice_id);
  },
  async run(db: Queryable, _filters: BatchFilters, invoiceId: string) {
    const { rows } = await db.query<{
      invoice_number: string | null;
      document_type: string;
      operator_icao: string;
      charge_id: string;
      crossing_id: string;
      flight_id: string;
      callsign: string | null;
      fir_id: string;
      flight_date: number;
      amount_minor: string;
      currency: string;
    }>(
      `SELECT i.invoice_number, i.document_type, i.operator_icao, l.charge_id, l.crossing_id,
              l.flight_id, l.callsign, l.fir_id, l.flight_date, l.amount_minor, l.currency
         FROM invoice_lines l JOIN invoices i USING (invoice_id)
        WHERE l.invoice_id = $1 ORDER BY l.flight_date, l.charge_id`,
      [invoiceId],
    );
    const csv = rows
      .map((r) =>
        csvRow([
          r.invoice_number,
          invoiceId,
          r.document_type,
          r.operator_icao,
          r.charge_id,
          r.crossing_id,
          r.flight_id,
          r.callsign,
          r.fir_id,
          new Date(r.flight_date * 86_400_000).toISOString().slice(0, 10),
          decimalOf(Number(r.amount_minor), r.currency),
          r.currency,
        ]),
      )
      .join('');
    return { output: { lines: rows.length, csv } };
  },
};
