import type { Queryable } from '@overfly/db';
import type { InvoiceLine, InvoiceSummary } from '../schemas/invoice.js';
import { encodeCursor } from '../server/cursor.js';

export interface InvoiceFilter {
  /** A tenant-scoped caller's operator, or the operator asked for. */
  operator?: string;
  status?: string;
  documentType?: string;
  /** Billing periods overlapping [from, to), UTC epoch ms. */
  from?: number;
  to?: number;
}

const DAY_MS = 86_400_000;
const isoDate = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

interface Row {
  invoice_id: string;
  invoice_number: string | null;
  series: string;
  document_type: InvoiceSummary['documentType'];
  billing_cycle: string;
  operator_icao: string;
  status: string;
  total_minor: string;
  currency: string;
  paid_minor: string | null;
  line_count: number;
  related_invoice_id: string | null;
  period_start: string;
  period_end: string;
  due_date: number | null;
  updated_at: string;
}

const toSummary = (r: Row): InvoiceSummary => ({
  invoiceId: r.invoice_id,
  invoiceNumber: r.invoice_number,
  series: r.series,
  documentType: r.document_type,
  billingCycle: r.billing_cycle,
  operatorIcao: r.operator_icao,
  status: r.status,
  total: { amountMinor: Number(r.total_minor), currency: r.currency },
  amountPaid:
    r.paid_minor === null ? null : { amountMinor: Number(r.paid_minor), currency: r.currency },
  lineCount: r.line_count,
  relatedInvoiceId: r.related_invoice_id,
  periodStart: Number(r.period_start),
  periodEnd: Number(r.period_end),
  dueDate: r.due_date === null ? null : isoDate(r.due_date),
  updatedAt: Number(r.updated_at),
});

/** Newest period first; keyset pagination, so page 1,000 costs what page 1 does. */
export async function listInvoices(
  db: Queryable,
  filter: InvoiceFilter,
  page: { limit: number; after: { at: number; id: string } | null },
): Promise<{ items: InvoiceSummary[]; next: string | null }> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filter.operator) clauses.push(`operator_icao = ${p(filter.operator)}`);
  if (filter.status) clauses.push(`status = ${p(filter.status)}`);
  if (filter.documentType) clauses.push(`document_type = ${p(filter.documentType)}`);
  if (filter.from !== undefined) clauses.push(`period_end > ${p(filter.from)}`);
  if (filter.to !== undefined) clauses.push(`period_start < ${p(filter.to)}`);
  if (page.after)
    clauses.push(`(period_start, invoice_id) < (${p(page.after.at)}, ${p(page.after.id)})`);
  const { rows } = await db.query<Row>(
    `SELECT * FROM invoices ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
     ORDER BY period_start DESC, invoice_id DESC LIMIT ${p(page.limit + 1)}`,
    params,
  );
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit).map(toSummary);
  const last = items[items.length - 1];
  return { items, next: more && last ? encodeCursor(last.periodStart, last.invoiceId) : null };
}

/** One document with its lines and the credit notes against it; null when absent. */
export async function getInvoice(
  db: Queryable,
  invoiceId: string,
): Promise<(InvoiceSummary & { lines: InvoiceLine[]; creditNotes: InvoiceSummary[] }) | null> {
  const head = await db.query<Row>('SELECT * FROM invoices WHERE invoice_id = $1', [invoiceId]);
  const row = head.rows[0];
  if (!row) return null;
  const [lines, credits] = await Promise.all([
    db.query<{
      charge_id: string;
      crossing_id: string;
      flight_id: string;
      callsign: string | null;
      fir_id: string;
      flight_date: number;
      amount_minor: string;
      currency: string;
    }>(
      `SELECT charge_id, crossing_id, flight_id, callsign, fir_id, flight_date, amount_minor, currency
         FROM invoice_lines WHERE invoice_id = $1 ORDER BY flight_date, charge_id`,
      [invoiceId],
    ),
    db.query<Row>(
      'SELECT * FROM invoices WHERE related_invoice_id = $1 ORDER BY updated_at, invoice_id',
      [invoiceId],
    ),
  ]);
  return {
    ...toSummary(row),
    lines: lines.rows.map((l) => ({
      chargeId: l.charge_id,
      crossingId: l.crossing_id,
      flightId: l.flight_id,
      callsign: l.callsign,
      firId: l.fir_id,
      flightDate: isoDate(l.flight_date),
      amount: { amountMinor: Number(l.amount_minor), currency: l.currency },
    })),
    creditNotes: credits.rows.map(toSummary),
  };
}
