import { afterEach, describe, expect, it } from 'vitest';
import { createHealthChecks } from './health.js';
import { createMetrics } from './metrics.js';
import { type OpsServer, startOpsServer } from './ops-server.js';

const servers: OpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(health = createHealthChecks()) {
  const metrics = createMetrics({ service: 'api', instance: 'a-1', collectDefaults: false });
  const server = await startOpsServer({
    port: 0,
    host: '127.0.0.1',
    registry: metrics.registry,
    health,
  });
  servers.push(server);
  const get = (path: string, init?: RequestInit) =>
    fetch(`http://127.0.0.1:${server.port}${path}`, init);
  return { metrics, health, get };
}

describe('startOpsServer', () => {
  it('serves a counter that was incremented on /metrics', async () => {
    const { metrics, get } = await start();
    metrics.counter('overfly_requests_total', 'Requests served').inc(3);
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('overfly_requests_total{service="api"} 3');
  });

  it('answers /health/live while the process runs', async () => {
    const { get } = await start();
    const response = await get('/health/live');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'live' });
  });

  it('returns 503 naming the failing readiness check, then 200 once it passes', async () => {
    let databaseUp = false;
    const { health, get } = await start();
    health.register({ name: 'kafka', check: async () => {} });
    health.register({
      name: 'postgres',
      check: async () => {
        if (!databaseUp) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
    });

    const down = await get('/health/ready');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: 'not ready',
      failing: ['postgres'],
      checks: [
        { name: 'kafka', status: 'pass' },
        {
          name: 'postgres',
          status: 'fail',
          code: 'OBSERVABILITY_HEALTH_CHECK_FAILED',
          error: 'connect ECONNREFUSED 127.0.0.1:5432',
        },
      ],
    });

    databaseUp = true;
    const up = await get('/health/ready');
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({
      status: 'ready',
      failing: [],
      checks: [
        { name: 'kafka', status: 'pass' },
        { name: 'postgres', status: 'pass' },
      ],
    });
  });

  it('fails a readiness check that does not answer in time', async () => {
    const { get } = await start(
      createHealthChecks({
        timeoutMs: 50,
        checks: [{ name: 'registry', check: () => new Promise(() => {}) }],
      }),
    );
    const response = await get('/health/ready');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      failing: ['registry'],
      checks: [
        {
          name: 'registry',
          status: 'fail',
          code: 'OBSERVABILITY_HEALTH_CHECK_TIMEOUT',
          error: expect.stringContaining('after 50 ms'),
        },
      ],
    });
  });

  it('answers 404 elsewhere and 405 for other methods', async () => {
    const { get } = await start();
    expect((await get('/nope')).status).toBe(404);
    const post = await get('/health/live', { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
