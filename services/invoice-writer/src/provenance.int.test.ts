// Every invoice line says where its figures come from: the MTOW's table row, the unit
// rate's and exchange rate's tariff rows, the distance basis (migrations/002). Charges of
// the previous charges.calculated version, without those fields, are still written.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import { AvroSerde, createRegistryClient } from '@overfly/kafka';
import type { ChargeCalculated } from '@overfly/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { sampleCharge } from './test-support/charges.js';
import { startTestWriter } from './test-support/writer.js';
import type { InvoiceWriter } from './writer.js';

const { databaseUrl, registryUrl } = testEndpoints();
const lockFile = fileURLToPath(new URL('../../../schemas/released.lock.json', import.meta.url));
/** charges.calculated as first released: no provenance fields, chargingZone a plain string. */
const previousSchema = (JSON.parse(readFileSync(lockFile, 'utf8')) as Record<string, object>)[
  'charges.calculated-value'
]!;

const schema = uniqueSchema('provenance');
let pool: Pool;
let writer: InvoiceWriter | undefined;
let env: Awaited<ReturnType<typeof isolatedRuntime>>;

interface ProvenanceRow {
  crossing_id: string;
  status: string;
  charging_zone: string | null;
  distance_basis: string | null;
  mtow_source: string | null;
  unit_rate_source: string | null;
  exchange_rate_source: string | null;
}

const provenanceOf = async (crossingIds: string[]): Promise<ProvenanceRow[]> =>
  (
    await pool.query<ProvenanceRow>(
      `SELECT crossing_id, status, charging_zone, distance_basis, mtow_source, unit_rate_source,
              exchange_rate_source
         FROM invoice_lines WHERE crossing_id = ANY($1) AND superseded_by IS NULL
        ORDER BY crossing_id`,
      [crossingIds],
    )
  ).rows;

/** Waits until every crossing has a live line. */
const linesOf = (charges: ChargeCalculated[]) =>
  waitFor(
    async () => {
      const rows = await provenanceOf(charges.map((c) => c.crossingId));
      return rows.length === charges.length ? rows : null;
    },
    { message: `${charges.length} lines` },
  );

beforeAll(async () => {
  env = await isolatedRuntime('invoice-provenance');
  pool = createPool({ url: databaseUrl, schema, max: 4 });
  // The schema as a deployed writer had it before 002: one line written then, '' as its zone.
  const before = mkdtempSync(join(tmpdir(), 'overfly-migrations-'));
  try {
    copyFileSync(join(MIGRATIONS_DIR, '001_billing.sql'), join(before, '001_billing.sql'));
    await migrate(pool, before, { schema });
  } finally {
    rmSync(before, { recursive: true, force: true });
  }
  await pool.query(
    `INSERT INTO invoice_lines (charge_id, crossing_id, tariff_version, flight_id, icao24,
       fir_id, charging_zone, flight_date, tariff_month, distance_km, status, reason,
       calculated_at, source_partition, source_offset)
     VALUES ('chg_old', '4ca001-1740787200000-1-EGTT', '2025-03.v1', 'f', '4ca001', 'EGTT', '',
             DATE '2025-03-01', '2025-03', 100, 'UNPRICED', 'NO_CHARGING_ZONE: x', now(), 0, 0)`,
  );
  await migrate(pool, MIGRATIONS_DIR, { schema });
  writer = await startTestWriter(env, pool);
});
afterAll(async () => {
  await writer?.stop();
  await pool?.end();
  await dropSchema(databaseUrl, schema);
});

describe('invoice lines trace their figures', () => {
  it('keeps a line written before the migration, with null provenance and no zone instead of ""', async () => {
    expect(await provenanceOf(['4ca001-1740787200000-1-EGTT'])).toEqual([
      {
        crossing_id: '4ca001-1740787200000-1-EGTT',
        status: 'UNPRICED',
        charging_zone: null,
        distance_basis: null,
        mtow_source: null,
        unit_rate_source: null,
        exchange_rate_source: null,
      },
    ]);
  });

  it('stores the MTOW, unit-rate and exchange-rate sources and the distance basis of each charge', async () => {
    const priced = sampleCharge(1, {
      mtowSource: 'EASA TCDS A.064 (override)',
      unitRate: { amountMinor: 10_000, currency: 'CHF' },
      unitRateSource: 'CRCO unit rates, LS 2025-03',
      exchangeRate: '1.05',
      exchangeRateSource: 'CRCO monthly adjusted rates, CHF→EUR 2025-03',
    });
    const flown = sampleCharge(2, { distanceBasis: 'FLOWN' });
    const noZone = sampleCharge(3, {
      crossingId: `${sampleCharge(3).icao24}-1740787200000-3-EGTT`,
      firId: 'EGTT',
      chargingZone: null,
      status: 'UNPRICED',
      amount: null,
      unitRate: null,
      unitRateSource: null,
      reason: 'NO_CHARGING_ZONE: the FIR is in no charging zone (FIR EGTT)',
    });
    const noRate = sampleCharge(4, {
      status: 'UNPRICED',
      amount: null,
      unitRate: null,
      unitRateSource: null,
      reason: 'NO_UNIT_RATE: no unit rate (zone LS, 2025-03)',
    });
    const charges = [priced, flown, noZone, noRate];
    await (await env.runtime.producer()).send(
      'charges.calculated',
      charges.map((c) => ({ key: c.crossingId, value: c })),
    );
    const rows = await linesOf(charges);
    const byCrossing = new Map(rows.map((r) => [r.crossing_id, r]));
    expect(byCrossing.get(priced.crossingId)).toEqual({
      crossing_id: priced.crossingId,
      status: 'PRICED',
      charging_zone: 'LS',
      distance_basis: 'GREAT_CIRCLE',
      mtow_source: 'EASA TCDS A.064 (override)',
      unit_rate_source: 'CRCO unit rates, LS 2025-03',
      exchange_rate_source: 'CRCO monthly adjusted rates, CHF→EUR 2025-03',
    });
    expect(byCrossing.get(flown.crossingId)).toMatchObject({
      distance_basis: 'FLOWN',
      mtow_source: 'ps-aircraft-params-20250328.csv (pycontrails, Apache-2.0), MTOM_kg of A320',
      unit_rate_source: 'TEST unit rate of LS for 2025-03',
      exchange_rate_source: null,
    });
    expect(byCrossing.get(noZone.crossingId)).toMatchObject({
      status: 'UNPRICED',
      charging_zone: null,
      unit_rate_source: null,
    });
    expect(byCrossing.get(noRate.crossingId)).toMatchObject({
      status: 'UNPRICED',
      charging_zone: 'LS',
      unit_rate_source: null,
      mtow_source: 'ps-aircraft-params-20250328.csv (pycontrails, Apache-2.0), MTOM_kg of A320',
    });
  });

  it('accepts charges written with the previous schema version, without the new fields', async () => {
    // Encoded with the released schema under its own subject, as a fee-calculator built
    // before the fields existed would have written them; the writer reads them with today's.
    const serde = new AvroSerde(createRegistryClient(registryUrl));
    const subject = `${env.prefix}charges.calculated-value`;
    await serde.prepareWriter(subject, previousSchema);
    const previousVersion = (charge: ChargeCalculated): Record<string, unknown> => {
      const {
        mtowSource: _m,
        distanceBasis: _d,
        unitRateSource: _u,
        exchangeRateSource: _x,
        ...rest
      } = charge;
      return rest;
    };
    const priced = sampleCharge(10);
    const noZone = sampleCharge(11, {
      crossingId: `${sampleCharge(11).icao24}-1740787200000-11-EGTT`,
      firId: 'EGTT',
      chargingZone: '', // what the previous version wrote for "no zone"
      status: 'UNPRICED',
      amount: null,
      unitRate: null,
      reason: 'NO_CHARGING_ZONE: the FIR is in no charging zone (FIR EGTT)',
    });
    const producer = await env.runtime.producer();
    await producer.sendRaw(
      `${env.prefix}charges.calculated`,
      [priced, noZone].map((c) => ({
        key: c.crossingId,
        value: serde.encode(subject, previousVersion(c)),
      })),
    );
    const rows = await linesOf([priced, noZone]);
    expect(rows).toEqual([
      {
        crossing_id: priced.crossingId,
        status: 'PRICED',
        charging_zone: 'LS',
        // The schema's default: which basis the previous version used is not on the record.
        distance_basis: 'UNKNOWN',
        mtow_source: null,
        unit_rate_source: null,
        exchange_rate_source: null,
      },
      {
        crossing_id: noZone.crossingId,
        status: 'UNPRICED',
        charging_zone: null,
        distance_basis: 'UNKNOWN',
        mtow_source: null,
        unit_rate_source: null,
        exchange_rate_source: null,
      },
    ]);
    const amount = await pool.query<{ amount_minor: number }>(
      'SELECT amount_minor FROM invoice_lines WHERE crossing_id = $1',
      [priced.crossingId],
    );
    expect(amount.rows[0]?.amount_minor).toBe(priced.amount!.amountMinor);
    expect((await env.runtime.readDeadLetters()).letters).toEqual([]);
  });
});
