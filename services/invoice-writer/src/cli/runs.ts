/**
 * pnpm overfly runs list [--job consolidation|overdue] [--limit N]
 * pnpm overfly runs retry
 * pnpm overfly runs consolidate --as-of 2018-02-01T01:00:00Z
 *
 * What the billing office asks of processing runs: which ran, how they ended, which items
 * failed (by category), and — `retry` — run consolidation and the overdue job now, which
 * picks up every failed item not yet retried (and records that it did). Safe beside the
 * running service: both jobs take their PostgreSQL advisory lock. `consolidate --as-of` is
 * back-billing's: it consolidates as the billing office would have on that date (the period
 * that had ended then, its invoice numbered in that year and due from then), then marks
 * overdue what is overdue today.
 */
import { parseArgs } from 'node:util';
import { createPool } from '@overfly/db';
import { loadWriterConfig } from '../config.js';
import { CONSOLIDATION_JOB, consolidate } from '../consolidation.js';
import { markOverdue, OVERDUE_JOB } from '../overdue.js';
import { listRuns, openFailures } from '../runs.js';

const usage =
  'usage: pnpm overfly runs list [--job consolidation|overdue] [--limit N] | pnpm overfly runs retry | pnpm overfly runs consolidate --as-of ISO';

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      job: { type: 'string' },
      'as-of': { type: 'string' },
      limit: { type: 'string', default: '20' },
      help: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || (command !== 'list' && command !== 'retry' && command !== 'consolidate')) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit <= 0) {
    console.error(`--limit: expected a positive whole number, got ${values.limit}`);
    return 2;
  }
  const asOf = values['as-of'] === undefined ? undefined : Date.parse(values['as-of']);
  if (
    command === 'consolidate' &&
    (asOf === undefined ||
      !/(Z|[+-]\d{2}:\d{2})$/.test(values['as-of'] ?? '') ||
      !Number.isFinite(asOf))
  ) {
    console.error(
      `--as-of: expected an ISO 8601 time with its zone, got ${values['as-of'] ?? 'nothing'}`,
    );
    return 2;
  }
  const config = loadWriterConfig();
  const pool = createPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, max: 2 });
  try {
    if (command === 'consolidate') {
      const consolidation = await consolidate(pool, {
        now: asOf as number,
        dueDays: config.PAYMENT_TERMS_DAYS,
      });
      const overdue = await markOverdue(pool, Date.now());
      console.log(JSON.stringify({ asOf: values['as-of'], consolidation, overdue }));
      return 0;
    }
    if (command === 'retry') {
      const now = Date.now();
      const consolidation = await consolidate(pool, { now, dueDays: config.PAYMENT_TERMS_DAYS });
      const overdue = await markOverdue(pool, now);
      console.log(JSON.stringify({ consolidation, overdue }));
      return 0;
    }
    for (const run of await listRuns(pool, values.job ?? null, limit)) {
      console.log(
        JSON.stringify({
          ...run,
          startedAt: new Date(run.startedAt).toISOString(),
          finishedAt: run.finishedAt && new Date(run.finishedAt).toISOString(),
        }),
      );
    }
    for (const job of values.job ? [values.job] : [CONSOLIDATION_JOB, OVERDUE_JOB]) {
      for (const failure of await openFailures(pool, job))
        console.error(`open failure ${job} ${JSON.stringify(failure)}`);
    }
    return 0;
  } finally {
    await pool.end();
  }
}
