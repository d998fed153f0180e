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
});
