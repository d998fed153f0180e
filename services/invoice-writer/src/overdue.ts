import { type Pool, withAdvisoryLock } from '@overfly/db';
import { recordInvoiceEvent } from './outbox.js';
import { isoDate } from './periods.js';
import { ProcessingRun } from './runs.js';

export const OVERDUE_JOB = 'overdue';

/**
 * Turns issued, unpaid invoices whose due date has passed into OVERDUE, each with its
 * outbox event, in one transaction under an advisory lock (one instance does it).
 * An invoice is overdue from the day after its due date.
 */
export async function markOverdue(
  pool: Pool,
  now: number,
): Promise<{ ran: false } | { ran: true; overdue: number }> {
  const outcome = await withAdvisoryLock(pool, OVERDUE_JOB, async (client) => {
    const run = await ProcessingRun.start(client, OVERDUE_JOB, now);
    const { rows } = await client.query<{ invoice_id: string }>(
      `UPDATE invoices SET status = 'OVERDUE'
        WHERE status = 'ISSUED' AND document_type = 'INVOICE' AND due_date < $1::date
        RETURNING invoice_id`,
      [isoDate(now)],
    );
    for (const row of rows) {
      await recordInvoiceEvent(client, row.invoice_id, 'OVERDUE', now);
      run.processed++;
    }
    await run.finish(now);
    return rows.length;
  });
  return outcome.acquired ? { ran: true, overdue: outcome.result } : { ran: false };
}
