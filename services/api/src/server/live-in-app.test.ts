import type { Queryable } from '@overfly/db';
import { defaultFirLayer } from '@overfly/geo';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createJwtVerifier } from '../auth/jwt.js';
import { createAircraftTable } from '../live/aircraft-table.js';
import { createLiveHub, type LiveHub } from '../live/hub.js';
import { liveRoute } from '../live/route.js';
import { aircraftState } from '../live/test-support/states.js';
import { TEST_KEYS, testApp, testKeyRing } from '../test-support/app.js';
import { secondsFromNow, signJwt } from '../test-support/jwt.js';
import { authorizer } from './app.js';

const JWT_SECRET = 'live-stream-test-secret-0123456789';

const db = { query: async () => ({ rows: [] }) } as unknown as Queryable;
let app: FastifyInstance | undefined;
let hub: LiveHub | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  hub?.stop();
  await app?.close();
});

/** The whole app, auth on (API keys and HS256 JWTs), with the live route as main.ts mounts it. */
async function serve(): Promise<string> {
  const firs = defaultFirLayer();
  const table = createAircraftTable();
  table.upsert(aircraftState('4ca1d3', Date.now()));
  hub = createLiveHub({ table, hz: 5, firs });
  hub.start();
  const auth = {
    keys: testKeyRing(),
    jwt: createJwtVerifier({ secret: JWT_SECRET, clockToleranceMs: 0 }),
  };
  app = await testApp(db, {
    ...auth,
    extraRoutes: [liveRoute(hub, { firs, authorize: authorizer(auth, 'traffic') })],
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return `${address.replace('http', 'ws')}/v1/live`;
}

function attempt(
  url: string,
  headers: Record<string, string> = {},
): Promise<
  { status: number; detail?: string } | { first: { type: string; aircraft?: unknown[] } }
> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    sockets.push(ws);
    ws.once('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status, detail: JSON.parse(body).detail }));
    });
    ws.once('message', (data) => {
      resolve({ first: JSON.parse(String(data)) });
      ws.close();
    });
    ws.once('error', (e) =>
      e.message.includes('Unexpected server response') ? undefined : reject(e),
    );
  });
}

describe('the live stream inside the app', () => {
  it('refuses an upgrade without a key (401) or with an unknown one, takes ?token=', async () => {
    const url = await serve();
    expect(await attempt(url)).toMatchObject({ status: 401 });
    expect(await attempt(`${url}?token=not-a-key-000000000000`)).toEqual({
      status: 401,
      detail: 'the API key is not known',
    });
    expect(await attempt(`${url}?format=json`)).toMatchObject({ status: 401 });
    const ok = await attempt(`${url}?token=${TEST_KEYS.viewer}`);
    expect(ok).toMatchObject({ first: { type: 'snapshot' } });
    expect((ok as { first: { aircraft: unknown[] } }).first.aircraft).toHaveLength(1);
  });

  it('refuses an upgrade with a bad JWT (401 saying why), takes a good one', async () => {
    const url = await serve();
    const claims = { sub: 'globe', role: 'viewer', exp: secondsFromNow(600) };
    const expired = signJwt('HS256', { ...claims, exp: secondsFromNow(-60) }, JWT_SECRET);
    expect(await attempt(`${url}?token=${expired}`)).toMatchObject({
      status: 401,
      detail: expect.stringMatching(/^the token expired at /),
    });
    const forged = signJwt('HS256', claims, 'another-secret-0123456789-abcdefgh');
    expect(await attempt(url, { authorization: `Bearer ${forged}` })).toMatchObject({
      status: 401,
      detail: expect.stringMatching(/signature does not match/),
    });
    const unsigned = signJwt('none', claims, null);
    expect(await attempt(`${url}?token=${unsigned}`)).toMatchObject({
      status: 401,
      detail: 'unsigned tokens (alg none) are refused',
    });
    const good = signJwt('HS256', claims, JWT_SECRET);
    expect(await attempt(`${url}?token=${good}`)).toMatchObject({ first: { type: 'snapshot' } });
    expect(await attempt(url, { authorization: `Bearer ${good}` })).toMatchObject({
      first: { type: 'snapshot' },
    });
  });

  it('is in the OpenAPI document with its filters', async () => {
    await serve();
    const doc = (await app!.inject({ url: '/openapi.json' })).json();
    const names = doc.paths['/v1/live'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['bbox', 'fir', 'operator', 'format', 'token']));
  });
});
