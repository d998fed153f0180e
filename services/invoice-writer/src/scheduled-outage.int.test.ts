// The scheduled jobs and PostgreSQL away: a run that meets the outage is no failed run. It
// waits and runs for its instant once PostgreSQL answers; a run cut short is closed by the
// next one instead of staying RUNNING for ever.
import {
  createPool,
  dropSchema,
  migrate,
  type Pool,
  uniqueSchema,
  watchAvailability,
} from '@overfly/db';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { outage } from '../../../tests/support/outage.js';
import { billingRuns } from './billing-runs.js';
import { CONSOLIDATION_JOB, consolidate } from './consolidation.js';
import { writeCharges } from './line-store.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { listRuns, openFailures } from './runs.js';
import { sampleCharge } from './test-support/charges.js';

const { databaseUrl } = testEndpoints();
const schemas: string[] = [];
const pools: Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

/** A migrated schema holding 90 March 2025 lines of three operators. */
async function billingSchema(label: string): Promise<Pool> {
  const schema = uniqueSchema(label);
  schemas.push(schema);
  const pool = createPool({ url: databaseUrl, schema, max: 3 });
  pools.push(pool);
  await migrate(pool, MIGRATIONS_DIR, { schema });
  const charges = Array.from({ length: 90 }, (_, i) => ({
    charge: sampleCharge(i, { flightDate: 20_148 + (i % 31) }),
    offset: i,
  }));
  await writeCharges(pool, { groupId: 'g', topic: 't', partition: 0 }, charges, {
    now: Date.UTC(2025, 3, 1),
  });
  return pool;
}

const APRIL_1ST = Date.UTC(2025, 3, 1, 1, 0); // March has ended

describe('scheduled runs and a PostgreSQL outage', () => {
  it('a run due while PostgreSQL is down waits, then runs for its instant: no failed run', {
    timeout: 180_000,
  }, async () => {
    const pool = await billingSchema('runs_outage');
    const lines: string[] = [];
    const database = watchAvailability(pool, {
      logger: { warn: (_, m) => lines.push(m), info: (_, m) => lines.push(m) },
    });
    const runs = billingRuns(pool, database, { dueDays: 30 });
    const stop = new AbortController();
    let due: Promise<[unknown, unknown]> | undefined;
    await outage('postgres', 10_000, async () => {
      due = Promise.all([
        runs.consolidate(APRIL_1ST, stop.signal),
        runs.markOverdue(APRIL_1ST, stop.signal),
      ]);
      due.catch(() => undefined);
    });
    const [consolidated, overdue] = await due!;
    expect(consolidated).toMatchObject({ ran: true, invoices: 3, lines: 90, failed: 0 });
    expect(overdue).toEqual({ ran: true, overdue: 0 });

    const recorded = await listRuns(pool, null);
    expect(recorded.map((r) => `${r.job} ${r.status}`).sort()).toEqual([
      'consolidation SUCCEEDED',
      'overdue SUCCEEDED',
    ]);
    expect(recorded.every((r) => r.startedAt === APRIL_1ST)).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^waiting for PostgreSQL at /);
    expect(lines[1]).toMatch(/ answers again, after /);
  });

  it('a consolidation cut short is closed by the next run, failed and then retried', async () => {
    const pool = await billingSchema('runs_cut_short');
    // What a run killed mid-way leaves: its row RUNNING, no end.
    await pool.query(
      `INSERT INTO processing_runs (job, started_at, status)
       VALUES ($1, to_timestamp($2 / 1000.0), 'RUNNING')`,
      [CONSOLIDATION_JOB, APRIL_1ST],
    );
    const outcome = await consolidate(pool, { now: APRIL_1ST, dueDays: 30 });
    expect(outcome).toMatchObject({ ran: true, invoices: 3 });
    const recorded = await listRuns(pool, CONSOLIDATION_JOB);
    expect(recorded.map((r) => r.status).sort()).toEqual(['FAILED', 'SUCCEEDED']);
    expect(recorded.find((r) => r.status === 'FAILED')).toMatchObject({
      failures: { unknown: 1 },
    });
    expect(await openFailures(pool, CONSOLIDATION_JOB)).toEqual([]);
  });
});
