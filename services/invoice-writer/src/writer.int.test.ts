import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { consolidate } from './consolidation.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { sampleCharge } from './test-support/charges.js';
import { startTestWriter } from './test-support/writer.js';
import type { InvoiceWriter } from './writer.js';

const { databaseUrl } = testEndpoints();
const schema = uniqueSchema('writer');
let pool: Pool;
let writer: InvoiceWriter;
let env: Awaited<ReturnType<typeof isolatedRuntime>>;

beforeAll(async () => {
  env = await isolatedRuntime('invoice-writer');
  pool = createPool({ url: databaseUrl, schema, max: 4 });
  await migrate(pool, MIGRATIONS_DIR, { schema });
  writer = await startTestWriter(env, pool);
});
afterAll(async () => {
  await writer?.stop();
  await pool?.end();
  await dropSchema(databaseUrl, schema);
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await pool.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0);

describe('invoice-writer', () => {
  it('writes one line per charge, records EXEMPT and UNPRICED, and dead-letters bad input', async () => {
    const producer = await env.runtime.producer();
    const good = Array.from({ length: 300 }, (_, i) => sampleCharge(i));
    const exempt = sampleCharge(1000, {
      status: 'EXEMPT',
      amount: null,
      exemptionCode: 'STATE',
      reason: 'state flight',
    });
    const unpriced = sampleCharge(1001, {
      status: 'UNPRICED',
      amount: null,
      operatorIcao: null,
      reason: 'unknown aircraft type',
    });
    const bad = [
      sampleCharge(2000, { distanceKm: -5 }),
      sampleCharge(2001, { amount: { amountMinor: 5, currency: 'EUU' } }),
      sampleCharge(2002, { crossingId: 'not-a-crossing' }),
    ];
    const all = [...good.slice(0, 150), ...bad, exempt, unpriced, ...good.slice(150), ...good];
    await producer.send(
      'charges.calculated',
      all.map((c) => ({ key: c.crossingId, value: c })),
    );
    await waitFor(async () => (await count('SELECT count(*) AS n FROM invoice_lines')) === 302, {
      message: '302 lines',
    });
    const letters = await waitFor(async () => {
      const read = await env.runtime.readDeadLetters();
      return read.letters.length >= 3 ? read.letters : null;
    });
    expect(letters.map((l) => l.letter.errorCode).sort()).toEqual([
      'INVOICE_WRITER_CROSSING_ID_INVALID',
      'INVOICE_WRITER_CURRENCY_UNKNOWN',
      'INVOICE_WRITER_DISTANCE_INVALID',
    ]);
    const { rows } = await pool.query(
      "SELECT status, amount_minor, reason FROM invoice_lines WHERE status <> 'PRICED' ORDER BY status",
    );
    expect(rows).toEqual([
      { status: 'EXEMPT', amount_minor: 0, reason: 'state flight' },
      { status: 'UNPRICED', amount_minor: null, reason: 'unknown aircraft type' },
    ]);
    expect(
      await count(
        "SELECT count(*) AS n FROM invoice_lines WHERE crossing_id LIKE '%-2000-%' OR crossing_id LIKE '%-2001-%'",
      ),
    ).toBe(0);
    const sum = await count(
      "SELECT sum(amount_minor) AS n FROM invoice_lines WHERE status = 'PRICED'",
    );
    expect(sum).toBe(good.reduce((s, c) => s + c.amount!.amountMinor, 0));
    // The database's offset covers every message, the dead letters included.
    await waitFor(
      async () =>
        (await count('SELECT sum(next_offset) AS n FROM consumer_offsets')) === all.length,
      { message: 'stored offsets at the end' },
    );
  });

  it('credits an invoiced line whose charge changed, and never edits the invoice', async () => {
    const now = Date.UTC(2025, 3, 2, 1, 0);
    const first = await consolidate(pool, { now, dueDays: 30 });
    expect(first).toMatchObject({ ran: true, invoices: 3, lines: 300 });
    const before = await pool.query(
      "SELECT invoice_id, total_minor, line_count FROM invoices WHERE document_type = 'INVOICE' ORDER BY 1",
    );
    const changed = sampleCharge(7, {
      tariffVersion: '2025-03.v2',
      amount: { amountMinor: 5_000, currency: 'EUR' },
      calculatedAt: 1_742_000_000_000,
    });
    await (await env.runtime.producer()).send('charges.calculated', [
      { key: changed.crossingId, value: changed },
    ]);
    await waitFor(
      async () =>
        (await count("SELECT count(*) AS n FROM invoices WHERE document_type = 'CREDIT_NOTE'")) ===
        1,
      { message: 'a credit note' },
    );
    const note = await pool.query(
      "SELECT invoice_number, total_minor, related_invoice_id FROM invoices WHERE document_type = 'CREDIT_NOTE'",
    );
    expect(note.rows[0]).toMatchObject({
      invoice_number: `OVF-CN-${new Date().getUTCFullYear()}-000001`,
      total_minor: -(1_000 + 7),
    });
    const live = await pool.query(
      `SELECT revision, tariff_version, amount_minor, invoice_id FROM invoice_lines
        WHERE crossing_id = $1 AND superseded_by IS NULL`,
      [changed.crossingId],
    );
    expect(live.rows).toEqual([
      { revision: 2, tariff_version: '2025-03.v2', amount_minor: 5_000, invoice_id: null },
    ]);
    const after = await pool.query(
      "SELECT invoice_id, total_minor, line_count FROM invoices WHERE document_type = 'INVOICE' ORDER BY 1",
    );
    expect(after.rows).toEqual(before.rows);
  });
});
