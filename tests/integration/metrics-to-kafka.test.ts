import { createMetrics, startMetricsPublisher } from '@overfly/observability';
import type { MetricsSnapshot } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { isolatedRuntime } from '../support/kafka-runtime.js';
import { waitFor } from '../support/wait-for.js';

describe('metrics published to system.metrics', () => {
  it('arrive as Avro snapshots with the counters a service incremented', async () => {
    const { runtime, open } = await isolatedRuntime('metrics', 'metrics-test');
    const producer = await runtime.producer();
    const metrics = createMetrics({
      service: 'metrics-test',
      instance: 'i-1',
      collectDefaults: false,
    });
    const processed = metrics.counter('overfly_positions_processed_total', 'positions processed');
    processed.inc(42);

    const publisher = startMetricsPublisher({
      registry: metrics.registry,
      service: 'metrics-test',
      instance: 'i-1',
      intervalMs: 60_000,
      publish: (snapshot) =>
        producer.send('system.metrics', [{ key: snapshot.service, value: snapshot }]),
      onError: (error) => {
        throw error;
      },
    });
    await publisher.stop(); // publishes the final snapshot

    const received: MetricsSnapshot[] = [];
    await open('metrics-reader').consume({
      groupId: `metrics-reader-${Date.now()}`,
      topics: ['system.metrics'],
      fromBeginning: true,
      handle: async (m) => {
        if (m.value) received.push(m.value as MetricsSnapshot);
      },
    });
    await waitFor(() => received.length > 0, { timeoutMs: 30_000, message: 'a metrics snapshot' });
    const snapshot = received[0]!;
    expect(snapshot).toMatchObject({ service: 'metrics-test', instance: 'i-1' });
    expect(snapshot.samples).toContainEqual({
      name: 'overfly_positions_processed_total',
      kind: 'COUNTER',
      labels: { service: 'metrics-test' },
      value: 42,
    });
  });
});
