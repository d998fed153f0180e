import type { Pool } from '@overfly/db';

/** An invoice or credit note as the billing office reads it. */
export interface InvoiceSummary {
  invoiceNumber: string;
  documentType: 'INVOICE' | 'CREDIT_NOTE';
  operatorIcao: string;
  billingCycle: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  totalMinor: number;
  lineCount: number;
  status: string;
  issuedAt: string;
  dueDate: string | null;
}

/** One line of an invoice, with where each of its figures came from. */
export interface InvoiceLineSummary {
  crossingId: string;
  callsign: string | null;
  flightDate: string;
  chargingZone: string | null;
  firIds: string[];
  distanceKm: number;
  distanceBasis: string | null;
  amountMinor: number | null;
  currency: string | null;
  aircraftType: string | null;
  mtowSource: string | null;
  unitRateSource: string | null;
  exchangeRateSource: string | null;
}

/** Invoices and credit notes, newest first; filtered by operator when given. */
export async function listInvoices(
  pool: Pool,
  filter: { operator?: string | undefined; limit?: number | undefined } = {},
): Promise<InvoiceSummary[]> {
  const { rows } = await pool.query<InvoiceSummary>(
    `SELECT invoice_number AS "invoiceNumber", document_type AS "documentType",
            operator_icao AS "operatorIcao", billing_cycle AS "billingCycle",
            to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "periodStart",
            to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "periodEnd",
            currency, total_minor::float8 AS "totalMinor", line_count AS "lineCount", status,
            to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "issuedAt",
            to_char(due_date, 'YYYY-MM-DD') AS "dueDate"
       FROM invoices
      WHERE ($1::text IS NULL OR operator_icao = $1)
      ORDER BY issued_at DESC, invoice_number DESC
      LIMIT $2`,
    [filter.operator ?? null, filter.limit ?? 50],
  );
  return rows;
}

/** The lines an invoice bills. */
export async function invoiceLines(
  pool: Pool,
  invoiceNumber: string,
): Promise<InvoiceLineSummary[]> {
  const { rows } = await pool.query<InvoiceLineSummary>(
    `SELECT l.crossing_id AS "crossingId", l.callsign,
            to_char(l.flight_date, 'YYYY-MM-DD') AS "flightDate", l.charging_zone AS "chargingZone",
            COALESCE(l.passage_fir_ids, ARRAY[l.fir_id]) AS "firIds", l.distance_km AS "distanceKm",
            l.distance_basis AS "distanceBasis", l.amount_minor::float8 AS "amountMinor", l.currency,
            l.aircraft_type AS "aircraftType", l.mtow_source AS "mtowSource",
            l.unit_rate_source AS "unitRateSource", l.exchange_rate_source AS "exchangeRateSource"
       FROM invoice_lines l JOIN invoices i USING (invoice_id)
      WHERE i.invoice_number = $1
      ORDER BY l.flight_date, l.line_id`,
    [invoiceNumber],
  );
  return rows;
}
