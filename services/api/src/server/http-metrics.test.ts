import type { Queryable } from '@overfly/db';
import { createMetrics } from '@overfly/observability';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KEYS, testApp } from '../test-support/app.js';
import { httpMetrics } from './http-metrics.js';

const apps: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** A database with nothing in it: lists come back empty. */
const empty = { query: async () => ({ rows: [], rowCount: 0 }) } as unknown as Queryable;

describe('the api’s HTTP metrics', () => {
  it('counts each answer by method, route pattern and status, and times it', async () => {
    const metrics = createMetrics({ service: 'api-test', instance: 'i', collectDefaults: false });
    const app = await testApp(empty, { observeRequest: httpMetrics(metrics) });
    apps.push(app);
    const auth = { authorization: `Bearer ${TEST_KEYS.viewer}` };
    await app.inject({ url: '/v1/flights/abc123', headers: auth });
    await app.inject({ url: '/v1/flights/def456', headers: auth });
    await app.inject({ url: '/v1/flights/abc123' });
    await app.inject({ url: '/no/such/route' });
    const text = await metrics.registry.metrics();
    // Two ids, one pattern: the raw URL never becomes a label.
    const line = (route: string, status: number) =>
      new RegExp(
        `^overfly_http_requests_total\\{[^}]*method="GET"[^}]*route="${route}"[^}]*status="${status}"[^}]*\\} (\\d+)$`,
        'm',
      ).exec(text)?.[1];
    const known = text.match(/route="\/v1\/flights\/:icao24"/g) ?? [];
    expect(known.length, text).toBeGreaterThan(0);
    expect(text).not.toContain('abc123');
    expect(line('/v1/flights/:icao24', 401)).toBe('1');
    expect(line('unmatched', 404)).toBe('1');
    expect(text).toMatch(
      /^overfly_http_request_seconds_count\{[^}]*route="\/v1\/flights\/:icao24"[^}]*\} 3$/m,
    );
  });
});
