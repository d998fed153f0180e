import {
  createPool,
  dropSchema,
  migrate,
  type Pool,
  uniqueSchema,
  watchAvailability,
} from '@overfly/db';
import type { ConsumerLoop } from '@overfly/kafka';
import type { DisruptionEvent, PassengerEvent } from '@overfly/schemas';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { purgePassengerEvents } from './read-models/disruptions.js';
import { startProjector } from './read-models/projector.js';
import { TEST_KEYS, testApp } from './test-support/app.js';
import { disruptionEvent, passengerEvent } from './test-support/disruptions.js';

const { databaseUrl } = testEndpoints();
const T0 = Date.UTC(2026, 2, 4, 12);
const MIN = 60_000;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

// A BAW delay at Heathrow in three revisions, an AFR delay at CDG, a network effect of no
// one operator, and twelve congestions at Gatwick whose windows start in groups of three
// (so page edges fall between equal sort keys).
const LHR = 'DELAY/BAW117-20260304-EGLL/20260304T1200Z';
const CDG = 'DELAY/AFR1-20260304-LFPG/20260304T1200Z';
const NET = 'NETWORK_EFFECT/network/20260304T1100Z';
const lhr = (revision: number, over: Partial<DisruptionEvent> = {}) =>
  disruptionEvent(LHR, revision, { severity: revision === 1 ? 'MEDIUM' : 'HIGH', ...over });
const LHR_EVIDENCE = {
  lifecycle: 'RESOLVED',
  weatherObservationId: 'EGLL-20260304T1150Z',
  correlatedEventIds: ['fe-1', 'fe-2', 'EGLL-20260304T1150Z'],
  positions: [
    {
      eventId: 'fe-2',
      flightId: 'f-baw117',
      kind: 'HOLDING',
      occurredAt: T0 + 2 * MIN,
      latitude: 51.6,
      longitude: -0.2,
      airportIcao: null,
    },
  ],
  optionCosts: [
    {
      scheduleId: 'BAW117-20260304-EGLL',
      option: 'MEALS',
      passengers: 180,
      cost: { amountMinor: 180 * 15_00, currency: 'EUR' },
    },
  ],
} satisfies Partial<DisruptionEvent>;
const congestion = (i: number, revision: number, over: Partial<DisruptionEvent> = {}) =>
  disruptionEvent(`AIRPORT_CONGESTION/EGKK-${String(i).padStart(2, '0')}/x`, revision, {
    type: 'AIRPORT_CONGESTION',
    airportIcao: 'EGKK',
    operatorIcao: i % 2 === 0 ? 'BAW' : null,
    severity: i % 2 === 0 ? 'LOW' : 'MEDIUM',
    windowStart: T0 - (1 + Math.floor(i / 3)) * 15 * MIN,
    ...over,
  });
const fillers = Array.from({ length: 12 }, (_, i) => congestion(i, 1));
// Every fourth congestion is over: a second revision RESOLVED.
const resolvedFillers = [0, 4, 8].map((i) => congestion(i, 2, { lifecycle: 'RESOLVED' }));
const others = [
  disruptionEvent(CDG, 1, { operatorIcao: 'AFR', airportIcao: 'LFPG', severity: 'HIGH' }),
  disruptionEvent(NET, 1, {
    type: 'NETWORK_EFFECT',
    operatorIcao: null,
    airportIcao: null,
    severity: 'CRITICAL',
    windowStart: T0 - 60 * MIN,
  }),
];

const decisions: PassengerEvent[] = [
  passengerEvent('P1', LHR, 'REBOOKING_PROPOSED', T0 + 5 * MIN),
  passengerEvent('P1', LHR, 'COMPENSATION_ASSESSED', T0 + 5 * MIN, {
    eu261Eligible: true,
    eu261DistanceKm: 5_540,
    arrivalDelayMinutes: 240,
    compensation: { amountMinor: 600_00, currency: 'EUR' },
  }),
  passengerEvent('P2', LHR, 'REBOOKING_PROPOSED', T0 + 5 * MIN),
  passengerEvent('P2', LHR, 'CARE_OFFERED', T0 + 6 * MIN),
  passengerEvent('P3', LHR, 'CONNECTION_AT_RISK', T0 + 7 * MIN, {
    priority: 1,
    priorityReasons: ['CONNECTION_AT_RISK', 'GOLD'],
    rebooking: {
      scheduleId: 'BAW119-20260304-EGLL',
      flightNumber: 'BA119',
      departureAirport: 'EGLL',
      arrivalAirport: 'KJFK',
      scheduledDeparture: T0 + 120 * MIN,
      scheduledArrival: T0 + 600 * MIN,
      cabinClass: 'ECONOMY',
    },
    estimatedCost: { amountMinor: 250_00, currency: 'EUR' },
  }),
  passengerEvent('P4', CDG, 'REBOOKED', T0 + 5 * MIN, { scheduleId: 'AFR1-20260304-LFPG' }),
  passengerEvent('P5', CDG, 'REFUND_OFFERED', T0 + 8 * MIN, { scheduleId: 'AFR1-20260304-LFPG' }),
  passengerEvent('P6', NET, 'CARE_OFFERED', T0 + 9 * MIN, { scheduleId: 'KLM1-20260304-EHAM' }),
];

interface Page<T> {
  items: T[];
  page: { limit: number; next: string | null };
}

// Real Kafka, registry and PostgreSQL: disruptions and passenger decisions as the
// correlator publishes them, their read models, and the ops routes over them.
describe('api: disruptions and passenger decisions', () => {
  let pool: Pool;
  let schema: string;
  let app: FastifyInstance;
  let projector: ConsumerLoop;
  let startAgain: (group: string) => Promise<ConsumerLoop>;
  let published = 0;

  beforeAll(async () => {
    const { runtime, prefix } = await isolatedRuntime('api-disruptions');
    schema = uniqueSchema('api_disr');
    pool = createPool({ url: databaseUrl, schema, max: 4 });
    await migrate(pool, MIGRATIONS_DIR, { schema });
    const producer = await runtime.producer();
    const disruptions = (events: DisruptionEvent[]) => {
      published += events.length;
      return producer.send(
        'disruption.events',
        events.map((e) => ({ key: e.disruptionId, value: e })),
      );
    };
    const passengers = (events: PassengerEvent[]) => {
      published += events.length;
      return producer.send(
        'passenger.events',
        events.map((e) => ({ key: e.passengerId, value: e })),
      );
    };
    // Revision 3 of the Heathrow delay before its revision 2.
    await disruptions([lhr(1), lhr(3, LHR_EVIDENCE), ...others, ...fillers, ...resolvedFillers]);
    await passengers([...decisions, decisions[0] as PassengerEvent]);

    const availability = watchAvailability(pool);
    startAgain = (group) =>
      startProjector({
        runtime,
        pool,
        availability,
        groupId: `${prefix}${group}`,
        topicPrefix: prefix,
      });
    projector = await startAgain('api');
    const count = async (sql: string) => (await pool.query(sql)).rows[0].n as number;
    await waitFor(
      async () =>
        (await count('SELECT count(*)::int AS n FROM disruptions')) === 15 &&
        (await count('SELECT count(*)::int AS n FROM passenger_events')) === 8 &&
        (await count(
          "SELECT revision AS n FROM disruptions WHERE disruption_id LIKE 'DELAY/BAW%'",
        )) === 3,
      { timeoutMs: 60_000, intervalMs: 100, message: 'the read models built' },
    );
    // Then, late: revision 2, and revisions 3 and 1 once more (a redelivery).
    await disruptions([lhr(2), lhr(3, LHR_EVIDENCE), lhr(1)]);
    await waitFor(
      async () =>
        (await count(
          "SELECT count(*)::int AS n FROM disruption_revisions WHERE event_id LIKE 'DELAY/BAW%'",
        )) === 3,
      { timeoutMs: 30_000, intervalMs: 100, message: 'the late revision applied' },
    );
    app = await testApp(pool);
  }, 120_000);

  afterAll(async () => {
    await projector?.stop();
    await app?.close();
    await pool?.end();
    await dropSchema(databaseUrl, schema);
  });

  const get = (url: string, key: string = TEST_KEYS.ops) =>
    app.inject({ url, headers: bearer(key) });
  const ids = (page: Page<{ disruptionId: string }>) => page.items.map((d) => d.disruptionId);
  const path = (id: string) => `/v1/disruptions/${encodeURIComponent(id)}`;

  it('keeps the latest revision with its evidence, and lists every revision in order', async () => {
    const r = await get(path(LHR));
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d).toMatchObject({
      disruptionId: LHR,
      eventId: `${LHR}#3`,
      revision: 3,
      severity: 'HIGH',
      operatorIcao: 'BAW',
      airportIcao: 'EGLL',
      affectedFlightCount: 1,
      eu261Relevant: true,
      windowStart: T0,
      windowEnd: T0 + 3 * MIN,
      detectedAt: T0 + 3 * MIN,
      ...LHR_EVIDENCE,
    });
    expect(d.affectedFlights[0]).toMatchObject({
      scheduleId: 'BAW117-20260304-EGLL',
      expectedArrivalDelayMinutes: 135,
      passengerCount: 180,
    });
    expect(
      d.history.map((h: { eventId: string; revision: number; lifecycle: string }) => [
        h.revision,
        h.lifecycle,
        h.eventId,
      ]),
    ).toEqual([
      [1, 'DETECTED', `${LHR}#1`],
      [2, 'UPDATED', `${LHR}#2`],
      [3, 'RESOLVED', `${LHR}#3`],
    ]);
    expect(d.history[0]).toMatchObject({ severity: 'MEDIUM', detectedAt: T0 + MIN });
  });

  it('filters disruptions by type, lifecycle, open, airport, operator, severity and window', async () => {
    const list = async (q: string) =>
      ids((await get(`/v1/disruptions?limit=100${q}`)).json() as Page<{ disruptionId: string }>);
    expect(await list('')).toHaveLength(15);
    expect(await list('&type=DELAY')).toEqual([LHR, CDG]); // same window: id descending
    expect(await list('&lifecycle=RESOLVED')).toHaveLength(4);
    expect(await list('&status=resolved')).toHaveLength(4);
    const open = await list('&status=open');
    expect(open).toHaveLength(11);
    expect(open).not.toContain(LHR);
    expect(await list('&airport=EGKK')).toHaveLength(12);
    expect(await list('&operator=BAW')).toHaveLength(7);
    expect(await list('&severity=HIGH')).toEqual([LHR, CDG]);
    expect(await list('&severity=CRITICAL&type=NETWORK_EFFECT')).toEqual([NET]);
    // Windows overlapping [T0 − 20 min, T0): the three congestions from T0 − 15 min.
    const window = await list(`&from=${T0 - 20 * MIN}&to=${T0}`);
    expect(window).toEqual([
      'AIRPORT_CONGESTION/EGKK-02/x',
      'AIRPORT_CONGESTION/EGKK-01/x',
      'AIRPORT_CONGESTION/EGKK-00/x',
    ]);
  });

  it('pages disruptions by cursor: the same order as one page, nothing lost or repeated', async () => {
    const whole = ids((await get('/v1/disruptions?limit=100')).json());
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<{ disruptionId: string }> = (
        await get(`/v1/disruptions?limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...ids(page));
      sizes.push(page.items.length);
      cursor = page.page.next;
    } while (cursor);
    expect(sizes).toEqual([4, 4, 4, 3]);
    expect(seen).toEqual(whole);
    expect(new Set(seen).size).toBe(15);
    // A page that ends exactly at the last row says there is no next one.
    const exact = (await get('/v1/disruptions?limit=15')).json();
    expect(exact.page.next).toBeNull();
    // Filters hold across pages.
    const first = (await get('/v1/disruptions?airport=EGKK&limit=5')).json();
    const second = (
      await get(`/v1/disruptions?airport=EGKK&limit=5&cursor=${first.page.next}`)
    ).json();
    expect([...ids(first), ...ids(second)]).toEqual(
      ids((await get('/v1/disruptions?airport=EGKK&limit=10')).json()),
    );
  });

  it('keeps an operator-scoped key to its own disruptions and their passengers', async () => {
    for (const id of [CDG, NET]) {
      const theirs = await get(path(id), TEST_KEYS.opsBaw);
      expect(theirs.statusCode).toBe(404);
      expect(theirs.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(theirs.json().detail).toBe(`disruption ${id} does not exist`);
    }
    expect((await get(path(CDG), TEST_KEYS.opsAfr)).statusCode).toBe(200);
    expect((await get(path(LHR), TEST_KEYS.opsAfr)).statusCode).toBe(404);
    expect((await get(path(LHR), TEST_KEYS.opsBaw)).statusCode).toBe(200);
    const mine = (await get('/v1/disruptions?limit=100', TEST_KEYS.opsBaw)).json();
    expect(mine.items).toHaveLength(7);
    expect(new Set(mine.items.map((d: { operatorIcao: string }) => d.operatorIcao))).toEqual(
      new Set(['BAW']),
    );
    expect((await get('/v1/disruptions?operator=AFR', TEST_KEYS.opsBaw)).json().items).toEqual([]);
    // Passenger decisions follow their disruption's operator.
    const afr = (await get('/v1/passenger-events?limit=100', TEST_KEYS.opsAfr)).json();
    expect(afr.items.map((p: { passengerId: string }) => p.passengerId).sort()).toEqual([
      'P4',
      'P5',
    ]);
    const baw = (await get('/v1/passenger-events?limit=100', TEST_KEYS.opsBaw)).json();
    expect(baw.items).toHaveLength(5);
    const p4 = encodeURIComponent(decisions[5]?.eventId ?? '');
    expect((await get(`/v1/passenger-events/${p4}`, TEST_KEYS.opsBaw)).statusCode).toBe(404);
    expect((await get(`/v1/passenger-events/${p4}`, TEST_KEYS.opsAfr)).statusCode).toBe(200);
    // Not for billing or viewers.
    expect((await get('/v1/disruptions', TEST_KEYS.billing)).statusCode).toBe(403);
    expect((await get('/v1/passenger-events', TEST_KEYS.viewer)).statusCode).toBe(403);
  });

  it('lists passenger decisions once each, filtered and paged by cursor', async () => {
    const list = async (q: string) =>
      ((await get(`/v1/passenger-events?limit=100${q}`)).json() as Page<PassengerEvent>).items;
    const all = await list('');
    expect(all).toHaveLength(8); // P1's proposal sent twice, held once
    expect(all.map((p) => p.occurredAt)).toEqual(
      [...all.map((p) => p.occurredAt)].sort((a, b) => b - a),
    );
    expect(await list(`&disruptionId=${encodeURIComponent(LHR)}`)).toHaveLength(5);
    expect(await list('&scheduleId=AFR1-20260304-LFPG')).toHaveLength(2);
    expect((await list('&type=CARE_OFFERED')).map((p) => p.passengerId)).toEqual(['P6', 'P2']);
    expect(await list('&passengerId=P1')).toHaveLength(2);
    expect(
      (await list(`&from=${T0 + 6 * MIN}&to=${T0 + 8 * MIN}`)).map((p) => p.passengerId),
    ).toEqual(['P3', 'P2']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<PassengerEvent> = (
        await get(`/v1/passenger-events?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((p) => p.eventId));
      cursor = page.page.next;
    } while (cursor);
    expect(seen).toEqual(all.map((p) => p.eventId));
    const p3 = (
      await get(`/v1/passenger-events/${encodeURIComponent(decisions[4]?.eventId ?? '')}`)
    ).json();
    expect(p3).toEqual(decisions[4]); // what the topic carries, nothing more
    expect((await get('/v1/passenger-events/nothing-here')).statusCode).toBe(404);
  });

  it.each([
    ['/v1/disruptions?severity=HUGE', 'querystring.severity'],
    ['/v1/disruptions?status=closed', 'querystring.status'],
    ['/v1/disruptions?airport=egll', 'querystring.airport'],
    ['/v1/disruptions?from=10&to=5', 'querystring.from'],
    ['/v1/disruptions?cursor=not-a-cursor', 'querystring.cursor'],
    ['/v1/disruptions?sort=window', 'querystring.sort'],
    ['/v1/passenger-events?type=LOST', 'querystring.type'],
    ['/v1/passenger-events?from=-1', 'querystring.from'],
    ['/v1/passenger-events?limit=0', 'querystring.limit'],
  ])('%s → 400 problem+json naming %s', async (url, field) => {
    const r = await get(url);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('builds the same tables when every record is read again', async () => {
    const dump = async () =>
      (
        await pool.query(
          `SELECT (SELECT json_agg(d ORDER BY disruption_id) FROM disruptions d) AS d,
                  (SELECT json_agg(r ORDER BY event_id) FROM disruption_revisions r) AS r,
                  (SELECT json_agg(p ORDER BY event_id) FROM passenger_events p) AS p`,
        )
      ).rows[0];
    const before = await dump();
    await projector.stop();
    projector = await startAgain('api-again');
    const again = projector;
    await waitFor(async () => (again.stats.processed >= published ? true : null), {
      timeoutMs: 60_000,
      intervalMs: 100,
      message: 'every record read again',
    });
    expect(await dump()).toEqual(before);
  });

  it('forgets passenger decisions older than their retention', async () => {
    const list = async () =>
      ((await get('/v1/passenger-events?limit=100')).json() as Page<PassengerEvent>).items;
    const all = await list();
    const cut = T0 + 7 * MIN;
    const older = all.filter((p) => p.occurredAt < cut).length;
    expect(older).toBeGreaterThan(0);
    expect(await purgePassengerEvents(pool, cut)).toBe(older);
    const left = await list();
    expect(left).toHaveLength(all.length - older);
    expect(left.every((p) => p.occurredAt >= cut)).toBe(true);
  });
});
