import {
  createPool,
  dropSchema,
  migrate,
  type Pool,
  uniqueSchema,
  watchAvailability,
} from '@overfly/db';
import type { ConsumerLoop, KafkaRuntime } from '@overfly/kafka';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { startProjector } from './read-models/projector.js';
import { TEST_KEYS, testApp } from './test-support/app.js';
import { chargeOf, crossingOf } from './test-support/billing-inputs.js';

const { databaseUrl } = testEndpoints();
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

// Real Kafka, registry and PostgreSQL: crossings and charges read from their topics, as
// fir-analyser and fee-calculator write them (versions, re-pricing, redelivery), then the
// REST routes a clerk checks a charge with.
describe('api: crossings and charges', () => {
  let pool: Pool;
  let schema: string;
  let app: FastifyInstance;
  let runtime: KafkaRuntime;
  let prefix: string;
  const projectors: ConsumerLoop[] = [];
  let published = 0;

  // BAW123 (c00001) through EGTT, EISN, LFFF; AFR456 (c00002) through LFFF, LSAS; and 25
  // DLH flights through EDGG, one crossing each, for the pages.
  const baw = [1, 2, 3].map((seq) =>
    crossingOf('c00001', seq, ['EGTT', 'EISN', 'LFFF'][seq - 1] as string),
  );
  const afr = [1, 2].map((seq) =>
    crossingOf('c00002', seq, ['LFFF', 'LSAS'][seq - 1] as string, { callsign: 'AFR456' }),
  );
  const dlh = Array.from({ length: 25 }, (_, i) =>
    crossingOf(`d${String(i).padStart(5, '0')}`, 1 + (i % 4), 'EDGG', {
      callsign: `DLH${100 + i}`,
    }),
  );
  const first = baw[0] as (typeof baw)[number];
  // The first BAW crossing while the aircraft was inside: no exit yet.
  const provisional = {
    ...first,
    status: 'PROVISIONAL' as const,
    exitTime: null,
    exitLatitude: null,
    exitLongitude: null,
    exitReason: null,
    producedAt: first.entryTime + 60_000,
  };
  // Its charge priced twice: tariff v2 (the later calculation) must stay, even when the v1
  // calculation is delivered after it.
  const repriced = chargeOf(first, 'BAW', {
    tariffVersion: 'test.v2',
    amount: { amountMinor: 250_00, currency: 'EUR' },
    calculatedAt: first.producedAt + 86_400_000,
  });
  const charges = [
    repriced,
    chargeOf(first, 'BAW'),
    ...baw.slice(1).map((c) => chargeOf(c, 'BAW')),
    chargeOf(afr[0] as (typeof afr)[number], 'AFR'),
    chargeOf(afr[1] as (typeof afr)[number], 'AFR', {
      status: 'EXEMPT',
      amount: null,
      exemptionCode: 'STATE',
      reason: 'state flight',
    }),
    ...dlh.map((c) => chargeOf(c, 'DLH')),
  ];

  const startAgain = (group: string) =>
    startProjector({
      runtime,
      pool,
      availability: watchAvailability(pool),
      groupId: `${prefix}${group}`,
      topicPrefix: prefix,
    });

  beforeAll(async () => {
    ({ runtime, prefix } = await isolatedRuntime('api-crossings'));
    schema = uniqueSchema('api_cc');
    pool = createPool({ url: databaseUrl, schema, max: 4 });
    await migrate(pool, MIGRATIONS_DIR, { schema });
    const producer = await runtime.producer();
    const crossings = [provisional, ...baw, ...afr, ...dlh, baw[1] as (typeof baw)[number]];
    await producer.send(
      'fir.crossings',
      crossings.map((c) => ({ key: c.icao24, value: c })),
    );
    await producer.send(
      'charges.calculated',
      charges.map((c) => ({ key: c.icao24, value: c })),
    );
    published = crossings.length + charges.length;
    projectors.push(await startAgain('api'));
    await waitFor(
      async () => {
        const { rows } = await pool.query(
          'SELECT (SELECT count(*) FROM crossings)::int AS c, (SELECT count(*) FROM charges)::int AS g',
        );
        return rows[0].c === 30 && rows[0].g === 30 ? true : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, message: 'crossings and charges read' },
    );
    app = await testApp(pool);
  }, 120_000);

  afterAll(async () => {
    for (const p of projectors) await p.stop();
    await app?.close();
    await pool?.end();
    await dropSchema(databaseUrl, schema);
  });

  const get = (url: string, key: string = TEST_KEYS.admin) =>
    app.inject({ url, headers: bearer(key) });

  it('holds each crossing’s latest version, and filters by FIR, operator and status', async () => {
    const one = (await get(`/v1/crossings/${first.crossingId}`, TEST_KEYS.viewer)).json();
    expect(one).toMatchObject({
      crossingId: first.crossingId,
      status: 'FINAL',
      operator: 'BAW',
      exit: { latitude: first.exitLatitude, longitude: first.exitLongitude },
      exitTime: first.exitTime,
      greatCircleDistanceKm: 250.5,
    });
    const lfff = (await get('/v1/crossings?fir=LFFF')).json();
    expect(lfff.items.map((c: { operator: string }) => c.operator).sort()).toEqual(['AFR', 'BAW']);
    expect((await get('/v1/crossings?operator=BAW&limit=10')).json().items).toHaveLength(3);
    expect((await get('/v1/crossings?status=PROVISIONAL')).json().items).toEqual([]);
    const flight = (await get(`/v1/crossings?flightId=${first.flightId}`)).json();
    expect(flight.items.map((c: { firId: string }) => c.firId)).toEqual(['LFFF', 'EISN', 'EGTT']);
  });

  it('pages crossings newest first without loss or repeat, then ends', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body: { items: { crossingId: string }[]; page: { next: string | null } } = (
        await get(`/v1/crossings?limit=7${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...body.items.map((c: { crossingId: string }) => c.crossingId));
      cursor = body.page.next;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(30);
    const entries = await pool.query<{ id: string }>(
      'SELECT crossing_id AS id FROM crossings ORDER BY entry_time DESC, crossing_id DESC',
    );
    expect(seen).toEqual(entries.rows.map((r) => r.id));
  });

  it('gives a charge with every input and its source, and the crossings it prices', async () => {
    const res = await get(`/v1/charges/${repriced.chargeId}`, TEST_KEYS.billing);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      chargeId: repriced.chargeId,
      status: 'PRICED',
      operatorIcao: 'BAW',
      chargingZone: 'EG',
      flightDate: '2026-03-04',
      tariffMonth: '2026-03',
      amount: { amountMinor: 250_00, currency: 'EUR' },
      inputs: {
        distanceKm: 250.5,
        mtowKg: 78_000,
        mtowSource: 'test MTOW',
        unitRate: { amountMinor: 75_85, currency: 'EUR' },
        unitRateSource: 'test unit rate',
        tariffVersion: 'test.v2',
      },
      passage: { crossingIds: [first.crossingId], firIds: ['EGTT'] },
      crossings: [{ crossingId: first.crossingId, status: 'FINAL' }],
    });
    const exempt = (await get('/v1/charges?status=EXEMPT', TEST_KEYS.billing)).json();
    expect(exempt.items).toMatchObject([
      { operatorIcao: 'AFR', exemptionCode: 'STATE', amount: null },
    ]);
  });

  it('filters charges by zone, FIR, tariff month and flight date', async () => {
    const q = async (query: string) =>
      (await get(`/v1/charges?limit=100&${query}`, TEST_KEYS.billing)).json().items.length;
    expect(await q('zone=ED')).toBe(25);
    expect(await q('fir=LFFF')).toBe(2);
    expect(await q('operator=BAW')).toBe(3);
    expect(await q('tariffMonth=2026-03')).toBe(30);
    expect(await q('tariffMonth=2026-04')).toBe(0);
    expect(await q('from=2026-03-04&to=2026-03-04')).toBe(30);
    expect(await q('from=2026-03-05')).toBe(0);
  });

  it('keeps each tenant to its own: another operator’s crossing or charge is 404', async () => {
    const afrCharge = chargeOf(afr[0] as (typeof afr)[number], 'AFR').chargeId;
    expect((await get(`/v1/charges/${repriced.chargeId}`, TEST_KEYS.billingAfr)).statusCode).toBe(
      404,
    );
    expect((await get(`/v1/charges/${afrCharge}`, TEST_KEYS.billingAfr)).statusCode).toBe(200);
    expect((await get(`/v1/crossings/${first.crossingId}`, TEST_KEYS.billingAfr)).statusCode).toBe(
      404,
    );
    const mine = (await get('/v1/charges?limit=100', TEST_KEYS.billingAfr)).json();
    expect(mine.items.map((c: { operatorIcao: string }) => c.operatorIcao)).toEqual(['AFR', 'AFR']);
    expect((await get('/v1/charges?operator=BAW', TEST_KEYS.billingAfr)).json().items).toEqual([]);
    expect((await get('/v1/crossings?limit=100', TEST_KEYS.billingAfr)).json().items).toHaveLength(
      2,
    );
    // Charges are billing data: a viewer key may see traffic, not money.
    expect((await get('/v1/charges', TEST_KEYS.viewer)).statusCode).toBe(403);
  });

  it('answers a bad filter or cursor with a problem naming it', async () => {
    for (const [url, field] of [
      ['/v1/charges?from=2026-02-30', 'querystring.from'],
      ['/v1/charges?from=2026-03-05&to=2026-03-04', 'querystring.from'],
      ['/v1/charges?tariffMonth=2026-13', 'querystring.tariffMonth'],
      ['/v1/crossings?fir=egtt', 'querystring.fir'],
      ['/v1/crossings?cursor=bm90LWEtY3Vyc29y', 'querystring.cursor'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(res.json()), url).toContain(field);
    }
  });

  it('changes nothing when every record is read again', async () => {
    const dump = async () =>
      (
        await pool.query(
          `SELECT (SELECT json_agg(c ORDER BY crossing_id) FROM (SELECT crossing_id, status, exit_time, produced_at FROM crossings) c) AS crossings,
                  (SELECT json_agg(g ORDER BY charge_id) FROM (SELECT charge_id, amount_minor, tariff_version, calculated_at FROM charges) g) AS charges`,
        )
      ).rows[0];
    const before = await dump();
    const again = await startAgain('api-again');
    projectors.push(again);
    await waitFor(async () => (again.stats.processed >= published ? true : null), {
      timeoutMs: 60_000,
      intervalMs: 200,
      message: 'every record read again',
    });
    expect(await dump()).toEqual(before);
  });
});
