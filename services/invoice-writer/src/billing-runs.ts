import type { DatabaseAvailability, Pool } from '@overfly/db';
import { type ConsolidationOutcome, consolidate } from './consolidation.js';
import type { BillingRuns } from './jobs.js';
import { markOverdue } from './overdue.js';

export interface BillingRunOptions {
  /** PAYMENT_TERMS_DAYS. */
  dueDays: number;
  /** Told of each consolidation that ran: the service's invoices metric. */
  onConsolidated?: (outcome: Extract<ConsolidationOutcome, { ran: true }>) => void;
}

/**
 * The scheduled jobs' runs as the service makes them: a run that meets PostgreSQL away
 * waits for it and runs again for the same instant, until it gets to its end or the
 * scheduler stops. Both jobs are idempotent (an invoice per operator, cycle, period and
 * currency; an overdue mark only on an issued invoice), and an outage is no failure of the
 * run: nothing is recorded FAILED for it, and no instant is skipped.
 */
export function billingRuns(
  pool: Pool,
  database: DatabaseAvailability,
  options: BillingRunOptions,
): BillingRuns {
  return {
    consolidate: async (now, signal) => {
      const outcome = await database.untilAvailable(
        () => consolidate(pool, { now, dueDays: options.dueDays }),
        { signal },
      );
      if (outcome.ran) options.onConsolidated?.(outcome);
      return outcome;
    },
    markOverdue: (now, signal) => database.untilAvailable(() => markOverdue(pool, now), { signal }),
  };
}
