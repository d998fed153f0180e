import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

describe('createMetrics', () => {
  it('labels every metric with the service', async () => {
    const metrics = createMetrics({ service: 'notifier', instance: 'n-1', collectDefaults: false });
    metrics.counter('overfly_notifications_sent_total', 'Notifications sent', ['channel']).inc({
      channel: 'sms',
    });
    expect(await metrics.registry.metrics()).toContain(
      'overfly_notifications_sent_total{channel="sms",service="notifier"} 1',
    );
  });

  it('collects Node process metrics by default', async () => {
    const metrics = createMetrics({ service: 'api', instance: 'a-1' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('returns the same metric when asked twice', () => {
    const metrics = createMetrics({ service: 'api', instance: 'a-1', collectDefaults: false });
    const first = metrics.gauge('overfly_ws_clients', 'Connected WebSocket clients');
    expect(metrics.gauge('overfly_ws_clients', 'Connected WebSocket clients')).toBe(first);
    expect(() => metrics.histogram('overfly_ws_clients', 'x')).toThrow(
      expect.objectContaining({ code: 'OBSERVABILITY_METRIC_TYPE_CONFLICT' }),
    );
  });

  it('rejects names outside the overfly_ convention', () => {
    const metrics = createMetrics({ service: 'api', instance: 'a-1', collectDefaults: false });
    expect(() => metrics.gauge('queue_depth', 'x')).toThrow(
      expect.objectContaining({ code: 'OBSERVABILITY_METRIC_NAME_INVALID', retriable: false }),
    );
    expect(() => metrics.counter('overfly_messages', 'x')).toThrow('must end in _total');
  });

  it('reads sampled series when scraped, dropping the ones no longer named', async () => {
    const metrics = createMetrics({ service: 'notifier', instance: 'n-1', collectDefaults: false });
    let queues: Record<string, number> = { sms: 3, webhook: 1 };
    let sent = 5;
    metrics.sampledGauge('overfly_queue_depth', 'Queued requests', ['client'], (set) => {
      for (const [client, n] of Object.entries(queues)) set({ client }, n);
    });
    metrics.sampledCounter('overfly_sends_total', 'Sends', ['client'], (set) =>
      set({ client: 'sms' }, sent),
    );
    let text = await metrics.registry.metrics();
    expect(text).toContain('overfly_queue_depth{client="sms",service="notifier"} 3');
    expect(text).toContain('overfly_queue_depth{client="webhook",service="notifier"} 1');
    expect(text).toContain('# TYPE overfly_sends_total counter');
    expect(text).toContain('overfly_sends_total{client="sms",service="notifier"} 5');
    queues = { sms: 0 };
    sent = 9;
    text = await metrics.registry.metrics();
    expect(text).toContain('overfly_queue_depth{client="sms",service="notifier"} 0');
    expect(text).not.toContain('client="webhook"');
    expect(text).toContain('overfly_sends_total{client="sms",service="notifier"} 9');
    const json = await metrics.registry.getMetricsAsJSON();
    expect(json.find((m) => m.name === 'overfly_sends_total')?.values[0]?.value).toBe(9);
  });
});
