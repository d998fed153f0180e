import { createMetrics } from '@overfly/observability';
import { createBreaker, createHttpClient } from '@overfly/resilience';
import { describe, expect, it, onTestFinished } from 'vitest';
import { upstreamMetrics } from './upstream-metrics.js';

describe('upstreamMetrics', () => {
  it('reports every client and breaker of the process without being handed them', async () => {
    const metrics = createMetrics({ service: 'notifier', instance: 'n-1', collectDefaults: false });
    upstreamMetrics(metrics);
    let status = 200;
    const http = createHttpClient({
      name: 'upstream-metrics-sms',
      baseUrl: 'http://sms.invalid',
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeout: 60_000 },
      mock: { handler: () => ({ status, body: {} }) },
    });
    onTestFinished(() => http.close());
    const smtp = createBreaker('upstream-metrics-smtp', {}, () => undefined);
    onTestFinished(() => smtp.shutdown());

    await http.post('/messages', { to: '+41790000000' });
    status = 503;
    await expect(http.post('/messages', {})).rejects.toMatchObject({
      code: 'RESILIENCE_HTTP_SERVER_ERROR',
    });
    await expect(http.post('/messages', {})).rejects.toMatchObject({
      code: 'RESILIENCE_CIRCUIT_OPEN',
    });
    const text = await metrics.registry.metrics();
    const series = (line: string) => expect(text).toContain(line);
    series('overfly_upstream_breaker_state{client="upstream-metrics-sms",service="notifier"} 2');
    series('overfly_upstream_breaker_state{client="upstream-metrics-smtp",service="notifier"} 0');
    series('overfly_upstream_calls_total{client="upstream-metrics-sms",service="notifier"} 3');
    series(
      'overfly_upstream_attempts_total{client="upstream-metrics-sms",outcome="success",service="notifier"} 1',
    );
    series(
      'overfly_upstream_attempts_total{client="upstream-metrics-sms",outcome="failure",service="notifier"} 2',
    );
    series(
      'overfly_upstream_events_total{client="upstream-metrics-sms",event="breaker_rejected",service="notifier"} 1',
    );
    series(
      'overfly_upstream_events_total{client="upstream-metrics-sms",event="retry",service="notifier"} 1',
    );
    series(
      'overfly_upstream_queue{client="upstream-metrics-sms",state="queued",service="notifier"} 0',
    );
    series('overfly_upstream_hold_seconds{client="upstream-metrics-sms",service="notifier"} 0');
    expect(text).toMatch(
      /overfly_upstream_attempt_seconds_total\{client="upstream-metrics-sms",service="notifier"\} \d/,
    );
  });
});
