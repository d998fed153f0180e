import type { Queryable } from '@overfly/db';
import type { MessageOf } from '@overfly/kafka';

/**
 * invoices.events → `invoices` and `invoice_lines`. Each event carries the document's whole
 * header after it (status, total, line count), so the header is the latest event's, taken
 * only from a later offset than the one it holds (the key, invoiceId, keeps a document on
 * one partition); a line is inserted once per (invoice, charge). Reading a run again
 * changes nothing.
 */
export async function applyInvoiceEvents(
  db: Queryable,
  messages: readonly MessageOf<'invoices.events'>[],
): Promise<void> {
  const headers = new Map<string, object>();
  const lines: object[] = [];
  for (const m of messages) {
    const e = m.value;
    if (e === null) continue;
    headers.set(e.invoiceId, {
      invoice_id: e.invoiceId,
      invoice_number: e.invoiceNumber,
      series: e.series,
      document_type: e.documentType,
      billing_cycle: e.billingCycle,
      operator_icao: e.operatorIcao,
      status: e.status,
      total_minor: e.total.amountMinor,
      currency: e.total.currency,
      paid_minor: e.amountPaid?.amountMinor ?? null,
      line_count: e.lineCount,
      related_invoice_id: e.relatedInvoiceId,
      period_start: e.periodStart,
      period_end: e.periodEnd,
      due_date: e.dueDate,
      created_at: e.occurredAt,
      updated_at: e.occurredAt,
      src_partition: m.partition,
      src_offset: m.offset,
    });
    if (e.line)
      lines.push({
        invoice_id: e.invoiceId,
        charge_id: e.line.chargeId,
        crossing_id: e.line.crossingId,
        flight_id: e.line.flightId,
        callsign: e.line.callsign,
        fir_id: e.line.firId,
        flight_date: e.line.flightDate,
        amount_minor: e.line.amount.amountMinor,
        currency: e.line.amount.currency,
        added_at: e.occurredAt,
      });
  }
  if (headers.size > 0)
    await db.query(
      `INSERT INTO invoices
       SELECT * FROM jsonb_populate_recordset(NULL::invoices, $1::jsonb)
       ON CONFLICT (invoice_id) DO UPDATE SET
         invoice_number = EXCLUDED.invoice_number, series = EXCLUDED.series,
         document_type = EXCLUDED.document_type, billing_cycle = EXCLUDED.billing_cycle,
         operator_icao = EXCLUDED.operator_icao, status = EXCLUDED.status,
         total_minor = EXCLUDED.total_minor, currency = EXCLUDED.currency,
         paid_minor = COALESCE(EXCLUDED.paid_minor, invoices.paid_minor),
         line_count = EXCLUDED.line_count, related_invoice_id = EXCLUDED.related_invoice_id,
         period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end,
         due_date = EXCLUDED.due_date, updated_at = EXCLUDED.updated_at,
         src_partition = EXCLUDED.src_partition, src_offset = EXCLUDED.src_offset
       WHERE EXCLUDED.src_offset > invoices.src_offset
          OR EXCLUDED.src_partition <> invoices.src_partition`,
      [JSON.stringify([...headers.values()])],
    );
  if (lines.length > 0)
    await db.query(
      `INSERT INTO invoice_lines
       SELECT * FROM jsonb_populate_recordset(NULL::invoice_lines, $1::jsonb)
       ON CONFLICT (invoice_id, charge_id) DO NOTHING`,
      [JSON.stringify(lines)],
    );
}
