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

type Header = Omit<InvoiceEvent, 'eventId' | 'type' | 'line'>;

/** The document's header as it is now, as every event of it carries it. */
async function headerOf(client: Queryable, invoiceId: string, occurredAt: number): Promise<Header> {
  const { rows } = await client.query<InvoiceRow>(
    `SELECT invoice_id, invoice_number, series, document_type, billing_cycle, operator_icao,
            status, currency, total_minor, line_count, related_invoice_id, due_date,
            (extract(epoch FROM period_start) * 1000)::bigint AS period_start,
            (extract(epoch FROM period_end) * 1000)::bigint AS period_end
       FROM invoices WHERE invoice_id = $1`,
    [invoiceId],
  );
  const invoice = rows[0];
  if (!invoice) throw new Error(`invoice ${invoiceId} not found for its event`);
  return {
    invoiceId: invoice.invoice_id,
    invoiceNumber: invoice.invoice_number,
    series: invoice.series,
    documentType: invoice.document_type,
    billingCycle: invoice.billing_cycle,
    operatorIcao: invoice.operator_icao,
    status: invoice.status,
    total: { amountMinor: invoice.total_minor, currency: invoice.currency },
    amountPaid: null,
    lineCount: invoice.line_count,
    relatedInvoiceId: invoice.related_invoice_id,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    dueDate: invoice.due_date === null ? null : epochDay(invoice.due_date),
    occurredAt,
  };
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
  const event: InvoiceEvent = {
    eventId: randomUUID(),
    type,
    line,
    ...(await headerOf(client, invoiceId, occurredAt)),
  };
  await client.query('INSERT INTO outbox (event_id, invoice_id, payload) VALUES ($1, $2, $3)', [
    event.eventId,
    invoiceId,
    JSON.stringify(event),
  ]);
  return event.eventId;
}

// A document's lines as InvoiceLine objects (schemas/invoices.events.avsc), built where they
// are: an invoice of a million lines never travels to the writer and back.
const LINE_JSON = `jsonb_build_object('chargeId', l.charge_id, 'crossingId', l.crossing_id,
  'flightId', l.flight_id, 'callsign', l.callsign, 'firId', l.fir_id,
  'flightDate', l.flight_date - DATE '1970-01-01',
  'amount', jsonb_build_object('amountMinor', a.amount_minor, 'currency', a.currency))`;
const LINES_OF = {
  INVOICE: `FROM invoice_lines l CROSS JOIN LATERAL (SELECT l.amount_minor, l.currency) a
            WHERE l.invoice_id = $1 ORDER BY l.line_id`,
  CREDIT_NOTE: `FROM credit_note_lines a JOIN invoice_lines l ON l.line_id = a.line_id
                WHERE a.credit_note_id = $1 ORDER BY l.line_id`,
} as const;

/**
 * One LINE_ADDED event per line of an issued document (a credit note's lines at their
 * credited, negative, amounts), each with the header as it is now, in line order, in one
 * statement: a consumer rebuilds the whole document from invoices.events. Record the
 * document's ISSUED event after them.
 */
export async function recordLineEvents(
  client: Queryable,
  invoiceId: string,
  document: keyof typeof LINES_OF,
  occurredAt: number,
): Promise<number> {
  const header = await headerOf(client, invoiceId, occurredAt);
  const result = await client.query(
    `INSERT INTO outbox (event_id, invoice_id, payload)
     SELECT e.id, $1, $2::jsonb || jsonb_build_object('eventId', e.id::text, 'type', 'LINE_ADDED', 'line', e.line)
       FROM (SELECT gen_random_uuid() AS id, ${LINE_JSON} AS line ${LINES_OF[document]}) e`,
    [invoiceId, JSON.stringify(header)],
  );
  return result.rowCount ?? 0;
}
