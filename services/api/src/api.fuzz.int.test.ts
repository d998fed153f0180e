import { createPool, dropSchema, migrate, type Pool, uniqueSchema } from '@overfly/db';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { MIGRATIONS_DIR } from './migrations-dir.js';
import { applyDisruptionEvents, applyPassengerEvents } from './read-models/disruptions.js';
import { applyInvoiceEvents } from './read-models/invoices.js';
import { TEST_KEYS, testApp } from './test-support/app.js';
import { disruptionEvent, passengerEvent } from './test-support/disruptions.js';
import { invoiceLife, line } from './test-support/events.js';

const { databaseUrl } = testEndpoints();
const RUNS = 10_000;
const DISRUPTION = 'DELAY/BAW1/20260304T1200Z';
const DECISION = `${DISRUPTION}/P1/CARE_OFFERED#1`;

// Known parameters, so the generator reaches past "unknown parameter" into each one's
// checks, mixed with junk names.
const PARAMS = [
  'bbox',
  'callsign',
  'operator',
  'minAlt',
  'maxAlt',
  'onGround',
  'limit',
  'offset',
  'status',
  'documentType',
  'from',
  'to',
  'cursor',
  'fir',
  'zone',
  'tariffMonth',
  'flightId',
  'icao24',
  'type',
  'lifecycle',
  'airport',
  'severity',
  'scheduleId',
  'disruptionId',
  'passengerId',
  'format',
  'token',
];
const PATHS = [
  '/v1/flights',
  '/v1/flights/4ca1d3',
  '/v1/invoices',
  '/v1/invoices/inv-1',
  '/v1/invoices/inv-1.html',
  '/v1/crossings',
  '/v1/crossings/x-1-EGTT',
  '/v1/charges',
  '/v1/charges/chg-1',
  '/v1/disruptions',
  `/v1/disruptions/${encodeURIComponent(DISRUPTION)}`,
  '/v1/passenger-events',
  `/v1/passenger-events/${encodeURIComponent(DECISION)}`,
  '/health',
  '/health/ready',
  '/openapi.json',
  '/v1',
  '/',
  '/v1/flights/',
  '/v1/invoices/',
  '/v1/disruptions/',
];

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '%',
    '%00',
    '\u0000',
    '-180,-90,180,90',
    '179,-10,-179,10',
    '2026-02-29',
    '9999-12-31',
    'BAW',
    'baw',
    'a'.repeat(5_000),
  ),
  fc.integer().map(String),
  // Cursors: well-formed base64url of anything, including a NUL in the id.
  fc
    .tuple(fc.integer(), fc.string({ maxLength: 10 }))
    .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc.constant(Buffer.from(JSON.stringify([0, 'a\u0000b'])).toString('base64url')),
  fc.double().map(String),
);
const query = fc.array(
  fc.tuple(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 12 })), junk),
  {
    maxLength: 6,
  },
);
const path = fc.oneof(
  fc.constantFrom(...PATHS),
  fc
    .tuple(
      fc.constantFrom(
        '/v1/flights/',
        '/v1/invoices/',
        '/v1/crossings/',
        '/v1/charges/',
        '/v1/disruptions/',
        '/v1/passenger-events/',
      ),
      junk,
    )
    .map(([p, s]) => p + encodeURIComponent(s)),
  junk.map((s) => `/v1/invoices/${encodeURIComponent(s)}.html`),
  fc.string({ maxLength: 30 }).map((s) => `/${encodeURIComponent(s)}`),
  fc.constantFrom('/%', '/%zz', '/v1/%E0%A4%A', '//v1//flights'),
);
const body = fc.option(
  fc.oneof(fc.json(), fc.string({ maxLength: 200 }), fc.constant('{"a":'.repeat(100))),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path,
  query,
  body,
  contentType: fc.constantFrom(
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
  ),
  key: fc.constantFrom<string | null>(
    TEST_KEYS.admin,
    TEST_KEYS.billingBaw,
    TEST_KEYS.opsBaw,
    TEST_KEYS.viewer,
    'wrong-key-000000000000',
    null,
  ),
});

describe(`api under ${RUNS.toLocaleString('en')} generated malformed requests`, () => {
  let pool: Pool;
  let schema: string;
  let app: FastifyInstance;
  const errors: unknown[] = [];

  beforeAll(async () => {
    schema = uniqueSchema('api_fuzz');
    pool = createPool({ url: databaseUrl, schema, max: 4 });
    await migrate(pool, MIGRATIONS_DIR, { schema });
    const events = invoiceLife('inv-1', 'BAW', 'OVF-M-2026-000001', [line('c1', 'EGTT', 100_00)]);
    await applyInvoiceEvents(
      pool,
      events.map((value, i) => ({
        topic: 'invoices.events',
        partition: 0,
        offset: String(i),
        key: value.invoiceId,
        value,
        timestamp: 0,
        headers: {},
      })) as never,
    );
    const record = (topic: string, key: string, value: unknown) => ({
      topic,
      partition: 0,
      offset: '0',
      key,
      value,
      timestamp: 0,
      headers: {},
    });
    await applyDisruptionEvents(pool, [
      record('disruption.events', DISRUPTION, disruptionEvent(DISRUPTION, 1)),
    ] as never);
    await applyPassengerEvents(pool, [
      record('passenger.events', 'P1', passengerEvent('P1', DISRUPTION, 'CARE_OFFERED', 0)),
    ] as never);
    app = await testApp(pool, { errors, rateLimitPerMinute: 1_000_000 });
  });
  afterAll(async () => {
    await app?.close();
    await pool?.end();
    await dropSchema(databaseUrl, schema);
  });

  it('never answers 5xx, answers every refusal as problem+json, and keeps answering', {
    timeout: 300_000,
  }, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const qs = r.query
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .join('&');
        const res = await app.inject({
          method: r.method as 'GET',
          url: qs ? `${r.path}?${qs}` : r.path,
          headers: {
            'content-type': r.contentType,
            ...(r.key ? { authorization: `Bearer ${r.key}` } : {}),
          },
          ...(r.body !== null && r.method !== 'GET' && r.method !== 'HEAD'
            ? { payload: r.body }
            : {}),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(
          res.statusCode,
          `${r.method} ${r.path}?${qs}: ${res.body.slice(0, 300)}`,
        ).toBeLessThan(500);
        if (res.statusCode >= 400 && r.method !== 'HEAD')
          expect(res.headers['content-type'], `${r.method} ${r.path}?${qs}`).toMatch(
            /^application\/problem\+json/,
          );
      }),
      { numRuns: RUNS },
    );
    expect(errors).toEqual([]);
    // Every kind of answer was reached, not only one refusal.
    for (const code of [200, 400, 401, 403, 404])
      expect(statuses.get(code) ?? 0, `status ${code}`).toBeGreaterThan(0);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });
});
