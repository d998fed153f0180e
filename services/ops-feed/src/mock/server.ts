// Mock mode's APIs: one local HTTP server that speaks aviationweather.gov's Data API,
// aviationstack's /v1/flights and the DCS passenger-list export, serving a scenario day at
// the feed's clock. ops-feed's real clients call it over HTTP, so parsing, breaker, rate
// limiter and retries run in the demo exactly as against the live APIs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeedClock } from '../feed/clock.js';
import type { ScenarioDay, ScenarioSource } from './scenario-source.js';
import { aviationstackFlight, metarJson, passengerListExport, tafJson } from './wire.js';

export interface MockApis {
  /** Base URLs to give the clients. */
  urls: { weather: string; schedules: string; manifests: string };
  close(): Promise<void>;
}

export const MOCK_ACCESS_KEY = 'mock';
export const MOCK_DCS_TOKEN = 'mock';

export async function startMockApis<D extends ScenarioDay>(options: {
  source: ScenarioSource<D>;
  clock: FeedClock;
  /** 0 (default) picks a free port on 127.0.0.1. */
  port?: number;
}): Promise<MockApis> {
  const { source, clock } = options;
  const { day, views } = source;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const stations = (url: URL) =>
    (url.searchParams.get('ids') ?? '')
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter((s) => /^[A-Z]{4}$/.test(s));

  const routes: Record<string, (url: URL, req: IncomingMessage, res: ServerResponse) => void> = {
    '/api/data/metar': (url, _req, res) => {
      const now = clock.now();
      const reports = stations(url).flatMap((id) => {
        const report = views.weatherAt(day, id, now);
        return report ? [metarJson(report)] : [];
      });
      // As the real API: 204 and no body when it has nothing.
      if (reports.length === 0) res.writeHead(204).end();
      else json(res, 200, reports);
    },
    '/api/data/taf': (url, _req, res) => {
      const now = clock.now();
      const reports = stations(url).flatMap((id) => {
        const report = views.forecastAt(day, id, now);
        return report ? [tafJson(report)] : [];
      });
      if (reports.length === 0) res.writeHead(204).end();
      else json(res, 200, reports);
    },
    '/v1/flights': (url, _req, res) => {
      if (url.searchParams.get('access_key') !== MOCK_ACCESS_KEY) {
        json(res, 401, {
          error: { code: 'invalid_access_key', message: 'An invalid API access key was supplied.' },
        });
        return;
      }
      const airport = (url.searchParams.get('dep_icao') ?? '').toUpperCase();
      const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 100) || 100);
      const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
      const all = views
        .schedulesAt(day, clock.now(), { airport })
        .filter((s) => s.departureAirport === airport);
      const data = all.slice(offset, offset + limit).map((s) => aviationstackFlight(s, day));
      json(res, 200, {
        pagination: { limit, offset, count: data.length, total: all.length },
        data,
      });
    },
    '/dcs/v1/passenger-lists': (url, req, res) => {
      if (req.headers.authorization !== `Bearer ${MOCK_DCS_TOKEN}`) {
        json(res, 401, { error: 'unauthorized' });
        return;
      }
      const flight = url.searchParams.get('flight') ?? '';
      const date = (url.searchParams.get('date') ?? '').replaceAll('-', '');
      const origin = url.searchParams.get('origin') ?? '';
      const manifest = views.manifestAt(day, `${flight}-${date}-${origin}`, clock.now());
      if (!manifest) json(res, 404, { error: 'no passenger list for this leg' });
      else json(res, 200, passengerListExport(manifest));
    },
  };

  const server = createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://mock');
    const route = req.method === 'GET' ? routes[url.pathname] : undefined;
    if (!route) {
      json(res, 404, { error: `no such endpoint: ${req.method} ${url.pathname}` });
      return;
    }
    try {
      route(url, req, res);
    } catch (error) {
      json(res, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: { weather: base, schedules: base, manifests: `${base}/dcs/v1` },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
