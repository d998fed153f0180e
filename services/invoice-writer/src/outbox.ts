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
  const { rows } = await client.query<InvoiceRow>(
    `SELECT invoice_id, invoice_number, series, document_type, billing_cycle, operator_icao,
            status, currency, total_minor, line_count, related_invoice_id, due_date,
            (extract(epoch FROM period_start) * 1000)::bigint AS period_start,
            (extract(epoch FROM period_end) * 1000)::bigint AS period_end
       FROM invoices WHERE invoice_id = $1`,
    [invoiceId],
  );
  const invoice = rows[0];
  if (!invoice) throw new Error(`invoice ${invoiceId} not found for its ${type} event`);
  const eventId = randomUUID();
  const event: InvoiceEvent = {
    eventId,
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
  };
  await client.query('INSERT INTO outbox (event_id, invoice_id, payload) VALUES ($1, $2, $3)', [
    eventId,
    invoiceId,
    JSON.stringify(event),
  ]);
  return eventId;
}
