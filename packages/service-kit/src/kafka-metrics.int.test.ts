// The Kafka series every service serves on /metrics (kafka-metrics.ts), from real work on
// the real broker and registry: what was consumed and produced per topic, the handling time
// and record age histograms, the lag per partition from the broker's high watermark, and
// dead letters by error code.
import { afterAll, describe, expect, it } from 'vitest';
import { deleteTopicsWithPrefix, uniquePrefix } from '../../../tests/support/kafka-runtime.js';
import { samplePosition } from '../../../tests/support/positions.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { startTestService } from './test-support/test-service.js';

const prefix = uniquePrefix('kit-kafka');
afterAll(() => deleteTopicsWithPrefix(prefix));

/** The value of one series of the exposition text, or null when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('the Kafka series of a service', () => {
  it('counts consumed and produced records, times batches, measures lag and counts dead letters', async () => {
    const service = await startTestService('kit-kafka', prefix);
    try {
      const producer = await service.runtime.producer();
      // 30 positions of three aircraft; the handler refuses one aircraft's for good.
      const sent = Array.from({ length: 30 }, (_, i) => samplePosition((i % 3) + 1, i + 1));
      await producer.send(
        'flights.updates',
        sent.map((value) => ({ key: value.icao24, value })),
      );
      const groupId = `${prefix}metrics-group`;
      let handled = 0;
      await service.runtime.consume({
        groupId,
        topics: ['flights.updates'],
        fromBeginning: true,
        retry: { maxAttempts: 1 },
        handle: async (m) => {
          handled++;
          if (m.value?.icao24 === sent[2]?.icao24) throw new TypeError('refused by the test');
        },
      });
      const metrics = () =>
        fetch(`http://127.0.0.1:${service.opsPort}/metrics`).then((r) => r.text());
      const flights = { group: groupId, topic: 'flights.updates' };
      const text = await waitFor(
        async () => {
          const t = await metrics();
          return sample(t, 'overfly_messages_consumed_total', flights) === 30 ? t : null;
        },
        { timeoutMs: 60_000, intervalMs: 200, message: '30 records counted as consumed' },
      );
      expect(handled).toBeGreaterThanOrEqual(30);
      // Each send counted once per topic: the test's 30, and a dead letter per refused record.
      expect(sample(text, 'overfly_messages_produced_total', { topic: 'flights.updates' })).toBe(
        30,
      );
      expect(sample(text, 'overfly_messages_produced_total', { topic: 'dead.letter' })).toBe(10);
      const code =
        /overfly_dead_letters_total\{[^}]*code="([A-Z_]+)"[^}]*topic="flights\.updates"/.exec(
          text,
        )?.[1] ??
        /overfly_dead_letters_total\{[^}]*topic="flights\.updates"[^}]*code="([A-Z_]+)"/.exec(
          text,
        )?.[1];
      expect(code, text).toBeDefined();
      expect(
        sample(text, 'overfly_dead_letters_total', { topic: 'flights.updates', code: code ?? '' }),
      ).toBe(10);
      // Read to the end: every partition it read has no lag left.
      const lags = text
        .split('\n')
        .filter((l) => l.startsWith('overfly_consumer_lag{') && l.includes(groupId));
      expect(lags.length).toBeGreaterThan(0);
      for (const line of lags) expect(line).toMatch(/ 0$/);
      expect(sample(text, 'overfly_batch_handle_seconds_count', flights)).toBeGreaterThan(0);
      expect(sample(text, 'overfly_record_age_seconds_count', flights)).toBeGreaterThan(0);
      // The records were just written: none waited an hour.
      expect(sample(text, 'overfly_record_age_seconds_bucket', { ...flights, le: '3600' })).toBe(
        sample(text, 'overfly_record_age_seconds_count', flights),
      );
    } finally {
      await service.shutdown();
    }
  });
});
