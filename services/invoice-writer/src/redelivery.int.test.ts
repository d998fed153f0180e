import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import { AvroSerde, createRegistryClient } from '@overfly/kafka';
import type { ChargeCalculated } from '@overfly/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { consolidate } from './consolidation.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import {
  crossingCharge,
  passageOf,
  provisional,
  sampleCharge,
  unpricedFinal,
} from './test-support/charges.js';
import { startTestWriter } from './test-support/writer.js';
import type { InvoiceWriter } from './writer.js';

// Issue 10, findings 1 and 2: charges redelivered (a fir-analyser killed inside its
// checkpoint interval sends its crossings again, PROVISIONAL then FINAL, and fee-calculator
// prices them again with a later calculatedAt) change no document, and the live lines do
// not depend on how the charges were batched.

const { databaseUrl, registryUrl } = testEndpoints();
const schemas: string[] = [];
const pools: Pool[] = [];
const writers: InvoiceWriter[] = [];
afterAll(async () => {
  await Promise.all(writers.map((w) => w.stop()));
  await Promise.all(pools.map((p) => p.end()));
  for (const schema of schemas) await dropSchema(databaseUrl, schema);
});

const lockFile = fileURLToPath(new URL('../../../schemas/released.lock.json', import.meta.url));
/** charges.calculated as first released: no provenance fields, no passage. */
const previousSchema = (JSON.parse(readFileSync(lockFile, 'utf8')) as Record<string, object>)[
  'charges.calculated-value'
]!;

const T = 1_741_000_000_000;
const HOUR = 3_600_000;

/**
 * A writer on its own topics and schema, started by `start`; `before` runs on the schema as
 * 001_billing.sql alone made it, before the later migrations.
 */
async function billing(label: string, before?: (pool: Pool) => Promise<void>) {
  const env = await isolatedRuntime(label);
  const schema = uniqueSchema(label.replaceAll('-', '_'));
  schemas.push(schema);
  const pool = createPool({ url: databaseUrl, schema, max: 4 });
  pools.push(pool);
  if (before) {
    const first = mkdtempSync(join(tmpdir(), 'overfly-migrations-'));
    try {
      copyFileSync(join(MIGRATIONS_DIR, '001_billing.sql'), join(first, '001_billing.sql'));
      await migrate(pool, first, { schema });
    } finally {
      rmSync(first, { recursive: true, force: true });
    }
    await before(pool);
  }
  await migrate(pool, MIGRATIONS_DIR, { schema });
  const producer = await env.runtime.producer();
  let sent = 0;
  const rows = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;
  return {
    env,
    pool,
    rows,
    start: async () => {
      writers.push(await startTestWriter(env, pool));
    },
    send: async (charges: ChargeCalculated[]) => {
      await producer.send(
        'charges.calculated',
        charges.map((c) => ({ key: c.crossingId, value: c })),
      );
      sent += charges.length;
    },
    /** Sends charges as a fee-calculator of the first released schema wrote them. */
    sendPrevious: async (charges: ChargeCalculated[]) => {
      const serde = new AvroSerde(createRegistryClient(registryUrl));
      const subject = `${env.prefix}charges.calculated-value`;
      await serde.prepareWriter(subject, previousSchema);
      const previous = ({
        mtowSource: _m,
        distanceBasis: _d,
        unitRateSource: _u,
        exchangeRateSource: _x,
        passage: _p,
        ...rest
      }: ChargeCalculated) => rest;
      await producer.sendRaw(
        `${env.prefix}charges.calculated`,
        charges.map((c) => ({ key: c.crossingId, value: serde.encode(subject, previous(c)) })),
      );
      sent += charges.length;
    },
    /** Waits until the writer has stored progress past every charge sent. */
    settled: () =>
      waitFor(
        async () => {
          const [row] = await rows(
            'SELECT coalesce(sum(next_offset), 0)::int AS n FROM consumer_offsets',
          );
          return row?.n === sent;
        },
        { timeoutMs: 60_000, message: `the writer to store progress past ${sent} charges` },
      ),
  };
}

describe('invoice-writer: redelivery is idempotent at the level of documents', () => {
  it('writes no line, invoice or credit note for PROVISIONAL and identical FINAL charges redelivered after invoicing', async () => {
    const b = await billing('redelivery');
    await b.start();
    // Two crossings billed one by one, and a passage of two crossings.
    const a = crossingCharge(700, 1);
    const c = crossingCharge(701, 1);
    const p1 = crossingCharge(702, 1);
    const p2 = crossingCharge(702, 2);
    const passage = {
      ...p1,
      chargeId: 'chg_702_p',
      amount: { amountMinor: 2_345, currency: 'EUR' },
      passage: passageOf([p1.crossingId, p2.crossingId]),
    };
    await b.send([a, c, passage]);
    await b.settled();
    await consolidate(b.pool, { now: Date.UTC(2025, 3, 2, 1), dueDays: 30 });

    const documents = () =>
      b.rows('SELECT to_jsonb(i) AS doc FROM invoices i ORDER BY invoice_number');
    const lines = () =>
      b.rows(`SELECT to_jsonb(l) - 'confirmed_at' AS line FROM invoice_lines l ORDER BY line_id`);
    const events = () => b.rows('SELECT event_id FROM outbox ORDER BY seq');
    const invoices = await documents();
    expect(invoices).toHaveLength(3);
    expect(
      (
        await b.rows('SELECT count(*)::int AS n FROM invoice_lines WHERE invoice_id IS NOT NULL')
      )[0],
    ).toEqual({ n: 3 });
    const before = { invoices, lines: await lines(), events: await events() };

    // The crossings come again: PROVISIONAL first, then FINAL, priced again an hour later,
    // in runs of their own (the case), then both again in one run.
    const redelivered = (at: number) => ({
      provisional: [a, c, p1, p2].map((x) => provisional(x, at)),
      final: [a, c, passage].map((x) => ({ ...x, calculatedAt: at + 1_000 })),
    });
    const first = redelivered(T + HOUR);
    await b.send(first.provisional);
    await b.settled();
    await b.send(first.final);
    await b.settled();
    const second = redelivered(T + 2 * HOUR);
    await b.send([...second.provisional, ...second.final]);
    await b.settled();

    expect(await documents()).toEqual(before.invoices);
    expect(await lines()).toEqual(before.lines);
    expect(await events()).toEqual(before.events);
    // What moved: each line's latest calculation, which an older charge must now beat.
    expect(
      await b.rows(
        `SELECT (extract(epoch FROM confirmed_at) * 1000)::bigint AS at
           FROM invoice_lines ORDER BY line_id`,
      ),
    ).toEqual([1, 2, 3].map(() => ({ at: T + 2 * HOUR + 1_000 })));

    // A real change still bills: a new amount replaces the invoiced line, with a credit note.
    await b.send([
      { ...a, amount: { amountMinor: 1_500, currency: 'EUR' }, calculatedAt: T + 3 * HOUR },
    ]);
    await b.settled();
    expect(
      await b.rows(
        `SELECT document_type, total_minor::int AS total FROM invoices
          WHERE document_type = 'CREDIT_NOTE'`,
      ),
    ).toEqual([{ document_type: 'CREDIT_NOTE', total: -(a.amount?.amountMinor ?? 0) }]);
  });

  it('gives the same live lines whether the charges came in one run or one by one', async () => {
    // For each crossing: FINAL but UNPRICED (NO_MTOW), its PROVISIONAL charge calculated
    // later, priced charges redelivered, and a passage that takes over a crossing.
    const charges: ChargeCalculated[] = [];
    for (let n = 800; n < 830; n++) {
      const x = crossingCharge(n, 1);
      charges.push(unpricedFinal(x, T), provisional(x, T + 60_000));
    }
    for (let n = 830; n < 840; n++) {
      const x = crossingCharge(n, 1);
      const y = crossingCharge(n, 2);
      charges.push(
        x,
        provisional(y, T + 60_000),
        { ...x, calculatedAt: T + 120_000 },
        {
          ...x,
          chargeId: `chg_${n}_p`,
          amount: { amountMinor: 3_000, currency: 'EUR' },
          passage: passageOf([x.crossingId, y.crossingId]),
          calculatedAt: T + 150_000,
        },
        provisional(x, T + 180_000),
      );
    }

    // All of them waiting before the writer starts: runs of many charges.
    const whole = await billing('batching-whole');
    await whole.send(charges);
    await whole.start();
    await whole.settled();

    // One at a time, newest first, each written before the next is sent.
    const single = await billing('batching-single');
    await single.start();
    for (const charge of [...charges].reverse()) {
      await single.send([charge]);
      await single.settled();
    }

    const live = (b: typeof whole) =>
      b.rows(
        `SELECT crossing_id, status, split_part(reason, ':', 1) AS reason, distance_km,
                amount_minor::int AS amount, passage_crossing_ids
           FROM invoice_lines WHERE superseded_by IS NULL ORDER BY crossing_id`,
      );
    const lines = await live(whole);
    expect(await live(single)).toEqual(lines);
    // Each crossing on its FINAL charge; each passage billing both its crossings.
    expect(lines).toHaveLength(40);
    expect(lines.filter((l) => l.reason === 'CROSSING_NOT_FINAL')).toEqual([]);
    expect(lines.filter((l) => l.passage_crossing_ids !== null)).toHaveLength(10);
    expect(lines.every((l) => l.distance_km === sampleCharge(0).distanceKm)).toBe(true);
  });

  it('writes nothing when charges of the first schema are replayed over lines written before 002', async () => {
    // Lines the writer wrote before migrations 002–004, invoiced after them.
    const old = sampleCharge(900, { chargingZone: 'LS' });
    const noZone = sampleCharge(901, {
      crossingId: `${sampleCharge(901).icao24}-1740787200000-901-EGTT`,
      firId: 'EGTT',
      chargingZone: '',
      status: 'UNPRICED',
      amount: null,
      unitRate: null,
      reason: 'NO_CHARGING_ZONE: the FIR is in no charging zone (FIR EGTT)',
    });
    const b = await billing('replay-old', async (pool) => {
      for (const c of [old, noZone])
        await pool.query(
          `INSERT INTO invoice_lines (charge_id, crossing_id, tariff_version, flight_id, icao24,
             callsign, operator_icao, aircraft_type, fir_id, charging_zone, flight_date,
             tariff_month, distance_km, service_units, status, amount_minor, currency, reason,
             calculated_at, source_partition, source_offset)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, DATE '1970-01-01' + $11::int, $12,
                   $13, $14, $15, $16, $17, $18, to_timestamp($19 / 1000.0), 0, 0)`,
          [
            c.chargeId,
            c.crossingId,
            c.tariffVersion ?? '',
            c.flightId,
            c.icao24,
            c.callsign,
            c.operatorIcao,
            c.aircraftType,
            c.firId,
            c.chargingZone,
            c.flightDate,
            c.tariffMonth,
            c.distanceKm,
            c.serviceUnits,
            c.status,
            c.status === 'PRICED' ? c.amount?.amountMinor : null,
            c.amount?.currency ?? null,
            c.reason,
            c.calculatedAt,
          ],
        );
    });
    await consolidate(b.pool, { now: Date.UTC(2025, 3, 2, 1), dueDays: 30 });
    const lines = () =>
      b.rows(`SELECT to_jsonb(l) - 'confirmed_at' AS line FROM invoice_lines l ORDER BY line_id`);
    const before = await lines();
    expect(before.filter((r) => r.line.invoice_id !== null)).toHaveLength(1);

    await b.start();
    await b.sendPrevious([old, noZone].map((c) => ({ ...c, calculatedAt: c.calculatedAt + HOUR })));
    await b.settled();
    expect(await lines()).toEqual(before);
    expect(await b.rows('SELECT document_type FROM invoices ORDER BY invoice_number')).toEqual([
      { document_type: 'INVOICE' },
    ]);
    expect((await b.env.runtime.readDeadLetters()).letters).toEqual([]);
  });
});
