import { randomUUID } from 'node:crypto';
import type { Queryable } from '@overfly/db';
import type { InvoiceEvent, InvoiceEventType, InvoiceLine } from '@overfly/schemas';
import { epochDay } from './periods.js';

interface InvoiceRow {
  invoice_id: string;
  invoice_number: string;
  series: string;
  document_type: 'INVOICE' | 'CREDIT_NOTE';
  billing_cycle: 'PER_CROSSING' | 'WEEKLY' | 'MONTHLY';
  operator_icao: string;
  status: InvoiceEvent['status'];
  currency: string;
  total_minor: number;
  line_count: number;
  related_invoice_id: string | null;
  period_start: number;
  period_end: number;
  due_date: string | null;
}

/**
 * Records a change of one invoice in the outbox, inside the transaction that made it, so
 * the event exists exactly when the change does. The relay publishes it later.
 */
export async function recordInvoiceEvent(
  client: Queryable,
  invoiceId: string,
  type: InvoiceEventType,
  occurredAt: number,
  line: InvoiceLine | null = null,
): Promise<string> {
  const [eventId] = await recordInvoiceEvents(client, invoiceId, [{ type, line }], occurredAt);
  return eventId as string;
}

/** A line of the invoice_lines table as an event carries it. */
export interface LineRow {
  charge_id: string;
  crossing_id: string;
  flight_id: string;
  callsign: string | null;
  fir_id: string;
  /** YYYY-MM-DD */
  flight_date: string;
  amount_minor: number;
  currency: string;
}

export const lineOf = (r: LineRow): InvoiceLine => ({
  chargeId: r.charge_id,
  crossingId: r.crossing_id,
  flightId: r.flight_id,
  callsign: r.callsign,
  firId: r.fir_id,
  flightDate: epochDay(r.flight_date),
  amount: { amountMinor: r.amount_minor, currency: r.currency },
});

/**
 * Several changes of one invoice in the outbox, in this order, in one statement: each event
 * carries the document's header as it is now (the same transaction made every change).
 */
export async function recordInvoiceEvents(
  client: Queryable,
  invoiceId: string,
  changes: ReadonlyArray<{ type: InvoiceEventType; line: InvoiceLine | null }>,
  occurredAt: number,
): Promise<string[]> {
  const { rows } = await client.query<InvoiceRow>(
    `SELECT invoice_id, invoice_number, series, document_type, billing_cycle, operator_icao,
            status, currency, total_minor, line_count, related_invoice_id, due_date,
            (extract(epoch FROM period_start) * 1000)::bigint AS period_start,
            (extract(epoch FROM period_end) * 1000)::bigint AS period_end
       FROM invoices WHERE invoice_id = $1`,
    [invoiceId],
  );
  const invoice = rows[0];
  if (!invoice) throw new Error(`invoice ${invoiceId} not found for its ${changes[0]?.type} event`);
  const events: InvoiceEvent[] = changes.map(({ type, line }) => ({
    eventId: randomUUID(),
    invoiceId: invoice.invoice_id,
    invoiceNumber: invoice.invoice_number,
    series: invoice.series,
    documentType: invoice.document_type,
    billingCycle: invoice.billing_cycle,
    operatorIcao: invoice.operator_icao,
    type,
    status: invoice.status,
    total: { amountMinor: invoice.total_minor, currency: invoice.currency },
    amountPaid: null,
    lineCount: invoice.line_count,
    line,
    relatedInvoiceId: invoice.related_invoice_id,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    dueDate: invoice.due_date === null ? null : epochDay(invoice.due_date),
    occurredAt,
  }));
  // unnest keeps the array order, and seq (bigserial) follows it: the relay sends them so.
  await client.query(
    `INSERT INTO outbox (event_id, invoice_id, payload)
     SELECT e.id, $2, e.payload FROM unnest($1::uuid[], $3::jsonb[]) WITH ORDINALITY AS e(id, payload, n)
      ORDER BY e.n`,
    [events.map((e) => e.eventId), invoiceId, events.map((e) => JSON.stringify(e))],
  );
  return events.map((e) => e.eventId);
}
