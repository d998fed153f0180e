import { connect, type NetConnectOpts, type Socket } from 'node:net';
import websocket from '@fastify/websocket';
import { decode } from '@msgpack/msgpack';
import { defaultFirLayer } from '@overfly/geo';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { waitFor } from '../../../../tests/support/wait-for.js';
import { type AircraftTable, createAircraftTable } from './aircraft-table.js';
import type { LiveAircraft } from './encode.js';
import { createLiveHub, type LiveHub, type LiveHubOptions } from './hub.js';
import { liveRoute } from './route.js';
import { aircraftState, icao } from './test-support/states.js';

interface Message {
  type: 'snapshot' | 'delta' | 'error';
  t: number;
  aircraft?: LiveAircraft[];
  changed?: LiveAircraft[];
  removed?: string[];
  errors?: Array<{ field: string }>;
}

const T = Date.now();
const firs = defaultFirLayer();
let app: FastifyInstance | undefined;
let hub: LiveHub | undefined;
const clients: WebSocket[] = [];

afterEach(async () => {
  hub?.stop();
  for (const c of clients.splice(0)) c.terminate();
  await app?.close();
  app = undefined;
});

async function serve(
  options: Partial<LiveHubOptions> & {
    authorize?: () => boolean | { status: 401 | 403; detail: string };
  } = {},
): Promise<{ table: AircraftTable; hub: LiveHub; url: string }> {
  const table = createAircraftTable();
  hub = createLiveHub({ table, hz: 5, firs, ...options });
  app = Fastify();
  await app.register(websocket);
  await app.register(
    liveRoute(hub, { firs, ...(options.authorize ? { authorize: options.authorize } : {}) }),
  );
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { table, hub, url: `${address.replace('http', 'ws')}/v1/live` };
}

/** A client that keeps every message it gets, decoded. */
function open(url: string, onSocket?: (socket: Socket) => void) {
  const messages: Message[] = [];
  const ws = new WebSocket(url, {
    // Its own TCP socket, so the test can stop reading as a slow client would.
    createConnection: ((opts: NetConnectOpts) => {
      const socket = connect(opts);
      onSocket?.(socket);
      return socket;
    }) as typeof connect,
  });
  clients.push(ws);
  ws.on('message', (data, isBinary) => {
    const buf = data as Buffer;
    messages.push((isBinary ? decode(buf) : JSON.parse(buf.toString())) as Message);
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, opened };
}

/** What an upgrade refused before the handshake answered. */
function refused(url: string): Promise<{ status: number; type: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    clients.push(ws);
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: JSON.parse(body),
        }),
      );
    });
    ws.once('error', () => undefined);
  });
}

/** Applies snapshots and deltas as a client would: icao24 → record. */
function stateOf(messages: readonly Message[]): Map<string, LiveAircraft> {
  const held = new Map<string, LiveAircraft>();
  for (const m of messages) {
    if (m.type === 'snapshot') {
      held.clear();
      for (const a of m.aircraft ?? []) held.set(a.icao24, a);
    } else if (m.type === 'delta') {
      for (const a of m.changed ?? []) held.set(a.icao24, a);
      for (const id of m.removed ?? []) held.delete(id);
    }
  }
  return held;
}

describe('GET /v1/live over a real socket', () => {
  it('sends a snapshot, then deltas of changed and removed aircraft', async () => {
    const { table, hub, url } = await serve();
    table.upsert(aircraftState('aaaaaa', T));
    table.upsert(aircraftState('bbbbbb', T));
    hub.tick();
    const c = open(url);
    await c.opened;
    await waitFor(() => hub.stats().clients === 1);
    hub.tick();
    table.upsert(aircraftState('aaaaaa', T + 1_000, { latitude: 49 }));
    table.remove('bbbbbb');
    hub.tick();
    await waitFor(() => c.messages.length === 2, { message: 'snapshot and delta' });
    expect(c.messages[0]).toMatchObject({ type: 'snapshot' });
    expect(c.messages[0]?.aircraft?.map((a) => a.icao24).sort()).toEqual(['aaaaaa', 'bbbbbb']);
    expect(c.messages[1]).toMatchObject({
      type: 'delta',
      changed: [{ icao24: 'aaaaaa', lat: 49 }],
      removed: ['bbbbbb'],
    });
  });

  it('speaks MessagePack in binary frames when asked', async () => {
    const { table, hub, url } = await serve();
    table.upsert(aircraftState('aaaaaa', T));
    const c = open(`${url}?format=msgpack`);
    const binary: boolean[] = [];
    c.ws.on('message', (_d, isBinary) => binary.push(isBinary));
    await c.opened;
    await waitFor(() => hub.stats().clients === 1);
    hub.tick();
    table.upsert(aircraftState('aaaaaa', T + 1, { callsign: 'BAW9' }));
    hub.tick();
    await waitFor(() => c.messages.length === 2);
    expect(binary).toEqual([true, true]);
    expect(c.messages[0]?.aircraft?.[0]).toMatchObject({ icao24: 'aaaaaa', callsign: 'AFR123' });
    expect(c.messages[1]?.changed?.[0]).toMatchObject({ icao24: 'aaaaaa', callsign: 'BAW9' });
  });

  it('sends only what the filter shows, and removes what a new filter hides', async () => {
    const { table, hub, url } = await serve();
    table.upsert(aircraftState('aaaaaa', T, { latitude: 51.5, longitude: -0.5, callsign: 'BAW1' }));
    table.upsert(aircraftState('bbbbbb', T, { latitude: 48.8, longitude: 2.3, callsign: 'AFR1' }));
    table.upsert(aircraftState('cccccc', T, { latitude: 52, longitude: -1, callsign: 'EZY1' }));
    const c = open(`${url}?fir=EGTT`);
    await c.opened;
    await waitFor(() => hub.stats().clients === 1);
    hub.tick();
    await waitFor(() => c.messages.length === 1);
    expect([...stateOf(c.messages).keys()].sort()).toEqual(['aaaaaa', 'cccccc']);
    c.ws.send(JSON.stringify({ type: 'filter', fir: 'EGTT', operator: 'BAW' }));
    await waitFor(() => hub.stats().groups === 1 && c.messages.length === 1);
    // The filter message is handled before the next tick.
    await new Promise((r) => setTimeout(r, 50));
    hub.tick();
    await waitFor(() => c.messages.length === 2);
    expect(c.messages[1]).toMatchObject({ type: 'delta', removed: ['cccccc'] });
    expect([...stateOf(c.messages).keys()]).toEqual(['aaaaaa']);
    c.ws.send(JSON.stringify({ type: 'filter', bbox: 'x' }));
    await waitFor(() => c.messages.length === 3);
    expect(c.messages[2]).toMatchObject({ type: 'error', errors: [{ field: 'bbox' }] });
  });

  it('refuses the upgrade with 401 problem+json when authorize says no', async () => {
    let connected = 0;
    const { url } = await serve({
      authorize: () => false,
      observer: { clients: () => connected++ },
    });
    const answer = await refused(url);
    expect(answer).toMatchObject({
      status: 401,
      type: expect.stringContaining('application/problem+json'),
      body: { type: 'about:blank', title: 'Unauthorized', status: 401 },
    });
    expect(connected).toBe(0);
  });

  it('refuses the upgrade with the status and detail authorize gives', async () => {
    const forbidden = await serve({
      authorize: () => ({ status: 403, detail: 'role viewer may not read ops data' }),
    });
    expect(await refused(forbidden.url)).toMatchObject({
      status: 403,
      body: { title: 'Forbidden', status: 403, detail: 'role viewer may not read ops data' },
    });
    await app?.close();
    hub?.stop();
    const expired = await serve({
      authorize: () => ({ status: 401, detail: 'the token expired at 2026-03-01T12:00:00.000Z' }),
    });
    expect(await refused(expired.url)).toMatchObject({
      status: 401,
      body: { title: 'Unauthorized', detail: 'the token expired at 2026-03-01T12:00:00.000Z' },
    });
  });

  it('refuses a bad filter with 400 problem+json naming the parameter', async () => {
    const { url } = await serve();
    const answer = await refused(`${url}?bbox=10,20,30&format=xml&minAlt=1`);
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ title: 'Bad Request', status: 400 });
    const fields = (answer.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields.sort()).toEqual(['bbox', 'format']);
    const unknown = await refused(`${url}?bbx=1`);
    expect(unknown.body).toMatchObject({ errors: [{ field: 'bbx' }] });
  });

  it("keeps a slow client's buffered bytes and its state in the hub bounded, then brings it to the latest state", async () => {
    const N = 5_000;
    const maxBufferedBytes = 256 * 1024;
    let skipped = 0;
    let largestFrame = 0;
    const { table, hub, url } = await serve({
      maxBufferedBytes,
      observer: {
        skipped: () => skipped++,
        serialised: (_kind, _format, bytes) => {
          largestFrame = Math.max(largestFrame, bytes);
        },
      },
    });
    let round = 0;
    const move = () => {
      round++;
      for (let i = 0; i < N; i++)
        table.upsert(
          aircraftState(icao(i), T + round * 200, {
            latitude: 40 + (round % 100) / 10,
            longitude: i / 1000,
          }),
        );
    };
    move();
    let raw: Socket | undefined;
    const slow = open(url, (s) => (raw = s));
    await slow.opened;
    await waitFor(() => hub.stats().clients === 1);
    hub.start();
    await waitFor(() => slow.messages.length >= 1, { message: 'the snapshot' });
    // The client stops reading: what the server sends piles up in the kernel, then in ws.
    raw?.pause();
    const server = app?.websocketServer.clients.values().next().value as WebSocket;
    let maxBuffered = 0;
    const sampler = setInterval(() => {
      maxBuffered = Math.max(maxBuffered, server.bufferedAmount);
    }, 5);
    const mover = setInterval(move, 200);
    await waitFor(() => skipped >= 10, { timeoutMs: 15_000, message: 'backpressure to start' });
    await new Promise((r) => setTimeout(r, 2_000));
    clearInterval(mover);
    clearInterval(sampler);
    const skippedWhilePaused = skipped;
    const stats = hub.stats();

    // Each frame is ~1 MB; without the skip, ws would hold one per tick (5 MB/s).
    expect(largestFrame).toBeGreaterThan(maxBufferedBytes);
    expect(skippedWhilePaused).toBeGreaterThanOrEqual(10);
    expect(maxBuffered).toBeLessThanOrEqual(maxBufferedBytes + largestFrame);
    // The hub holds the group's view (one entry per aircraft) and nothing per tick missed.
    expect(stats).toMatchObject({ clients: 1, groups: 1, visible: N, retainedRemovals: 0 });

    raw?.resume();
    const last = T + round * 200;
    await waitFor(
      () => {
        const held = stateOf(slow.messages);
        return held.size === N && [...held.values()].every((a) => a.positionTime === last);
      },
      { timeoutMs: 20_000, message: 'the slow client to reach the latest state' },
    );
  });
});
