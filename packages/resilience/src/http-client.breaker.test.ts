import { describe, expect, it, onTestFinished } from 'vitest';
import { createHttpClient, type ResilienceEventType } from './http-client.js';
import { json, startTestServer, waitFor } from './test-support/http-server.js';

const BREAKER_EVENTS: readonly ResilienceEventType[] = [
  'breaker_open',
  'breaker_half_open',
  'breaker_close',
];

async function setup(initialStatus: number, retry = { maxAttempts: 1 }) {
  const state = { status: initialStatus };
  const server = await startTestServer((_req, res) => json(res, state.status, {}));
  onTestFinished(() => server.close());
  const transitions: ResilienceEventType[] = [];
  const http = createHttpClient({
    name: 'flaky',
    baseUrl: server.url,
    timeoutMs: 2_000,
    retry,
    breaker: { volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeout: 300 },
    onEvent: (e) => {
      if (BREAKER_EVENTS.includes(e.type)) transitions.push(e.type);
    },
  });
  onTestFinished(() => http.close());
  return { server, http, transitions, state };
}

describe('circuit breaker', () => {
  it('opens after 5 server errors, fails fast, probes once after resetTimeout and closes', async () => {
    const { server, http, transitions, state } = await setup(500);

    for (let i = 0; i < 5; i++) {
      await expect(http.get('/schedules')).rejects.toMatchObject({
        code: 'RESILIENCE_HTTP_SERVER_ERROR',
        status: 500,
      });
    }
    expect(http.breakerState()).toBe('open');
    expect(transitions).toEqual(['breaker_open']);

    await expect(http.get('/schedules')).rejects.toMatchObject({
      code: 'RESILIENCE_CIRCUIT_OPEN',
      retriable: true,
    });
    expect(server.arrivals).toHaveLength(5);
    expect(http.stats().breakerRejections).toBe(1);

    state.status = 200;
    await waitFor(() => http.breakerState() === 'half-open', 'the breaker to half-open', 2_000);
    expect(transitions).toEqual(['breaker_open', 'breaker_half_open']);

    // Two callers race the half-open breaker: exactly one probe reaches the server.
    const [probe, other] = await Promise.allSettled([
      http.get('/schedules'),
      http.get('/schedules'),
    ]);
    expect(probe).toMatchObject({ status: 'fulfilled', value: { status: 200 } });
    expect(other).toMatchObject({
      status: 'rejected',
      reason: { code: 'RESILIENCE_CIRCUIT_OPEN' },
    });
    expect(server.arrivals).toHaveLength(6);

    expect(http.breakerState()).toBe('closed');
    expect(transitions).toEqual(['breaker_open', 'breaker_half_open', 'breaker_close']);
    await expect(http.get('/schedules')).resolves.toMatchObject({ status: 200 });
  });

  it('reopens when the half-open probe fails', async () => {
    const { http, transitions } = await setup(503);
    for (let i = 0; i < 5; i++) await http.get('/x').catch(() => undefined);
    await waitFor(() => http.breakerState() === 'half-open', 'the breaker to half-open', 2_000);

    await expect(http.get('/x')).rejects.toMatchObject({
      code: 'RESILIENCE_HTTP_SERVER_ERROR',
      status: 503,
    });
    expect(http.breakerState()).toBe('open');
    expect(transitions).toEqual(['breaker_open', 'breaker_half_open', 'breaker_open']);
  });

  it('does not retry a 400 nor count it toward opening the breaker', async () => {
    const { server, http, transitions } = await setup(400, { maxAttempts: 3 });

    await expect(http.get('/bad')).rejects.toMatchObject({
      code: 'RESILIENCE_HTTP_CLIENT_ERROR',
      status: 400,
      retriable: false,
    });
    expect(server.arrivals).toHaveLength(1);

    for (let i = 0; i < 9; i++) await http.get('/bad').catch(() => undefined);
    expect(server.arrivals).toHaveLength(10);
    expect(http.breakerState()).toBe('closed');
    expect(transitions).toEqual([]);
    expect(http.stats()).toMatchObject({ retries: 0, failures: 10, breakerRejections: 0 });
  });
});
