import {
  createPool,
  dropSchema,
  migrate,
  type Pool,
  uniqueSchema,
  watchAvailability,
} from '@overfly/db';
import { defaultFirLayer } from '@overfly/geo';
import type { ConsumerLoop } from '@overfly/kafka';
import type { ChargeCalculated, FirCrossing, InvoiceEvent } from '@overfly/schemas';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { startProjector } from './read-models/projector.js';
import { invoiceDetailRoutes } from './routes/invoice-detail.js';
import type { Charge } from './schemas/charge.js';
import type { RouteMap } from './schemas/invoice.js';
import { TEST_KEYS, testApp } from './test-support/app.js';
import { chargeOf, crossingOf } from './test-support/billing-inputs.js';
import { invoiceLife } from './test-support/events.js';

const { databaseUrl } = testEndpoints();
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

// Real Kafka, registry and PostgreSQL: an invoice, its charges and its flights' crossings
// from the topics, then the JSON the web page's invoice view reads beside the invoice.
describe('api: an invoice’s charges and route map as JSON', () => {
  let pool: Pool;
  let schema: string;
  let app: FastifyInstance;
  let capped: FastifyInstance;
  let projector: ConsumerLoop;

  // c00001 through EGTT, EISN, LFFF; c00003 through EGTT, EBBU; c00002 (AFR) LFFF.
  const bawA = [1, 2, 3].map((seq) =>
    crossingOf('c00001', seq, ['EGTT', 'EISN', 'LFFF'][seq - 1] as string),
  );
  const bawB = [1, 2].map((seq) =>
    crossingOf('c00003', seq, ['EGTT', 'EBBU'][seq - 1] as string, { callsign: 'BAW9' }),
  );
  const afr = crossingOf('c00002', 1, 'LFFF', { callsign: 'AFR456' });
  const charges: ChargeCalculated[] = [
    ...[...bawA, ...bawB].map((c) => chargeOf(c, 'BAW')),
    chargeOf(afr, 'AFR'),
  ];
  const lineOf = (c: ChargeCalculated): NonNullable<InvoiceEvent['line']> => ({
    chargeId: c.chargeId,
    crossingId: c.crossingId,
    flightId: c.flightId,
    callsign: c.callsign,
    firId: c.firId,
    flightDate: c.flightDate,
    amount: c.amount ?? { amountMinor: 0, currency: 'EUR' },
  });
  // The last BAW line's charge is never published: not read yet.
  const missing = { ...lineOf(charges[4] as ChargeCalculated), chargeId: 'chg-not-read' };
  const baw = invoiceLife('inv-json-baw', 'BAW', 'OVF-M-2026-000142', [
    ...charges.slice(0, 5).map(lineOf),
    missing,
  ]);
  const afrInvoice = invoiceLife('inv-json-afr', 'AFR', 'OVF-M-2026-000143', [
    lineOf(charges[5] as ChargeCalculated),
  ]);

  beforeAll(async () => {
    const { runtime, prefix } = await isolatedRuntime('api-invoice-detail');
    schema = uniqueSchema('api_detail');
    pool = createPool({ url: databaseUrl, schema, max: 4 });
    await migrate(pool, MIGRATIONS_DIR, { schema });
    const producer = await runtime.producer();
    await producer.send(
      'fir.crossings',
      [...bawA, ...bawB, afr].map((c) => ({ key: c.icao24, value: c })),
    );
    await producer.send(
      'charges.calculated',
      charges.map((c) => ({ key: c.icao24, value: c })),
    );
    await producer.send(
      'invoices.events',
      [...baw, ...afrInvoice].map((e) => ({ key: e.invoiceId, value: e })),
    );
    projector = await startProjector({
      runtime,
      pool,
      availability: watchAvailability(pool),
      groupId: `${prefix}api`,
      topicPrefix: prefix,
    });
    await waitFor(
      async () => {
        const { rows } = await pool.query(
          `SELECT (SELECT count(*) FROM crossings)::int AS x, (SELECT count(*) FROM charges)::int AS c,
                  (SELECT count(*) FROM invoice_lines)::int AS l,
                  (SELECT count(*) FROM invoices WHERE status = 'ISSUED')::int AS i`,
        );
        const r = rows[0];
        return r.x === 6 && r.c === 6 && r.l === 7 && r.i === 2 ? true : null;
      },
      { timeoutMs: 60_000, intervalMs: 100, message: 'invoices, charges and crossings read' },
    );
    const firs = defaultFirLayer();
    app = await testApp(pool, { extraRoutes: [invoiceDetailRoutes({ db: pool, firs })] });
    capped = await testApp(pool, {
      extraRoutes: [invoiceDetailRoutes({ db: pool, firs, maxFlightsOnMap: 1 })],
    });
  }, 120_000);

  afterAll(async () => {
    await projector?.stop();
    await app?.close();
    await capped?.close();
    await pool?.end();
    await dropSchema(databaseUrl, schema);
  });

  const get = (url: string, key: string = TEST_KEYS.billingBaw, on = app) =>
    on.inject({ url, headers: bearer(key) });

  it("answers the lines' charges in the order of the lines, every input with its source", async () => {
    const res = await get('/v1/invoices/inv-json-baw/charges');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Charge[];
    // Five read, the sixth line's charge is not: absent, not an error.
    expect(items.map((c) => c.chargeId)).toEqual(charges.slice(0, 5).map((c) => c.chargeId));
    expect(items[0]).toMatchObject({
      chargingZone: 'EG',
      status: 'PRICED',
      amount: { amountMinor: 238_17, currency: 'EUR' },
      inputs: {
        distanceKm: 250.5,
        distanceBasis: 'GREAT_CIRCLE',
        distanceFactor: 2.51,
        mtowKg: 78_000,
        mtowSource: 'test MTOW',
        weightFactor: 1.25,
        unitRate: { amountMinor: 75_85, currency: 'EUR' },
        unitRateSource: 'test unit rate',
        tariffVersion: 'test.v1',
      },
      passage: { crossingIds: [(bawA[0] as FirCrossing).crossingId], firIds: ['EGTT'] },
    });
  });

  it('answers each flight through its crossings and the boundaries of the FIRs crossed', async () => {
    const res = await get('/v1/invoices/inv-json-baw/route-map');
    expect(res.statusCode).toBe(200);
    const map = res.json() as RouteMap;
    expect(map.flightCount).toBe(2);
    expect(map.drawn).toBe(2);
    expect(
      map.flights.map((f) => [f.flightId, f.callsign, f.crossings.map((c) => c.firId)]),
    ).toEqual([
      [(bawA[0] as FirCrossing).flightId, 'BAW123', ['EGTT', 'EISN', 'LFFF']],
      [(bawB[0] as FirCrossing).flightId, 'BAW9', ['EGTT', 'EBBU']],
    ]);
    expect(map.flights[0]?.crossings[0]).toEqual({
      crossingId: (bawA[0] as FirCrossing).crossingId,
      firId: 'EGTT',
      entry: { latitude: 50.1, longitude: 1 },
      exit: { latitude: 50.6, longitude: 2 },
    });
    expect(map.firs.map((f) => f.id).sort()).toEqual(['EBBU', 'EGTT', 'EISN', 'LFFF']);
    for (const fir of map.firs) {
      expect(fir.rings.length).toBeGreaterThan(0);
      // Closed flat [lon, lat, …] rings, thinned: bounded however detailed the layer.
      for (const ring of fir.rings) {
        expect(ring.length % 2).toBe(0);
        expect(ring.slice(0, 2)).toEqual(ring.slice(-2));
      }
    }
    expect(res.body.length).toBeLessThan(200_000);
    const one = (
      await get('/v1/invoices/inv-json-baw/route-map', TEST_KEYS.billing, capped)
    ).json();
    expect([one.flightCount, one.drawn, one.flights.length]).toEqual([2, 1, 1]);
  });

  it('keeps each tenant to its own (404), billing data from a viewer (403)', async () => {
    for (const path of ['charges', 'route-map'])
      for (const [id, key, status] of [
        ['inv-json-baw', TEST_KEYS.billingAfr, 404],
        ['inv-json-afr', TEST_KEYS.billingBaw, 404],
        ['inv-json-afr', TEST_KEYS.billingAfr, 200],
        ['inv-json-baw', TEST_KEYS.billing, 200],
        ['no-such-invoice', TEST_KEYS.billing, 404],
        ['inv-json-baw', TEST_KEYS.viewer, 403],
      ] as const) {
        const res = await get(`/v1/invoices/${id}/${path}`, key);
        expect(res.statusCode, `${path} of ${id} with ${key}`).toBe(status);
      }
    const other = (await get('/v1/invoices/inv-json-afr/charges')).json();
    expect(other.detail).toBe('invoice inv-json-afr does not exist');
    expect((await app.inject({ url: '/v1/invoices/inv-json-baw/route-map' })).statusCode).toBe(401);
  });
});
