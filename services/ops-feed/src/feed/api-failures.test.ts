// Live mode against fake APIs (real local HTTP servers): aviationstack first answers 429
// with Retry-After, then 500s. The feed waits out the Retry-After, its breaker opens, no
// poll throws, readiness names the failing API alone, and a probe closes the breaker again.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@overfly/config';
import { createHealthChecks, createLogger, createMetrics } from '@overfly/observability';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { opsFeedConfigSchema } from '../config.js';
import { memorySink } from '../test-support/memory-sink.js';
import { type BuiltFeed, buildOpsFeed } from './build.js';

async function fakeApi(handle: (path: string, res: ServerResponse) => void) {
  const arrivals: Array<{ at: number; path: string }> = [];
  const server = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    arrivals.push({ at: Date.now(), path });
    handle(path, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals };
}

const json = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

let built: BuiltFeed | undefined;
afterEach(async () => {
  await built?.close();
  built = undefined;
});

async function waitUntil(condition: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('an API that rate-limits, then fails', () => {
  it('is waited for, then cut off by its breaker, while the service and the other APIs go on', async () => {
    const state = { flights: 'limit-then-fail' as 'limit-then-fail' | 'healthy' };
    const schedules = await fakeApi((_path, res) => {
      if (state.flights === 'healthy') json(res, 200, { pagination: { total: 0 }, data: [] });
      else if (schedules.arrivals.length === 1)
        json(res, 429, { error: { code: 'rate_limit_reached' } }, { 'retry-after': '1' });
      else json(res, 500, { error: { code: 'internal_error' } });
    });
    const weather = await fakeApi((path, res) => {
      if (path === '/api/data/metar') {
        json(res, 200, [
          {
            icaoId: 'EDDF',
            obsTime: 1726552200,
            metarType: 'METAR',
            rawOb: 'EDDF 170550Z 24006KT CAVOK 12/08 Q1019',
          },
        ]);
      } else res.writeHead(204).end();
    });
    const dcs = await fakeApi((_path, res) => json(res, 404, {}));

    const config = loadConfig(opsFeedConfigSchema, {
      OPS_FEED_MODE: 'live',
      OPS_FEED_AIRPORTS: 'EDDF',
      AVIATIONWEATHER_URL: weather.url,
      AVIATIONSTACK_URL: schedules.url,
      AVIATIONSTACK_ACCESS_KEY: 'test-key',
      DCS_BASE_URL: dcs.url,
      DCS_API_TOKEN: 'test-token',
      PASSENGER_ID_KEY: 'a-test-key-that-is-long-enough-for-hmac-use',
      API_BREAKER_RESET: '500ms',
    });
    const { sink, sent } = memorySink();
    const metrics = createMetrics({
      service: 'test-ops-feed',
      instance: 'i',
      collectDefaults: false,
    });
    built = await buildOpsFeed(config, {
      logger: createLogger({ service: 'test-ops-feed', level: 'silent' }),
      metrics,
      sink,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    });
    const { feed } = built;
    const health = createHealthChecks();
    for (const api of ['aviationweather', 'aviationstack', 'dcs'] as const) {
      health.register({ name: api, check: async () => feed.checkApi(api) });
    }

    // Poll 1: 429 with Retry-After: 1 — the retry leaves only after the second has passed.
    await expect(feed.pollSchedules()).resolves.toBeUndefined();
    const [limited, retried] = schedules.arrivals;
    expect(retried && limited ? retried.at - limited.at : 0).toBeGreaterThanOrEqual(1_000);

    // Two more polls of 500s: at the fifth failure the breaker opens, and the sixth attempt
    // is refused before it is sent.
    await feed.pollSchedules();
    await feed.pollSchedules();
    expect(schedules.arrivals).toHaveLength(5);
    expect(feed.status('aviationstack').breaker).toBe('open');

    // Open: the next poll sends nothing and fails fast, without throwing.
    await expect(feed.pollSchedules()).resolves.toBeUndefined();
    expect(schedules.arrivals).toHaveLength(5);
    expect(feed.status('aviationstack').lastFailure?.code).toBe('RESILIENCE_CIRCUIT_OPEN');

    // Weather still flows; readiness names aviationstack and only it.
    await feed.pollWeather();
    expect(sent['external.weather'].map((r) => r.key)).toEqual(['EDDF']);
    const report = await health.run();
    expect(report.failing).toEqual(['aviationstack']);
    expect(report.checks.find((c) => c.name === 'aviationstack')?.error).toMatch(
      /aviationstack: circuit breaker open/,
    );
    const breakerGauge = await metrics.registry
      .getSingleMetric('overfly_ops_feed_breaker_state')
      ?.get();
    expect(breakerGauge?.values.find((v) => v.labels.api === 'aviationstack')?.value).toBe(2);

    // The API recovers: after API_BREAKER_RESET one probe goes through and closes the breaker.
    state.flights = 'healthy';
    await waitUntil(
      () => feed.status('aviationstack').breaker === 'half-open',
      'the breaker to half-open',
    );
    await feed.pollSchedules();
    expect(feed.status('aviationstack')).toMatchObject({ breaker: 'closed', lastFailure: null });
    expect((await health.run()).ready).toBe(true);
  });

  it('names a refused aviationstack key as OPS_FEED_API_UNAUTHORIZED', async () => {
    const schedules = await fakeApi((_path, res) =>
      json(res, 401, {
        error: { code: 'invalid_access_key', message: 'An invalid API access key was supplied.' },
      }),
    );
    const config = loadConfig(opsFeedConfigSchema, {
      OPS_FEED_MODE: 'live',
      OPS_FEED_AIRPORTS: 'EDDF',
      AVIATIONSTACK_URL: schedules.url,
      AVIATIONSTACK_ACCESS_KEY: 'wrong',
      DCS_BASE_URL: 'http://127.0.0.1:9',
      DCS_API_TOKEN: 't',
      PASSENGER_ID_KEY: 'a-test-key-that-is-long-enough-for-hmac-use',
    });
    built = await buildOpsFeed(config, {
      logger: createLogger({ service: 'test-ops-feed', level: 'silent' }),
      metrics: createMetrics({ service: 'test-ops-feed', instance: 'i', collectDefaults: false }),
      sink: memorySink().sink,
    });
    await built.feed.pollSchedules();
    expect(built.feed.status('aviationstack').lastFailure?.code).toBe('OPS_FEED_API_UNAUTHORIZED');
    // A 4xx says nothing about the API's health: one request, no retries, breaker closed.
    expect(schedules.arrivals).toHaveLength(1);
    expect(built.feed.status('aviationstack').breaker).toBe('closed');
  });
});
