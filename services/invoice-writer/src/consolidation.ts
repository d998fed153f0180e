import { inTransaction, type Pool, type PoolClient, withSessionLock } from '@overfly/db';
import { takeNumber } from './numbering.js';
import { recordInvoiceEvent, recordLineEvents } from './outbox.js';
import { type Cycle, isoDate, lastEndedPeriod, type Period } from './periods.js';
import { closeAbandonedRuns, ProcessingRun } from './runs.js';

const SERIES: Record<Cycle, string> = { MONTHLY: 'OVF-M', WEEKLY: 'OVF-W' };
export const CONSOLIDATION_JOB = 'consolidation';

export interface ConsolidationOptions {
  now: number;
  dueDays: number;
}

export type ConsolidationOutcome =
  | { ran: false }
  | { ran: true; runId: string; invoices: number; lines: number; failed: number };

/**
 * Issues one invoice per operator, currency and ended period of the operator's cycle
 * (customers.period, monthly by default), holding every live priced line not yet invoiced
 * whose flight date is before the period's end — late lines of an earlier period ride on
 * the next invoice. Only one instance runs it (advisory lock); each invoice is its own
 * transaction, so one failure neither blocks the others nor burns a number. Operators are
 * invoiced in a fixed order, so a consolidation killed part-way and run again numbers the
 * invoices as one uninterrupted run would. All of it runs on the lock's connection: it needs
 * one connection of the pool, and stops with the lock.
 */
export async function consolidate(
  pool: Pool,
  options: ConsolidationOptions,
): Promise<ConsolidationOutcome> {
  const outcome = await withSessionLock(
    pool,
    CONSOLIDATION_JOB,
    async (client) => {
      // Under the lock: a run still RUNNING is one cut short (a crash, a lost connection).
      await closeAbandonedRuns(client, CONSOLIDATION_JOB);
      const run = await ProcessingRun.start(client, CONSOLIDATION_JOB, options.now);
      let invoices = 0;
      let lines = 0;
      for (const cycle of ['MONTHLY', 'WEEKLY'] as const) {
        const period = lastEndedPeriod(cycle, options.now);
        let groups: Array<{ operator_icao: string; currency: string }>;
        try {
          groups = (
            await client.query<{ operator_icao: string; currency: string }>(
              `SELECT DISTINCT l.operator_icao, l.currency
                 FROM invoice_lines l LEFT JOIN customers c USING (operator_icao)
                WHERE l.invoice_id IS NULL AND l.superseded_by IS NULL AND l.status = 'PRICED'
                  AND l.operator_icao IS NOT NULL AND l.flight_date < $2::date
                  AND COALESCE(c.period, 'MONTHLY') = $1
                ORDER BY l.operator_icao, l.currency`,
              [cycle, isoDate(period.end)],
            )
          ).rows;
        } catch (error) {
          await run.fail(`${cycle}:${isoDate(period.start)}`, 'fetch', error);
          continue;
        }
        for (const group of groups) {
          const key = `${cycle}:${isoDate(period.start)}:${group.operator_icao}:${group.currency}`;
          try {
            const issued = await issueInvoice(client, cycle, period, group, options);
            if (issued) {
              invoices++;
              lines += issued;
            }
            await run.succeeded(key);
          } catch (error) {
            await run.fail(key, 'invoice_creation', error);
          }
        }
      }
      await run.finish(options.now);
      return { runId: run.runId, invoices, lines, failed: run.failed };
    },
    { wait: false },
  );
  return outcome.acquired ? { ran: true, ...outcome.result } : { ran: false };
}

/** Issues one consolidated invoice; returns its line count, or 0 when it already exists. */
async function issueInvoice(
  lockClient: PoolClient,
  cycle: Cycle,
  period: Period,
  group: { operator_icao: string; currency: string },
  options: ConsolidationOptions,
): Promise<number> {
  return inTransaction(lockClient, async (client) => {
    const exists = await client.query(
      `SELECT 1 FROM invoices WHERE document_type = 'INVOICE' AND operator_icao = $1
          AND billing_cycle = $2 AND period_start = to_timestamp($3 / 1000.0) AND currency = $4`,
      [group.operator_icao, cycle, period.start, group.currency],
    );
    if (exists.rowCount) return 0;
    const year = new Date(options.now).getUTCFullYear();
    const number = await takeNumber(client, SERIES[cycle], year);
    const due = isoDate(options.now + options.dueDays * 86_400_000);
    const { rows } = await client.query<{ invoice_id: string }>(
      `INSERT INTO invoices (document_type, series, year, number, invoice_number, operator_icao,
                             billing_cycle, period_start, period_end, currency, status,
                             issued_at, due_date)
       VALUES ('INVOICE', $1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0),
               to_timestamp($8 / 1000.0), $9, 'ISSUED', to_timestamp($10 / 1000.0), $11::date)
       RETURNING invoice_id`,
      [
        SERIES[cycle],
        year,
        Number(number.slice(number.lastIndexOf('-') + 1)),
        number,
        group.operator_icao,
        cycle,
        period.start,
        period.end,
        group.currency,
        options.now,
        due,
      ],
    );
    const invoiceId = rows[0]!.invoice_id;
    const totals = await client.query<{ n: number; total: number }>(
      `WITH taken AS (
         UPDATE invoice_lines SET invoice_id = $1
          WHERE operator_icao = $2 AND currency = $3 AND invoice_id IS NULL
            AND superseded_by IS NULL AND status = 'PRICED' AND flight_date < $4::date
         RETURNING amount_minor)
       SELECT count(*)::int AS n, COALESCE(sum(amount_minor), 0)::bigint AS total FROM taken`,
      [invoiceId, group.operator_icao, group.currency, isoDate(period.end)],
    );
    const { n, total } = totals.rows[0]!;
    await client.query(
      'UPDATE invoices SET total_minor = $2, line_count = $3 WHERE invoice_id = $1',
      [invoiceId, total, n],
    );
    // Its lines, then its issue: a consumer rebuilds the whole document from the topic.
    await recordLineEvents(client, invoiceId, 'INVOICE', options.now);
    await recordInvoiceEvent(client, invoiceId, 'ISSUED', options.now);
    return n;
  });
}
