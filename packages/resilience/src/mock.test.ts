import diagnosticsChannel from 'node:diagnostics_channel';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import { mockRoutes } from './mock.js';
import { closedPort } from './test-support/http-server.js';

function client(options: Omit<HttpClientOptions, 'name' | 'baseUrl'>, baseUrl: string) {
  const http = createHttpClient({ name: 'opensky', baseUrl, ...options });
  onTestFinished(() => http.close());
  return http;
}

/** Counts sockets opened by anyone in this process while a test runs. */
function watchSockets() {
  const opened: string[] = [];
  const onNet = () => opened.push('net.client.socket');
  const onUndici = () => opened.push('undici:client:beforeConnect');
  diagnosticsChannel.subscribe('net.client.socket', onNet);
  diagnosticsChannel.subscribe('undici:client:beforeConnect', onUndici);
  onTestFinished(() => {
    diagnosticsChannel.unsubscribe('net.client.socket', onNet);
    diagnosticsChannel.unsubscribe('undici:client:beforeConnect', onUndici);
  });
  return opened;
}

describe('mock mode', () => {
  it('answers from the handler without opening any socket', async () => {
    const sockets = watchSockets();
    const baseUrl = `http://127.0.0.1:${await closedPort()}/api`;
    const http = client(
      {
        mock: {
          handler: mockRoutes({
            'GET /states/all': (req) => ({ body: { time: 1, query: req.query } }),
            'POST /sms': { status: 202, body: 'queued' },
          }),
        },
      },
      baseUrl,
    );

    const states = await http.get('/states/all', { query: { lamin: 45 } });
    const sms = await http.post('/sms', { to: '+33' }, { parse: 'text' });

    expect(states).toMatchObject({ status: 200, body: { time: 1, query: { lamin: '45' } } });
    expect(states.headers['content-type']).toBe('application/json');
    expect(sms).toMatchObject({ status: 202, body: 'queued' });
    expect(sockets).toEqual([]);
  });

  it('says RESILIENCE_MOCK_NOT_CONFIGURED when no route answers, without retrying', async () => {
    const http = client({ mock: { handler: mockRoutes({}) } }, 'http://mock.invalid');
    await expect(http.get('/flights')).rejects.toMatchObject({
      code: 'RESILIENCE_MOCK_NOT_CONFIGURED',
      retriable: false,
      message: expect.stringContaining('GET /flights'),
    });
    expect(http.stats().retries).toBe(0);
  });

  it('says RESILIENCE_MOCK_NOT_CONFIGURED when mock mode is on without a handler', async () => {
    const http = client({ mode: 'mock' }, 'http://mock.invalid');
    await expect(http.get('/flights')).rejects.toMatchObject({
      code: 'RESILIENCE_MOCK_NOT_CONFIGURED',
    });
  });

  it('runs the same retry pipeline as live mode', async () => {
    let calls = 0;
    const http = client(
      {
        retry: { baseDelayMs: 1, maxDelayMs: 1 },
        mock: { handler: () => (++calls < 3 ? { status: 503 } : { body: { ok: true } }) },
      },
      'http://mock.invalid',
    );
    await expect(http.get('/x')).resolves.toMatchObject({ body: { ok: true } });
    expect(http.stats()).toMatchObject({ attempts: 3, retries: 2, successes: 1 });
  });

  it('lets live mode ignore a configured handler (and the socket watch sees it)', async () => {
    const sockets = watchSockets();
    const port = await closedPort();
    const http = client(
      { mode: 'live', mock: { handler: () => ({ body: 1 }) }, retry: { maxAttempts: 1 } },
      `http://127.0.0.1:${port}`,
    );
    await expect(http.get('/')).rejects.toMatchObject({ code: 'RESILIENCE_HTTP_NETWORK' });
    expect(sockets.length).toBeGreaterThan(0);
  });
});
