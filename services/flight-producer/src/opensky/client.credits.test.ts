import { createMetrics } from '@overfly/observability';
import { describe, expect, it } from 'vitest';
import { OpenSkyError } from './errors.js';
import {
  clientFor,
  SWITZERLAND,
  startFakeOpenSky,
  statesBody,
} from './test-support/fake-opensky.js';
import type { OpenSkyEvent } from './types.js';

// Switzerland's box (docs example) is 1.98° × 4.53° ≈ 9 sq deg: 1 credit a call.
describe('OpenSky credit budget', () => {
  it('counts credits by box area against the account’s daily allowance', async () => {
    const fake = await startFakeOpenSky();
    const client = clientFor(fake);
    expect(client.creditsLeft()).toBe(400);

    const result = await client.fetchStates(SWITZERLAND);
    await client.fetchStates({ lamin: 40, lomin: 0, lamax: 50, lomax: 20 }); // 200 sq deg: 3

    expect(result.creditsCharged).toBe(1);
    expect(client.creditsUsed()).toBe(4);
    expect(client.creditsLeft()).toBe(396);
  });

  it('takes the server’s X-Rate-Limit-Remaining over its own count', async () => {
    const fake = await startFakeOpenSky();
    fake.onStates = () => ({
      headers: { 'X-Rate-Limit-Remaining': '117' },
      body: statesBody([]),
    });
    const client = clientFor(fake, { clientId: 'id', clientSecret: 'secret' });
    expect(client.creditsLeft()).toBe(4_000);

    await client.fetchStates(SWITZERLAND);

    expect(client.creditsLeft()).toBe(117);
    expect(client.creditsUsed()).toBe(1);
  });

  it('refuses, without calling, once the budget cannot pay for the request', async () => {
    const fake = await startFakeOpenSky();
    const events: OpenSkyEvent[] = [];
    let clock = Date.UTC(2025, 0, 1, 18);
    const client = clientFor(fake, {
      dailyCredits: 2,
      now: () => clock,
      onEvent: (e) => events.push(e),
    });

    await client.fetchStates(SWITZERLAND);
    await client.fetchStates(SWITZERLAND);
    const error = await client.fetchStates(SWITZERLAND).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OpenSkyError);
    expect(error).toMatchObject({
      code: 'FLIGHT_PRODUCER_OPENSKY_CREDITS_EXHAUSTED',
      retriable: false,
      retryAfterMs: 6 * 3_600_000, // 18:00 UTC → next UTC midnight
    });
    expect(fake.apiRequests).toHaveLength(2);
    expect(events).toContainEqual({
      type: 'credits_exhausted',
      accountType: 'anonymous',
      retryAfterMs: 21_600_000,
    });

    clock = Date.UTC(2025, 0, 2, 0, 0, 1); // a new UTC day, a new allowance
    await client.fetchStates(SWITZERLAND);
    expect(fake.apiRequests).toHaveLength(3);
    expect(client.creditsUsed()).toBe(1);
  });

  it('sends nothing until X-Rate-Limit-Retry-After-Seconds has passed after a 429', async () => {
    const fake = await startFakeOpenSky();
    fake.onStates = (_request, index) =>
      index === 0
        ? { status: 429, headers: { 'X-Rate-Limit-Retry-After-Seconds': '2' }, body: {} }
        : { body: statesBody([]) };
    const client = clientFor(fake);

    await client.fetchStates(SWITZERLAND);

    const [limited, retried] = fake.apiRequests;
    expect(fake.apiRequests).toHaveLength(2);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(2_000);
    // The 429 itself costs nothing; only the answered call is charged.
    expect(client.creditsUsed()).toBe(1);
  });

  it('treats a long 429 as spent credits and stops calling until it ends', async () => {
    const fake = await startFakeOpenSky();
    fake.onStates = () => ({
      status: 429,
      headers: { 'X-Rate-Limit-Retry-After-Seconds': '7200' },
      body: {},
    });
    const client = clientFor(fake);

    const first = await client.fetchStates(SWITZERLAND).catch((e: unknown) => e);
    const second = await client.fetchStates(SWITZERLAND).catch((e: unknown) => e);

    expect(first).toMatchObject({
      code: 'FLIGHT_PRODUCER_OPENSKY_CREDITS_EXHAUSTED',
      retryAfterMs: 7_200_000,
    });
    expect(second).toMatchObject({
      code: 'FLIGHT_PRODUCER_OPENSKY_CREDITS_EXHAUSTED',
      retriable: false,
    });
    expect((second as OpenSkyError).retryAfterMs).toBeGreaterThan(7_100_000);
    expect(fake.apiRequests).toHaveLength(1);
    expect(client.creditsLeft()).toBe(0);
  });

  it('publishes credits left and used as metrics', async () => {
    const fake = await startFakeOpenSky();
    const metrics = createMetrics({
      service: 'flight-producer',
      instance: 'test',
      collectDefaults: false,
    });
    const client = clientFor(fake, { metrics });

    await client.fetchStates(SWITZERLAND);
    await client.fetchStates({ lamin: 40, lomin: 0, lamax: 50, lomax: 5 }); // 50 sq deg: 2

    const text = await metrics.registry.metrics();
    expect(text).toMatch(/overfly_opensky_credits_left\{[^}]*account="anonymous"[^}]*\} 397/);
    expect(text).toMatch(/overfly_opensky_credits_used_total\{[^}]*account="anonymous"[^}]*\} 3/);
  });
});
