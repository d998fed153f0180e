import { createKafkaRuntime } from '@overfly/kafka';
import type { MetricsSnapshot } from '@overfly/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import {
  deleteTopicsWithPrefix,
  uniquePrefix,
  withAdmin,
} from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { startService } from './service.js';

const prefix = uniquePrefix('kit');
afterAll(() => deleteTopicsWithPrefix(prefix));

describe('startService against the real Kafka and registry', () => {
  it('ensures topics, serves /health and /metrics, publishes to system.metrics, and closes in order', async () => {
    const { brokers, registryUrl } = testEndpoints();
    const exits: number[] = [];
    const service = await startService(
      'kit-test',
      {
        LOG_LEVEL: 'silent',
        KAFKA_BROKERS: brokers,
        SCHEMA_REGISTRY_URL: registryUrl,
        TOPIC_PREFIX: prefix,
        METRICS_PORT: 0,
        METRICS_PUBLISH_INTERVAL: 200,
        SHUTDOWN_TIMEOUT: 20_000,
      },
      { exit: (code) => exits.push(code), signals: [] },
    );

    const topics = await withAdmin((admin) => admin.listTopics());
    expect(topics).toContain(`${prefix}flights.updates`);
    expect(topics).toContain(`${prefix}dead.letter`);

    const base = `http://127.0.0.1:${service.opsPort}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    service.health.register({
      name: 'database',
      check: () => Promise.reject(new Error('down')),
    });
    const notReady = await fetch(`${base}/health/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toContain('database');
    service.metrics.counter('overfly_kit_test_total', 'A counter of the test').inc(3);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(
      /^overfly_kit_test_total(\{[^}]*\})? 3$/m,
    );

    const reader = createKafkaRuntime({
      brokers,
      registryUrl,
      service: 'kit-reader',
      topicPrefix: prefix,
    });
    const snapshots: MetricsSnapshot[] = [];
    await waitFor(
      async () => {
        snapshots.length = 0;
        await reader.readToEnd('system.metrics', (m) => {
          if (m.value) snapshots.push(m.value);
        });
        return snapshots.some((s) => s.service === 'kit-test');
      },
      { timeoutMs: 30_000, message: 'a snapshot of kit-test on system.metrics' },
    );
    await reader.close();
    expect(snapshots[0]?.instance).toMatch(new RegExp(`-${process.pid}$`));

    const closed: string[] = [];
    service.closeLast({ name: 'pool', close: async () => void closed.push('pool') });
    service.closeFirst({ name: 'loop A', close: async () => void closed.push('loop A') });
    service.closeFirst({ name: 'loop B', close: async () => void closed.push('loop B') });
    await service.shutdown({ failed: true });
    expect(closed).toEqual(['loop A', 'loop B', 'pool']);
    expect(exits).toEqual([1]);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
