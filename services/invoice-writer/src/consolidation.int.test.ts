import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import type { InvoiceEvent } from '@overfly/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { CONSOLIDATION_JOB, consolidate } from './consolidation.js';
import { writeCharges } from './line-store.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { relayOutbox } from './outbox-relay.js';
import { markOverdue, OVERDUE_JOB } from './overdue.js';
import { listRuns, openFailures, recordFailedRun } from './runs.js';
import { sampleCharge } from './test-support/charges.js';

const { databaseUrl } = testEndpoints();
const schema = uniqueSchema('consolidation');
const instances: Pool[] = [];

beforeAll(async () => {
  for (let i = 0; i < 3; i++) instances.push(createPool({ url: databaseUrl, schema, max: 3 }));
  await migrate(instances[0]!, MIGRATIONS_DIR, { schema });
  await instances[0]!.query("INSERT INTO customers VALUES ('AFR', 'WEEKLY')");
  // March 2025: 600 charges of three operators, written as the consumer would.
  const charges = Array.from({ length: 600 }, (_, i) => ({
    charge: sampleCharge(i, { flightDate: 20_148 + (i % 31) }),
    offset: i,
  }));
  await writeCharges(instances[0]!, { groupId: 'g', topic: 't', partition: 0 }, charges, {
    now: Date.UTC(2025, 3, 1),
  });
});
afterAll(async () => {
  await Promise.all(instances.map((p) => p.end()));
  await dropSchema(databaseUrl, schema);
});

describe('consolidation, overdue and outbox', () => {
  it('issues one invoice per operator and period from three instances, numbered without gaps', async () => {
    const now = Date.UTC(2025, 3, 1, 1, 0); // 1 April 01:00: March and the week to 31 March ended
    const outcomes = await Promise.all(
      instances.map((pool) => consolidate(pool, { now, dueDays: 30 })),
    );
    // Whoever lost the lock ran after the winner or not at all: nothing issued twice.
    await Promise.all(instances.map((pool) => consolidate(pool, { now, dueDays: 30 })));
    expect(outcomes.filter((o) => o.ran).length).toBeGreaterThanOrEqual(1);
    const { rows } = await instances[0]!.query<{
      operator_icao: string;
      billing_cycle: string;
      invoice_number: string;
      line_count: number;
    }>(
      `SELECT operator_icao, billing_cycle, invoice_number, line_count FROM invoices
        WHERE document_type = 'INVOICE' ORDER BY invoice_number`,
    );
    expect(rows.map((r) => `${r.operator_icao}/${r.billing_cycle}`).sort()).toEqual([
      'AFR/WEEKLY',
      'DLH/MONTHLY',
      'SWR/MONTHLY',
    ]);
    const monthly = rows.filter((r) => r.billing_cycle === 'MONTHLY').map((r) => r.invoice_number);
    expect(monthly.sort()).toEqual(['OVF-M-2025-000001', 'OVF-M-2025-000002']);
    expect(rows.find((r) => r.billing_cycle === 'WEEKLY')?.invoice_number).toBe(
      'OVF-W-2025-000001',
    );
    // 1 April 2025 is a Tuesday: AFR's last ended week is 24–30 March, so its 6 lines of
    // Monday 31 March wait for the next weekly invoice.
    expect(rows.reduce((s, r) => s + r.line_count, 0)).toBe(594);
    const runs = await listRuns(instances[0]!, 'consolidation');
    expect(runs.every((r) => r.status === 'SUCCEEDED')).toBe(true);
  });

  it('turns unpaid invoices past due OVERDUE on the clock it is given', async () => {
    const pool = instances[1]!;
    expect(await markOverdue(pool, Date.UTC(2025, 4, 1, 12))).toEqual({ ran: true, overdue: 0 });
    expect(await markOverdue(pool, Date.UTC(2025, 4, 2, 12))).toEqual({ ran: true, overdue: 3 });
    const { rows } = await pool.query(
      "SELECT DISTINCT status FROM invoices WHERE document_type = 'INVOICE'",
    );
    expect(rows).toEqual([{ status: 'OVERDUE' }]);
  });

  it('relays every outbox event to invoices.events exactly once', async () => {
    const env = await isolatedRuntime('invoice-outbox');
    const producer = await env.runtime.producer();
    const relayed = await Promise.all(instances.map((pool) => relayOutbox(pool, producer)));
    const again = await relayOutbox(instances[0]!, producer);
    expect(again).toBe(0);
    const events: InvoiceEvent[] = [];
    await env.runtime.readToEnd('invoices.events', (m) => {
      if (m.value) events.push(m.value);
    });
    const ids = events.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(relayed.reduce((a, b) => a + b, 0));
    const byType = (t: string) => events.filter((e) => e.type === t);
    // Each invoice's lines, then its issue; then each turned OVERDUE.
    expect(byType('ISSUED')).toHaveLength(3);
    expect(byType('OVERDUE')).toHaveLength(3);
    expect(byType('LINE_ADDED')).toHaveLength(594);
    expect(ids.length).toBe(600);
    for (const issued of byType('ISSUED')) {
      const lines = events.filter(
        (e) => e.invoiceId === issued.invoiceId && e.type === 'LINE_ADDED',
      );
      expect(lines).toHaveLength(issued.lineCount);
      expect(lines.reduce((s, e) => s + (e.line?.amount.amountMinor ?? 0), 0)).toBe(
        issued.total.amountMinor,
      );
      expect(events.indexOf(lines.at(-1) as InvoiceEvent)).toBeLessThan(events.indexOf(issued));
    }
    expect(events.filter((e) => e.type === 'OVERDUE').every((e) => e.status === 'OVERDUE')).toBe(
      true,
    );
  });

  // A pool waiting for a second connection never answers: the timeout is the failure.
  it('consolidates on a pool of one connection (DATABASE_POOL_SIZE=1)', {
    timeout: 15_000,
  }, async () => {
    const pool = createPool({ url: databaseUrl, schema, max: 1 });
    instances.push(pool);
    const outcome = await consolidate(pool, { now: Date.UTC(2025, 3, 8, 1, 0), dueDays: 30 });
    // 8 April: AFR's week of 31 March has ended, and with it the wait of its 6 lines.
    expect(outcome).toMatchObject({ ran: true, invoices: 1, lines: 6, failed: 0 });
  });

  it('records a run that failed whole as FAILED, open until the next run of its job ends', async () => {
    const pool = instances[0]!;
    const at = Date.UTC(2025, 4, 3, 0);
    await recordFailedRun(pool, OVERDUE_JOB, at, new Error('database unavailable'), at + 1_000);
    expect((await listRuns(pool, OVERDUE_JOB, 1))[0]).toMatchObject({
      job: OVERDUE_JOB,
      startedAt: at,
      finishedAt: at + 1_000,
      status: 'FAILED',
      failed: 1,
      failures: { unknown: 1 },
    });
    expect(await openFailures(pool, OVERDUE_JOB)).toMatchObject([
      { itemKey: OVERDUE_JOB, category: 'unknown', message: 'database unavailable' },
    ]);
    expect(await openFailures(pool, CONSOLIDATION_JOB)).toEqual([]);
    await markOverdue(pool, at + 3_600_000);
    expect(await openFailures(pool, OVERDUE_JOB)).toEqual([]);
  });
});
