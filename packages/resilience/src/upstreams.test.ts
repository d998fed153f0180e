import { describe, expect, it, onTestFinished } from 'vitest';
import { createBreaker } from './breaker.js';
import { createHttpClient } from './http-client.js';
import { createRateLimiter } from './rate-limit.js';
import { json, startTestServer } from './test-support/http-server.js';
import { upstreamSnapshot } from './upstreams.js';

const clientNamed = (name: string) => upstreamSnapshot().clients.find((c) => c.name === name);
const limiterNamed = (name: string) => upstreamSnapshot().limiters.find((l) => l.name === name);
const breakerNamed = (name: string) => upstreamSnapshot().breakers.find((b) => b.name === name);

describe('upstreamSnapshot', () => {
  it('lists every client of the process with its counts, queue and breaker', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await startTestServer(async (req, res) => {
      if (req.url === '/slow') await slow;
      json(res, req.url === '/fail' ? 500 : 200, {});
    });
    onTestFinished(() => server.close());
    const http = createHttpClient({
      name: 'upstreams-test-a',
      baseUrl: server.url,
      retry: { maxAttempts: 1 },
      rateLimit: { maxConcurrent: 1 },
      breaker: { volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeout: 60_000 },
    });
    onTestFinished(() => http.close());

    await http.get('/ok');
    const first = http.get('/slow');
    const second = http.get('/ok');
    await expect
      .poll(() => limiterNamed('upstreams-test-a')?.load)
      .toEqual({ queued: 1, running: 1 });
    release();
    await Promise.all([first, second]);
    await expect(http.get('/fail')).rejects.toMatchObject({ code: 'RESILIENCE_HTTP_SERVER_ERROR' });
    await expect(http.get('/ok')).rejects.toMatchObject({ code: 'RESILIENCE_CIRCUIT_OPEN' });

    const seen = clientNamed('upstreams-test-a');
    expect(limiterNamed('upstreams-test-a')?.load).toEqual({ queued: 0, running: 0 });
    expect(seen?.counts).toMatchObject({
      calls: 5,
      attempts: 4,
      successes: 3,
      failures: 1,
      breakerRejections: 1,
    });
    expect(seen?.counts.attemptSeconds).toBeGreaterThan(0);
    expect(breakerNamed('upstreams-test-a')?.state).toBe('open');
  });

  it('sums clients of one name and keeps the counts of closed ones, but not their breakers', async () => {
    const server = await startTestServer((_req, res) => json(res, 200, {}));
    onTestFinished(() => server.close());
    const make = () => createHttpClient({ name: 'upstreams-test-b', baseUrl: server.url });
    const one = make();
    const two = make();
    await one.get('/a');
    await two.get('/b');
    await two.get('/c');
    expect(clientNamed('upstreams-test-b')?.counts.successes).toBe(3);
    await one.close();
    await two.close();
    expect(clientNamed('upstreams-test-b')?.counts.successes).toBe(3);
    expect(breakerNamed('upstreams-test-b')).toBeUndefined();
    expect(limiterNamed('upstreams-test-b')).toBeUndefined();
  });

  it('lists a breaker and a named limiter made for another protocol (SMTP) until they stop', async () => {
    const breaker = createBreaker('upstreams-test-smtp', {}, () => undefined);
    const limiter = createRateLimiter({}, 'upstreams-test-smtp');
    const anonymous = createRateLimiter({});
    expect(breakerNamed('upstreams-test-smtp')?.state).toBe('closed');
    limiter.hold(5_000);
    expect(limiterNamed('upstreams-test-smtp')?.holdMs).toBeGreaterThan(4_000);
    expect(
      upstreamSnapshot().limiters.filter((l) => l.name === 'upstreams-test-smtp'),
    ).toHaveLength(1);
    breaker.shutdown();
    await limiter.stop();
    await anonymous.stop();
    expect(breakerNamed('upstreams-test-smtp')).toBeUndefined();
    expect(limiterNamed('upstreams-test-smtp')).toBeUndefined();
  });
});
