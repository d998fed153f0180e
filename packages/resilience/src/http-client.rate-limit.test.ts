import { describe, expect, it, onTestFinished } from 'vitest';
import { ResilienceError } from './errors.js';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import { json, startTestServer, type TestServer, waitFor } from './test-support/http-server.js';

async function serverThatRateLimitsFirst(headers: Record<string, string>) {
  let limitedAt = 0;
  const server = await startTestServer((_req, res, index) => {
    if (index === 0) {
      limitedAt = Date.now();
      json(res, 429, { error: 'slow down' }, headers);
    } else {
      json(res, 200, { ok: true, index });
    }
  });
  onTestFinished(() => server.close());
  return { server, limitedAt: () => limitedAt };
}

function client(server: TestServer, extra: Partial<HttpClientOptions> = {}) {
  const c = createHttpClient({ name: 'test', baseUrl: server.url, timeoutMs: 5_000, ...extra });
  onTestFinished(() => c.close());
  return c;
}

async function holdsEveryCallerUntil(waitMs: number, headers: Record<string, string>) {
  const { server, limitedAt } = await serverThatRateLimitsFirst(headers);
  const http = client(server);

  const first = http.get<{ ok: boolean }>('/states/all');
  await waitFor(() => http.stats().rateLimited === 1, 'the 429 to reach the client');
  // Other callers arriving during the hold must wait too, not only the one that got 429.
  const others = [http.get('/states/all'), http.get('/flights/all')];
  const results = await Promise.all([first, ...others]);

  expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
  expect(server.arrivals).toHaveLength(4);
  for (const arrival of server.arrivals.slice(1)) {
    expect(arrival.at - limitedAt()).toBeGreaterThanOrEqual(waitMs);
  }
  expect(http.stats()).toMatchObject({ calls: 3, rateLimited: 1, retries: 1, successes: 3 });
}

describe('rate limiting', () => {
  it('sends nothing, from any caller, until Retry-After seconds have passed', async () => {
    await holdsEveryCallerUntil(2_000, { 'retry-after': '2' });
  });

  it("honours OpenSky's X-Rate-Limit-Retry-After-Seconds", async () => {
    await holdsEveryCallerUntil(1_000, { 'x-rate-limit-retry-after-seconds': '1' });
  });

  it('refuses calls without sending while a hold outlasts the retry budget', async () => {
    const { server } = await serverThatRateLimitsFirst({ 'retry-after': '3600' });
    const events: string[] = [];
    const http = client(server, {
      retry: { maxRetryAfterMs: 1_000 },
      onEvent: (e) => events.push(e.type),
    });

    const first = await http.get('/states/all').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ResilienceError);
    expect(first).toMatchObject({
      code: 'RESILIENCE_HTTP_RATE_LIMITED',
      status: 429,
      retriable: true,
    });
    expect((first as ResilienceError).retryAfterMs).toBe(3_600_000);

    const second = await http.get('/states/all').catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'RESILIENCE_RATE_LIMIT_HELD', retriable: true });
    expect((second as ResilienceError).retryAfterMs).toBeGreaterThan(3_500_000);
    expect(server.arrivals).toHaveLength(1);
    expect(events.filter((t) => t === 'rate_limited')).toHaveLength(2);
  });

  it('spends a token bucket and waits for its refill', async () => {
    const server = await startTestServer((_req, res) => json(res, 200, {}));
    onTestFinished(() => server.close());
    const createdAt = Date.now();
    const http = client(server, {
      rateLimit: { reservoir: 2, reservoirRefreshAmount: 2, reservoirRefreshInterval: 300 },
    });

    await Promise.all([1, 2, 3, 4].map((i) => http.get(`/item/${i}`)));

    const offsets = server.arrivals.map((a) => a.at - createdAt);
    // Two tokens at start, two more only at the first refill (>= 300 ms after creation).
    expect(offsets).toHaveLength(4);
    expect(offsets[2]).toBeGreaterThanOrEqual(290);
    expect(offsets[3]).toBeGreaterThanOrEqual(290);
  });
});
