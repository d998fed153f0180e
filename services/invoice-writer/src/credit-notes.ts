import type { Queryable } from '@overfly/db';
import type { LiveLine } from './line-plan.js';
import { takeNumber } from './numbering.js';
import { recordInvoiceEvent, recordLineEvents } from './outbox.js';

const CREDIT_NOTE_SERIES = 'OVF-CN';

/**
 * Issues a credit note reversing `line`, which sits on an issued invoice. The invoice
 * itself is never edited: the credit note references it, and the corrected line waits for
 * the operator's next invoice.
 */
export async function issueCreditNote(
  client: Queryable,
  line: LiveLine,
  now: number,
): Promise<string> {
  const year = new Date(now).getUTCFullYear();
  const number = await takeNumber(client, CREDIT_NOTE_SERIES, year);
  const amount = -(line.amountMinor ?? 0);
  const { rows } = await client.query<{ invoice_id: string }>(
    `INSERT INTO invoices (document_type, series, year, number, invoice_number, operator_icao,
                           billing_cycle, period_start, period_end, currency, total_minor,
                           line_count, status, issued_at, related_invoice_id)
     SELECT 'CREDIT_NOTE', $1, $2, $3, $4, i.operator_icao, i.billing_cycle, i.period_start,
            i.period_end, i.currency, $5, 1, 'ISSUED', to_timestamp($6 / 1000.0), i.invoice_id
       FROM invoices i WHERE i.invoice_id = $7
     RETURNING invoice_id`,
    [
      CREDIT_NOTE_SERIES,
      year,
      Number(number.slice(number.lastIndexOf('-') + 1)),
      number,
      amount,
      now,
      line.invoiceId,
    ],
  );
  const creditNoteId = rows[0]!.invoice_id;
  await client.query(
    `INSERT INTO credit_note_lines (credit_note_id, line_id, amount_minor, currency)
     VALUES ($1, $2, $3, $4)`,
    [creditNoteId, line.lineId, amount, line.currency ?? 'EUR'],
  );
  await recordLineEvents(client, creditNoteId, 'CREDIT_NOTE', now);
  await recordInvoiceEvent(client, creditNoteId, 'CREDIT_NOTE_ISSUED', now);
  return creditNoteId;
}
