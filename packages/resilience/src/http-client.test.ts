import { describe, expect, it, onTestFinished } from 'vitest';
import { ResilienceError } from './errors.js';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import { closedPort, json, startTestServer } from './test-support/http-server.js';

function client(options: HttpClientOptions) {
  const http = createHttpClient(options);
  onTestFinished(() => http.close());
  return http;
}

describe('HTTP client', () => {
  it('counts a timeout as a breaker failure and retries it', async () => {
    // Never answers: the attempt's own timeout must end it.
    const server = await startTestServer(() => undefined);
    onTestFinished(() => server.close());
    const http = client({
      name: 'silent',
      baseUrl: server.url,
      timeoutMs: 100,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
      breaker: { volumeThreshold: 3 },
    });

    const error = await http.get('/weather').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResilienceError);
    expect(error).toMatchObject({ code: 'RESILIENCE_HTTP_TIMEOUT', retriable: true });
    expect(server.arrivals).toHaveLength(3);
    expect(http.stats()).toMatchObject({ attempts: 3, timeouts: 3, failures: 3, retries: 2 });
    expect(http.breakerState()).toBe('open');
  });

  it('retries a network error', async () => {
    const port = await closedPort();
    const http = client({
      name: 'down',
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(http.get('/')).rejects.toMatchObject({
      code: 'RESILIENCE_HTTP_NETWORK',
      retriable: true,
    });
    expect(http.stats()).toMatchObject({ attempts: 2, retries: 1 });
  });

  it('sends base URL path, query, default headers and a JSON body', async () => {
    let seen: { url?: string; auth?: string; type?: string; body?: string } = {};
    const server = await startTestServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        seen = {
          url: req.url ?? '',
          auth: req.headers.authorization ?? '',
          type: req.headers['content-type'] ?? '',
          body,
        };
        json(res, 201, { id: 7 });
      });
    });
    onTestFinished(() => server.close());
    const http = client({
      name: 'webhooks',
      baseUrl: `${server.url}/api/`,
      headers: { Authorization: 'Bearer t' },
    });

    const response = await http.post<{ id: number }>(
      '/hooks',
      { a: 1 },
      { query: { lamin: 45.8, x: undefined } },
    );

    expect(response).toMatchObject({ status: 201, body: { id: 7 } });
    expect(response.headers['content-type']).toBe('application/json');
    expect(seen).toEqual({
      url: '/api/hooks?lamin=45.8',
      auth: 'Bearer t',
      type: 'application/json',
      body: '{"a":1}',
    });
  });

  it('reports a body that is not JSON with RESILIENCE_HTTP_INVALID_JSON, without retrying', async () => {
    const server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    onTestFinished(() => server.close());
    const http = client({ name: 'html', baseUrl: server.url });

    await expect(http.get('/')).rejects.toMatchObject({
      code: 'RESILIENCE_HTTP_INVALID_JSON',
      status: 200,
    });
    await expect(http.get('/', { parse: 'text' })).resolves.toMatchObject({
      body: '<html>maintenance</html>',
    });
    expect(server.arrivals).toHaveLength(2);
  });

  it('serves repeated GETs from the cache until the TTL passes', async () => {
    let now = 0;
    const server = await startTestServer((_req, res, index) => json(res, 200, { index }));
    onTestFinished(() => server.close());
    const http = client({
      name: 'airports',
      baseUrl: server.url,
      cache: { ttlMs: 1_000, now: () => now },
    });

    expect((await http.get('/airports', { query: { icao: 'EDDF' } })).body).toEqual({ index: 0 });
    expect((await http.get('/airports', { query: { icao: 'EDDF' } })).body).toEqual({ index: 0 });
    expect((await http.get('/airports', { query: { icao: 'LFPG' } })).body).toEqual({ index: 1 });
    now = 1_000;
    expect((await http.get('/airports', { query: { icao: 'EDDF' } })).body).toEqual({ index: 2 });
    expect(http.stats()).toMatchObject({ calls: 4, cacheHits: 1, attempts: 3 });
  });

  it('keeps a GET for its own cacheTtlMs, and never caches one with cacheTtlMs 0', async () => {
    let now = 0;
    const server = await startTestServer((_req, res, index) => json(res, 200, { index }));
    onTestFinished(() => server.close());
    const http = client({
      name: 'weather',
      baseUrl: server.url,
      cache: { ttlMs: 1_000, now: () => now },
    });

    expect((await http.get('/taf', { cacheTtlMs: 5_000 })).body).toEqual({ index: 0 });
    expect((await http.get('/metar', { cacheTtlMs: 0 })).body).toEqual({ index: 1 });
    now = 4_999;
    expect((await http.get('/taf', { cacheTtlMs: 5_000 })).body).toEqual({ index: 0 });
    expect((await http.get('/metar', { cacheTtlMs: 0 })).body).toEqual({ index: 2 });
    now = 5_000;
    expect((await http.get('/taf', { cacheTtlMs: 5_000 })).body).toEqual({ index: 3 });
    expect(http.stats()).toMatchObject({ calls: 5, cacheHits: 1, attempts: 4 });
  });

  it('fails with RESILIENCE_CLIENT_CLOSED after close()', async () => {
    const http = createHttpClient({
      name: 'gone',
      baseUrl: 'http://127.0.0.1:1',
      mock: { handler: () => ({}) },
    });
    await http.close();
    await expect(http.get('/')).rejects.toMatchObject({ code: 'RESILIENCE_CLIENT_CLOSED' });
  });

  it('rejects invalid options at construction, naming them', () => {
    expect(() => createHttpClient({ name: 'x', baseUrl: 'not a url', timeoutMs: 0 })).toThrow(
      /RESILIENCE_INVALID_OPTIONS.*baseUrl.*timeoutMs/,
    );
  });
});
