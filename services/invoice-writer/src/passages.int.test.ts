import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import type { ChargeCalculated, ChargedPassage } from '@overfly/schemas';
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
const schema = uniqueSchema('passages');
let pool: Pool;
let writer: InvoiceWriter;
let env: Awaited<ReturnType<typeof isolatedRuntime>>;

beforeAll(async () => {
  env = await isolatedRuntime('invoice-passages');
  pool = createPool({ url: databaseUrl, schema, max: 4 });
  await migrate(pool, MIGRATIONS_DIR, { schema });
  writer = await startTestWriter(env, pool);
});
afterAll(async () => {
  await writer?.stop();
  await pool?.end();
  await dropSchema(databaseUrl, schema);
});

const send = async (charges: ChargeCalculated[]) =>
  (await env.runtime.producer()).send(
    'charges.calculated',
    charges.map((c) => ({ key: c.crossingId, value: c })),
  );

const rows = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;

/** A passage of flight n through zone LS made of crossings `ids` (the first is its id). */
function passage(ids: string[]): ChargedPassage {
  return {
    crossingIds: ids,
    firIds: ids.map((id) => id.slice(id.lastIndexOf('-') + 1)),
    entryTime: Date.UTC(2025, 2, 1, 10),
    exitTime: Date.UTC(2025, 2, 1, 11),
    entryLatitude: 46,
    entryLongitude: 6,
    exitLatitude: 47.5,
    exitLongitude: 9.5,
    greatCircleDistanceKm: 310.2,
    flownDistanceKm: 322.9,
    takeOffs: 1,
    landings: 0,
    departureAirport: 'LSGG',
    arrivalAirport: null,
  };
}

describe('invoice-writer and charging-zone passages', () => {
  it('bills a passage on one line that names its crossings, entry, exit and take-offs', async () => {
    const first = sampleCharge(1);
    const ids = [first.crossingId, first.crossingId.replace(/-1-LSAS$/, '-2-LSAZ')];
    await send([{ ...first, passage: passage(ids) }]);
    const [line] = await waitFor(async () => {
      const found = await rows(
        `SELECT crossing_id, passage_crossing_ids, passage_fir_ids, passage_take_offs,
                passage_departure_airport, passage_great_circle_km,
                (extract(epoch FROM passage_entry_time) * 1000)::bigint AS entry
           FROM invoice_lines WHERE crossing_id = $1`,
        [first.crossingId],
      );
      return found.length > 0 ? found : null;
    });
    expect(line).toEqual({
      crossing_id: first.crossingId,
      passage_crossing_ids: ids,
      passage_fir_ids: ['LSAS', 'LSAZ'],
      passage_take_offs: 1,
      passage_departure_airport: 'LSGG',
      passage_great_circle_km: 310.2,
      entry: Date.UTC(2025, 2, 1, 10),
    });
  });

  it('takes over the invoiced lines of crossings billed one by one, with a credit note each', async () => {
    // Two crossings of one flight in one zone, billed one by one (before passages), invoiced.
    const a = sampleCharge(10);
    const b = sampleCharge(10, {
      chargeId: 'chg_10b',
      crossingId: a.crossingId.replace(/-10-LSAS$/, '-11-LSAZ'),
      firId: 'LSAZ',
      amount: { amountMinor: 700, currency: 'EUR' },
    });
    await send([a, b]);
    await waitFor(
      async () =>
        (await rows('SELECT 1 FROM invoice_lines WHERE flight_id = $1', [a.flightId])).length === 2,
    );
    await consolidate(pool, { now: Date.UTC(2025, 3, 2, 1), dueDays: 30 });
    const invoiced = await rows(
      'SELECT crossing_id FROM invoice_lines WHERE flight_id = $1 AND invoice_id IS NOT NULL',
      [a.flightId],
    );
    expect(invoiced).toHaveLength(2);

    // The same flight priced as one passage: one line bills both crossings from now on.
    const whole = {
      ...a,
      chargeId: 'chg_10p',
      amount: { amountMinor: 1_650, currency: 'EUR' },
      calculatedAt: a.calculatedAt + 1_000,
      passage: passage([a.crossingId, b.crossingId]),
    };
    await send([whole]);
    const live = await waitFor(async () => {
      const found = await rows(
        `SELECT crossing_id, amount_minor, invoice_id FROM invoice_lines
          WHERE flight_id = $1 AND superseded_by IS NULL`,
        [a.flightId],
      );
      return found.length === 1 ? found : null;
    });
    expect(live).toEqual([{ crossing_id: a.crossingId, amount_minor: 1_650, invoice_id: null }]);
    const notes = await rows(
      `SELECT n.total_minor FROM invoices n JOIN credit_note_lines c ON c.credit_note_id = n.invoice_id
         JOIN invoice_lines l ON l.line_id = c.line_id WHERE l.flight_id = $1 ORDER BY n.total_minor`,
      [a.flightId],
    );
    expect(notes).toEqual([{ total_minor: -(a.amount?.amountMinor ?? 0) }, { total_minor: -700 }]);
    // Sent again (a redelivery), the passage changes nothing more: once a charge sent after
    // it is written, the flight still has its three lines.
    const marker = sampleCharge(99);
    await send([whole, marker]);
    await waitFor(
      async () =>
        (await rows('SELECT 1 FROM invoice_lines WHERE crossing_id = $1', [marker.crossingId]))
          .length === 1,
    );
    expect(
      await rows('SELECT count(*)::int AS n FROM invoice_lines WHERE flight_id = $1', [a.flightId]),
    ).toEqual([{ n: 3 }]);
  });
});
