import {
  createPool,
  dropSchema,
  migrate,
  type Pool,
  uniqueSchema,
  watchAvailability,
} from '@overfly/db';
import type { ConsumerLoop } from '@overfly/kafka';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { aircraftState as state } from './live/test-support/states.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { startProjector } from './read-models/projector.js';
import { purgeTrackPoints } from './read-models/track-points.js';
import { TEST_KEYS, testApp } from './test-support/app.js';
import { invoiceEvent, invoiceLife, line } from './test-support/events.js';

const { databaseUrl } = testEndpoints();
const T0 = Date.UTC(2026, 2, 4, 12);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

// Real Kafka, registry and PostgreSQL: the read models built from the topics, then the REST
// routes over them, as a billing clerk and a script would call them.
describe('api: read models from the topics, REST over them', () => {
  let pool: Pool;
  let schema: string;
  let app: FastifyInstance;
  let projector: ConsumerLoop;
  let startAgain: (group: string) => Promise<ConsumerLoop>;
  let published = 0;

  beforeAll(async () => {
    const { runtime, prefix } = await isolatedRuntime('api-read-models');
    schema = uniqueSchema('api_rm');
    pool = createPool({ url: databaseUrl, schema, max: 4 });
    await migrate(pool, MIGRATIONS_DIR, { schema });
    const producer = await runtime.producer();
    // 30 aircraft: BAW over London, AFR over Paris, every fifth on the ground; one removed.
    const states = Array.from({ length: 30 }, (_, i) => {
      const afr = i % 2 === 1;
      return state(`a0${String(i).padStart(4, '0')}`, T0 + i, {
        callsign: afr ? `AFR${100 + i}` : `BAW${100 + i}`,
        latitude: afr ? 48.9 : 51.5,
        longitude: afr ? 2.4 : -0.4,
        onGround: i % 5 === 0,
        baroAltitudeM: i % 5 === 0 ? 0 : 1_000 * i,
      });
    });
    await producer.send(
      'flights.state',
      states.map((s) => ({ key: s.icao24, value: s })),
    );
    // An older state of a00002 arriving late changes nothing; a tombstone removes a00003.
    await producer.send('flights.state', [
      { key: 'a00002', value: state('a00002', T0 - 60_000, { callsign: 'OLD1' }) },
      { key: 'a00003', value: null },
    ]);
    // Reports of two aircraft, one a minute for an hour, each sent twice (a redelivery).
    const reports = ['b00001', 'b00002'].flatMap((icao24, k) =>
      Array.from({ length: 60 }, (_, m) => {
        const {
          firstSeen: _f,
          lastSeen: _l,
          updatedAt: _u,
          ...s
        } = state(icao24, T0 + m * 60_000 + k, {
          latitude: 50 + m / 100,
        });
        return { ...s, receivedAt: s.positionTime };
      }),
    );
    await producer.send(
      'flights.updates',
      [...reports, ...reports].map((u) => ({ key: u.icao24, value: u })),
    );
    const baw = invoiceLife('inv-baw-1', 'BAW', 'OVF-M-2026-000001', [
      line('c1', 'EGTT', 120_00),
      line('c2', 'EISN', 80_00),
    ]);
    const afr = invoiceLife('inv-afr-1', 'AFR', 'OVF-M-2026-000002', [line('c3', 'LFFF', 300_00)]);
    const more = Array.from({ length: 6 }, (_, i) =>
      invoiceLife(`inv-baw-${i + 2}`, 'BAW', `OVF-M-2026-00001${i}`, [
        line(`d${i}`, 'EGTT', 10_00 * (i + 1)),
      ]),
    ).flat();
    const credit = invoiceEvent('cn-baw-1', 'BAW', 'CREDIT_NOTE_ISSUED', 9, {
      documentType: 'CREDIT_NOTE',
      series: 'OVF-CN',
      invoiceNumber: 'OVF-CN-2026-000001',
      status: 'ISSUED',
      relatedInvoiceId: 'inv-baw-1',
      total: { amountMinor: -20_00, currency: 'EUR' },
      lineCount: 0,
    });
    const events = [...baw, ...afr, ...more, credit];
    const notification = (id: string, status: 'PENDING' | 'SENT' | 'DELIVERED', at: number) => ({
      notificationId: id,
      sourceTopic: 'passenger.events',
      sourceEventId: `evt-${id}`,
      channel: 'EMAIL' as const,
      recipientRef: 'C-1',
      template: 'rebooking-proposed',
      status,
      attempts: status === 'PENDING' ? 0 : 1,
      providerMessageId: status === 'PENDING' ? null : `smtp-${id}`,
      lastError: null,
      createdAt: T0,
      updatedAt: at,
    });
    const notes = [
      notification('ntf-1', 'PENDING', T0),
      notification('ntf-1', 'SENT', T0 + 1_000),
      notification('ntf-2', 'PENDING', T0 + 2_000),
    ];
    await producer.send(
      'notifications',
      notes.map((n) => ({ key: n.notificationId, value: n })),
    );
    // A dead letter of a tombstone of a00004's (as a consumer would write it): replayed, it
    // removes the aircraft.
    const letter = {
      sourceTopic: `${prefix}flights.state`,
      sourcePartition: 0,
      sourceOffset: '999',
      originalKey: Buffer.from('a00004'),
      originalValue: null,
      originalHeaders: {},
      service: 'test',
      errorCode: 'TEST_REFUSED',
      errorMessage: 'refused for the test',
      retriable: false,
      attempts: 1,
      failedAt: T0,
    };
    await producer.send('dead.letter', [{ key: 'x', value: letter }]);
    published = states.length + 2 + events.length + reports.length * 2 + notes.length + 1;
    await producer.send(
      'invoices.events',
      events.map((e) => ({ key: e.invoiceId, value: e })),
    );

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
    await waitFor(
      async () => {
        const a = await pool.query('SELECT count(*)::int AS n FROM aircraft');
        const i = await pool.query(
          "SELECT count(*)::int AS n FROM invoices WHERE status = 'ISSUED'",
        );
        return a.rows[0].n === 29 && i.rows[0].n === 9 ? true : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, message: 'the read models built' },
    );
    app = await testApp(pool, { resend: (l) => runtime.resendDeadLetters(l) });
  }, 120_000);

  afterAll(async () => {
    await projector?.stop();
    await app?.close();
    await pool?.end();
    await dropSchema(databaseUrl, schema);
  });

  const get = (url: string, key: string = TEST_KEYS.admin) =>
    app.inject({ url, headers: bearer(key) });

  it('lists current aircraft with filters; a late older state and a tombstone are honoured', async () => {
    const all = (await get('/v1/flights?limit=100')).json();
    expect(all.page).toEqual({ limit: 100, offset: 0, total: 29 });
    expect(all.items.map((a: { icao24: string }) => a.icao24)).not.toContain('a00003');
    expect((await get('/v1/flights/a00003', TEST_KEYS.viewer)).statusCode).toBe(404);
    const two = (await get('/v1/flights/a00002', TEST_KEYS.viewer)).json();
    expect(two).toMatchObject({ icao24: 'a00002', callsign: 'BAW102', operator: 'BAW' });
    const paris = (await get('/v1/flights?bbox=2,48,3,49&limit=100')).json();
    expect(paris.page.total).toBe(14); // 15 AFR less the one removed
    expect(paris.items.every((a: { operator: string }) => a.operator === 'AFR')).toBe(true);
    expect((await get('/v1/flights?callsign=baw1&onGround=true')).json().page.total).toBe(3); // 0, 10, 20
    expect((await get('/v1/flights?minAlt=20000&maxAlt=25000')).json().page.total).toBe(4); // 21–24: 20 and 25 are on the ground
    expect((await get('/v1/flights?operator=AFR')).json().page.total).toBe(14);
  });

  it('pages aircraft without loss or repeat, and past the end gives none with the total', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 40; offset += 7) {
      const page = (await get(`/v1/flights?limit=7&offset=${offset}`)).json();
      expect(page.page.total).toBe(29);
      seen.push(...page.items.map((a: { icao24: string }) => a.icao24));
    }
    expect(seen).toHaveLength(29);
    expect(new Set(seen).size).toBe(29);
    const past = (await get('/v1/flights?limit=10&offset=500')).json();
    expect(past).toEqual({ items: [], page: { limit: 10, offset: 500, total: 29 } });
  });

  it('shows an invoice with its lines and the credit note against it', async () => {
    const r = await get('/v1/invoices/inv-baw-1', TEST_KEYS.billing);
    expect(r.statusCode).toBe(200);
    const inv = r.json();
    expect(inv).toMatchObject({
      invoiceNumber: 'OVF-M-2026-000001',
      status: 'ISSUED',
      operatorIcao: 'BAW',
      total: { amountMinor: 200_00, currency: 'EUR' },
      lineCount: 2,
      dueDate: '2026-05-01',
    });
    expect(
      inv.lines.map((l: { chargeId: string; firId: string }) => [l.chargeId, l.firId]),
    ).toEqual([
      ['c1', 'EGTT'],
      ['c2', 'EISN'],
    ]);
    expect(inv.lines[0].flightDate).toBe('2026-03-04');
    expect(inv.creditNotes).toHaveLength(1);
    expect(inv.creditNotes[0]).toMatchObject({
      invoiceId: 'cn-baw-1',
      total: { amountMinor: -20_00 },
    });
  });

  it('keeps each operator to its own documents: another\u2019s id is 404, lists are scoped', async () => {
    for (const id of ['inv-afr-1']) {
      const theirs = await get(`/v1/invoices/${id}`, TEST_KEYS.billingBaw);
      expect(theirs.statusCode).toBe(404);
      expect(theirs.json().detail).toBe(`invoice ${id} does not exist`);
      expect((await get(`/v1/invoices/${id}`, TEST_KEYS.billingAfr)).statusCode).toBe(200);
    }
    for (const id of ['inv-baw-1', 'cn-baw-1', 'inv-baw-3'])
      expect((await get(`/v1/invoices/${id}`, TEST_KEYS.billingAfr)).statusCode).toBe(404);
    const mine = (await get('/v1/invoices?limit=100', TEST_KEYS.billingBaw)).json();
    expect(new Set(mine.items.map((i: { operatorIcao: string }) => i.operatorIcao))).toEqual(
      new Set(['BAW']),
    );
    expect(mine.items).toHaveLength(8);
    expect((await get('/v1/invoices?operator=AFR', TEST_KEYS.billingBaw)).json().items).toEqual([]);
    expect((await get('/v1/invoices?limit=100', TEST_KEYS.billing)).json().items).toHaveLength(9);
  });

  it('pages invoices by cursor: every one once, filters kept', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ invoiceId: string }>; page: { next: string | null } } = (
        await get(`/v1/invoices?operator=BAW&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((i) => i.invoiceId));
      cursor = page.page.next;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(
      (await get('/v1/invoices?documentType=CREDIT_NOTE'))
        .json()
        .items.map((i: { invoiceId: string }) => i.invoiceId),
    ).toEqual(['cn-baw-1']);
    expect((await get('/v1/invoices?from=2026-04-01')).json().items).toEqual([]);
    expect((await get('/v1/invoices?from=2026-03-31&to=2026-03-31')).json().items).toHaveLength(9);
  });

  it("answers a flight's track in a range, oldest first, and the traffic at a past moment", async () => {
    const hour = (
      await get(`/v1/flights/b00001/track?from=${T0}&to=${T0 + 3_600_000}`, TEST_KEYS.viewer)
    ).json();
    expect(hour.truncated).toBe(false);
    expect(hour.points).toHaveLength(60); // each report once though sent twice
    expect(hour.points.map((p: { positionTime: number }) => p.positionTime)).toEqual(
      Array.from({ length: 60 }, (_, m) => T0 + m * 60_000),
    );
    const part = (
      await get(`/v1/flights/b00001/track?from=${T0 + 600_000}&to=${T0 + 1_200_000}&limit=4`)
    ).json();
    expect(part.truncated).toBe(true); // 10 in range, the newest 4 given
    expect(
      part.points.map((p: { positionTime: number }) => (p.positionTime - T0) / 60_000),
    ).toEqual([16, 17, 18, 19]);
    expect((await get(`/v1/flights/b00001/track?from=${T0}&to=${T0}`)).statusCode).toBe(400);
    const at = T0 + 30 * 60_000 + 30_000;
    const past = (await get(`/v1/traffic?at=${at}`)).json();
    expect(
      past.items.map((p: { icao24: string; positionTime: number }) => [p.icao24, p.positionTime]),
    ).toEqual([
      ['b00001', T0 + 30 * 60_000],
      ['b00002', T0 + 30 * 60_000 + 1],
    ]);
    expect((await get(`/v1/traffic?at=${T0 - 120_000}`)).json().items).toEqual([]);
    expect((await get('/v1/traffic')).statusCode).toBe(400);
  });

  it('forgets reports past the retention', async () => {
    const before = (await pool.query('SELECT count(*)::int AS n FROM track_points')).rows[0].n;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      expect(await purgeTrackPoints(client, T0 + 10 * 60_000)).toBe(20); // minutes 0–9 of both
      await client.query('ROLLBACK'); // the next test compares the tables as built
    } finally {
      client.release();
    }
    expect((await pool.query('SELECT count(*)::int AS n FROM track_points')).rows[0].n).toBe(
      before,
    );
  });

  it('lists notifications with their latest state, for ops only', async () => {
    const r = (await get('/v1/notifications', TEST_KEYS.ops)).json();
    expect(
      r.items.map((n: { notificationId: string; status: string }) => [n.notificationId, n.status]),
    ).toEqual([
      ['ntf-2', 'PENDING'],
      ['ntf-1', 'SENT'],
    ]);
    expect((await get('/v1/notifications?status=SENT')).json().items).toHaveLength(1);
    expect((await get('/v1/notifications', TEST_KEYS.billing)).statusCode).toBe(403);
  });

  it('lists dead letters and replays one (admin): its original bytes go back to their topic', async () => {
    const list = (await get('/v1/dead-letters?service=test', TEST_KEYS.ops)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ errorCode: 'TEST_REFUSED', replayedAt: null });
    const id = list.items[0].id as string;
    const replay = (body: unknown, key: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/dead-letters/replay',
        headers: bearer(key),
        payload: body as object,
      });
    expect((await replay({ ids: [id] }, TEST_KEYS.ops)).statusCode).toBe(403);
    expect((await replay({ ids: [] }, TEST_KEYS.admin)).statusCode).toBe(400);
    const r = await replay({ ids: [id, '0:424242'] }, TEST_KEYS.admin);
    expect(r.json()).toEqual({ replayed: [id], notFound: ['0:424242'] });
    // The tombstone reaches flights.state again, and the read model drops a00004.
    await waitFor(
      async () => ((await get('/v1/flights/a00004')).statusCode === 404 ? true : null),
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        message: 'the replayed tombstone applied',
      },
    );
    expect((await get('/v1/dead-letters')).json().items[0].replayedAt).toBeGreaterThan(0);
    published += 1; // the replayed record
  });

  it('builds the same read models when every record is read again', async () => {
    const dump = async () =>
      (
        await pool.query(
          `SELECT (SELECT json_agg(a ORDER BY icao24) FROM aircraft a) AS a,
                  (SELECT json_agg(i ORDER BY invoice_id) FROM invoices i) AS i,
                  (SELECT json_agg(l ORDER BY invoice_id, charge_id) FROM invoice_lines l) AS l,
                  (SELECT json_agg(t ORDER BY icao24, position_time) FROM track_points t) AS t`,
        )
      ).rows[0];
    const before = await dump();
    await projector.stop();
    // A new group reads both topics from their start into the same tables.
    projector = await startAgain('api-again');
    const again = projector;
    await waitFor(async () => (again.stats.processed >= published ? true : null), {
      timeoutMs: 60_000,
      intervalMs: 200,
      message: 'every record read again',
    });
    expect(await dump()).toEqual(before);
  });
});
