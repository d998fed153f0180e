import type { Queryable } from '@overfly/db';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KEYS, testApp } from '../test-support/app.js';

/** A database that must not be reached: every test here is decided before a query. */
function unreachable(): Queryable & { calls: number } {
  const db = {
    calls: 0,
    query: async () => {
      db.calls++;
      return { rows: [], rowCount: 0 };
    },
  };
  return db as unknown as Queryable & { calls: number };
}

const apps: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
async function app(options: Parameters<typeof testApp>[1] = {}) {
  const db = unreachable();
  const a = await testApp(db, options);
  apps.push(a);
  return { a, db };
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('the api over HTTP, before any query', () => {
  it('asks for a key (401 problem+json with WWW-Authenticate), refuses an unknown one', async () => {
    const { a, db } = await app();
    const none = await a.inject({ url: '/v1/flights' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    const wrong = await a.inject({ url: '/v1/flights', headers: bearer('no-such-key-0000000000') });
    expect(wrong.statusCode).toBe(401);
    const viaHeader = await a.inject({
      url: '/v1/flights/zzzzzz',
      headers: { 'x-api-key': TEST_KEYS.viewer },
    });
    expect(viaHeader.statusCode).toBe(400); // authenticated, then the id is refused
    expect(db.calls).toBe(0);
  });

  it('gives a role only its data (403 names role and data)', async () => {
    const { a } = await app();
    const r = await a.inject({ url: '/v1/invoices', headers: bearer(TEST_KEYS.viewer) });
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toBe('role viewer may not read billing data');
    expect(
      (await a.inject({ url: '/v1/invoices', headers: bearer(TEST_KEYS.ops) })).statusCode,
    ).toBe(403);
  });

  it.each([
    ['/v1/flights?limit=0', 'querystring.limit'],
    ['/v1/flights?limit=501', 'querystring.limit'],
    ['/v1/flights?limit=ten', 'querystring.limit'],
    ['/v1/flights?offset=-1', 'querystring.offset'],
    ['/v1/flights?calsign=BAW', 'querystring.calsign'],
    ['/v1/flights?bbox=1,2,3', 'querystring.bbox'],
    ['/v1/flights?bbox=-10,60,10,50', 'querystring.bbox'],
    ['/v1/flights?bbox=-200,40,10,50', 'querystring.bbox'],
    ['/v1/flights?minAlt=9000&maxAlt=1000', 'querystring.minAlt'],
    ['/v1/flights?onGround=maybe', 'querystring.onGround'],
    ['/v1/flights?operator=baw', 'querystring.operator'],
    ['/v1/flights/4CA1D3', 'params.icao24'],
    ['/v1/invoices?status=LOST', 'querystring.status'],
    ['/v1/invoices?from=2026-02-30', 'querystring.from'],
    ['/v1/invoices?from=2026-03-02&to=2026-03-01', 'querystring.from'],
    ['/v1/invoices?cursor=not-a-cursor', 'querystring.cursor'],
    ['/v1/disruptions?type=STORM', 'querystring.type'],
    ['/v1/disruptions?from=2&to=1', 'querystring.from'],
    ['/v1/disruptions?operator=baw', 'querystring.operator'],
    ['/v1/disruptions?cursor=not-a-cursor', 'querystring.cursor'],
    ['/v1/disruptions/a%00b', 'params.disruptionId'],
    ['/v1/passenger-events?passengerId=', 'querystring.passengerId'],
    ['/v1/passenger-events?to=1e20', 'querystring.to'],
  ])('%s → 400 naming %s', async (url, field) => {
    const { a, db } = await app();
    const r = await a.inject({ url, headers: bearer(TEST_KEYS.admin) });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(db.calls).toBe(0);
  });

  it('answers a body over the limit 413, a flood 429 with Retry-After, an unknown route 404', async () => {
    const { a } = await app({
      bodyLimit: 1_024,
      rateLimitPerMinute: 3,
      extraRoutes: [
        async (s) => {
          s.post('/v1/echo', { config: { access: 'traffic' } }, async (req) => ({
            size: JSON.stringify(req.body).length,
          }));
        },
      ],
    });
    const big = await a.inject({
      method: 'POST',
      url: '/v1/echo',
      headers: { ...bearer(TEST_KEYS.admin), 'content-type': 'application/json' },
      payload: JSON.stringify({ pad: 'x'.repeat(2_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toMatch(/^application\/problem\+json/);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (await a.inject({ url: '/v1/flights/zzzzzz', headers: bearer(TEST_KEYS.viewer) }))
          .statusCode,
      );
    expect(codes).toEqual([400, 400, 400]); // refused requests count too
    const limited = await a.inject({
      url: '/v1/flights/zzzzzz',
      headers: bearer(TEST_KEYS.viewer),
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
    // Another key has its own budget.
    expect(
      (await a.inject({ url: '/v1/flights/zzzzzz', headers: bearer(TEST_KEYS.admin) })).statusCode,
    ).toBe(400);
    const missing = await a.inject({ url: '/v1/nothing-here', headers: bearer(TEST_KEYS.admin) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('publishes OpenAPI from the route schemas, and health needs no key', async () => {
    const { a } = await app();
    const doc = (await a.inject({ url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/flights',
        '/v1/flights/{icao24}',
        '/v1/invoices',
        '/v1/invoices/{invoiceId}',
        '/v1/invoices/{invoiceId}.html',
        '/v1/disruptions',
        '/v1/disruptions/{disruptionId}',
        '/v1/passenger-events',
        '/v1/passenger-events/{eventId}',
      ]),
    );
    // The invoice page is documented as text/html; its refusals stay problem+json.
    const page = doc.paths['/v1/invoices/{invoiceId}.html'].get.responses;
    expect(Object.keys(page['200'].content)).toEqual(['text/html']);
    expect(Object.keys(page['404'].content)).toEqual(['application/problem+json']);
    const params = doc.paths['/v1/flights'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining(['bbox', 'callsign', 'minAlt', 'maxAlt', 'onGround', 'limit']),
    );
    expect((await a.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await a.inject({ url: '/health/ready' })).json()).toMatchObject({ status: 'ready' });
    expect((await a.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('lets a configured origin call from a browser (CORS)', async () => {
    const { a } = await app({ keys: null });
    const r = await a.inject({
      method: 'OPTIONS',
      url: '/v1/flights',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const other = await a.inject({
      method: 'OPTIONS',
      url: '/v1/flights',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
