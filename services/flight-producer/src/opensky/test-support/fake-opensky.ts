// Test helpers: a real HTTP server on 127.0.0.1 playing both OpenSky's token endpoint and
// its REST API, recording when each request arrived, what it carried, and which tokens it
// issued. Tests script the answers; nothing mocks fetch.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { createOpenSkyClient } from '../client.js';
import type { OpenSkyClient, OpenSkyClientOptions } from '../types.js';

const TOKEN_PATH = '/auth/realms/opensky-network/protocol/openid-connect/token';

export interface FakeRequest {
  /** Date.now() when the request reached the server. */
  at: number;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Answer late, so concurrent callers overlap. */
  delayMs?: number;
}

type FakeRoute = (request: FakeRequest, index: number) => FakeReply;

export interface FakeOpenSky {
  apiUrl: string;
  tokenUrl: string;
  tokenRequests: FakeRequest[];
  apiRequests: FakeRequest[];
  /** Tokens handed out, in order. */
  issued: string[];
  onToken: FakeRoute;
  onStates: FakeRoute;
}

export const T0_SECONDS = 1_735_732_800; // 2025-01-01T12:00:00Z

/** A valid 18-column state row (extended=1), with fields overridden by index. */
export function stateRow(icao24: string, overrides: Record<number, unknown> = {}): unknown[] {
  const row: unknown[] = [
    icao24,
    'DLH4AB  ',
    'Germany',
    T0_SECONDS - 1,
    T0_SECONDS,
    8.5622,
    50.0379,
    10_972.8,
    false,
    231.4,
    87.2,
    -0.33,
    null,
    11_201.4,
    '1000',
    false,
    0,
    4,
  ];
  for (const [index, value] of Object.entries(overrides)) row[Number(index)] = value;
  return row;
}

export function statesBody(
  rows: unknown[],
  time = T0_SECONDS,
): { time: number; states: unknown[] } {
  return { time, states: rows };
}

/** Starts the fake and closes it when the test ends. */
export async function startFakeOpenSky(): Promise<FakeOpenSky> {
  const fake: FakeOpenSky = {
    apiUrl: '',
    tokenUrl: '',
    tokenRequests: [],
    apiRequests: [],
    issued: [],
    onToken: () => {
      const token = `token-${fake.issued.length + 1}`;
      fake.issued.push(token);
      return {
        delayMs: 50,
        body: { access_token: token, expires_in: 1_800, token_type: 'Bearer' },
      };
    },
    onStates: () => ({ body: statesBody([stateRow('3c6444')]) }),
  };
  const server = createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const request: FakeRequest = {
        at,
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      let reply: FakeReply;
      if (url.pathname === TOKEN_PATH) {
        fake.tokenRequests.push(request);
        reply = fake.onToken(request, fake.tokenRequests.length - 1);
      } else if (url.pathname === '/api/states/all') {
        fake.apiRequests.push(request);
        reply = fake.onStates(request, fake.apiRequests.length - 1);
      } else {
        reply = { status: 404, body: { error: 'not found' } };
      }
      setTimeout(() => {
        res.writeHead(reply.status ?? 200, {
          'content-type': 'application/json',
          ...reply.headers,
        });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.apiUrl = `http://127.0.0.1:${port}/api`;
  fake.tokenUrl = `http://127.0.0.1:${port}${TOKEN_PATH}`;
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return fake;
}

/** A client pointed at the fake, closed when the test ends. */
export function clientFor(fake: FakeOpenSky, options: OpenSkyClientOptions = {}): OpenSkyClient {
  const client = createOpenSkyClient({
    baseUrl: fake.apiUrl,
    tokenUrl: fake.tokenUrl,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  onTestFinished(() => client.close());
  return client;
}

/** The Bearer token a request carried, or undefined. */
export function bearer(request: FakeRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

export const SWITZERLAND = { lamin: 45.8389, lomin: 5.9962, lamax: 47.8229, lomax: 10.5226 };
