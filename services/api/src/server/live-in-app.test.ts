import type { Queryable } from '@overfly/db';
import { defaultFirLayer } from '@overfly/geo';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createAircraftTable } from '../live/aircraft-table.js';
import { createLiveHub, type LiveHub } from '../live/hub.js';
import { liveRoute } from '../live/route.js';
import { aircraftState } from '../live/test-support/states.js';
import { TEST_KEYS, testApp, testKeyRing } from '../test-support/app.js';
import { authorizer } from './app.js';

const db = { query: async () => ({ rows: [] }) } as unknown as Queryable;
let app: FastifyInstance | undefined;
let hub: LiveHub | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  hub?.stop();
  await app?.close();
});

/** The whole app, auth on, with the live route as main.ts mounts it. */
async function serve(): Promise<string> {
  const firs = defaultFirLayer();
  const table = createAircraftTable();
  table.upsert(aircraftState('4ca1d3', Date.now()));
  hub = createLiveHub({ table, hz: 5, firs });
  hub.start();
  app = await testApp(db, {
    extraRoutes: [liveRoute(hub, { firs, authorize: authorizer(testKeyRing(), 'traffic') })],
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return `${address.replace('http', 'ws')}/v1/live`;
}

function attempt(
  url: string,
): Promise<{ status: number } | { first: { type: string; aircraft?: unknown[] } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
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
    expect(await attempt(url)).toEqual({ status: 401 });
    expect(await attempt(`${url}?token=not-a-key-000000000000`)).toEqual({ status: 401 });
    expect(await attempt(`${url}?format=json`)).toEqual({ status: 401 });
    const ok = await attempt(`${url}?token=${TEST_KEYS.viewer}`);
    expect(ok).toMatchObject({ first: { type: 'snapshot' } });
    expect((ok as { first: { aircraft: unknown[] } }).first.aircraft).toHaveLength(1);
  });

  it('is in the OpenAPI document with its filters', async () => {
    await serve();
    const doc = (await app!.inject({ url: '/openapi.json' })).json();
    const names = doc.paths['/v1/live'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['bbox', 'fir', 'operator', 'format', 'token']));
  });
});
