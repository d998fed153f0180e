// overfly_consumer_lag measured from the broker's offsets (packages/kafka's lag-sampler.ts),
// on the real broker: it follows records that arrive while the consumer is stuck in its
// handler — with no batch handled meanwhile — and is 0 again once it has caught up; and a
// partition gone to another member keeps no series however many samples follow.
import { createKafkaRuntime, type KafkaInstruments, type KafkaRuntime } from '@overfly/kafka';
import { createMetrics, type Metrics } from '@overfly/observability';
import { afterAll, describe, expect, it } from 'vitest';
import { testEndpoints } from '../../../tests/support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../../../tests/support/kafka-runtime.js';
import { samplePosition } from '../../../tests/support/positions.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import { kafkaMetrics } from './kafka-metrics.js';
import { startTestService } from './test-support/test-service.js';

const prefix = uniquePrefix('kit-lag');
const opened: KafkaRuntime[] = [];
afterAll(async () => {
  await Promise.all(opened.map((rt) => rt.close()));
  await deleteTopicsWithPrefix(prefix);
});

/** Samples often: the test waits for values, not for the 10 s default. */
const LAG_SAMPLE_MS = 200;

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

/** A gate the handler waits at, and whether it has reached it. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { reached: false, opened, open };
}

/** overfly_consumer_lag of a group in a registry: partition → lag. */
async function lagsOf(metrics: Metrics, groupId: string): Promise<Map<number, number>> {
  const gauge = metrics.registry.getSingleMetric('overfly_consumer_lag');
  const out = new Map<number, number>();
  for (const v of (await gauge?.get())?.values ?? [])
    if (v.labels.group === groupId) out.set(Number(v.labels.partition), v.value);
  return out;
}

describe('consumer lag sampled from the broker', () => {
  it('grows while the handler is stuck and records arrive, and is 0 once the consumer caught up', async () => {
    const service = await startTestService('kit-lag', prefix);
    try {
      const producer = await service.runtime.producer();
      const groupId = `${prefix}lag-group`;
      const metrics = () =>
        fetch(`http://127.0.0.1:${service.opsPort}/metrics`).then((r) => r.text());
      const flights = { group: groupId, topic: 'flights.updates' };
      const lagOf = (text: string, partition: number) =>
        sample(text, 'overfly_consumer_lag', { ...flights, partition: String(partition) });
      const consumedOf = (text: string) => sample(text, 'overfly_messages_consumed_total', flights);
      /** The handler stops at the n-th message it is given until the gate opens. */
      const gates = new Map<number, ReturnType<typeof gate>>();
      let handled = 0;
      let partition = -1;
      await service.runtime.consume({
        groupId,
        topics: ['flights.updates'],
        fromBeginning: true,
        lagSampleMs: LAG_SAMPLE_MS,
        // The handler is held for seconds: no heartbeat meanwhile must not cost the partitions.
        sessionTimeoutMs: 30_000,
        handle: async (m) => {
          handled++;
          partition = m.partition;
          const held = gates.get(handled);
          if (!held) return;
          held.reached = true;
          await held.opened;
        },
      });
      const send = (from: number, count: number) =>
        producer.send(
          'flights.updates',
          Array.from({ length: count }, (_, i) => {
            const value = samplePosition(1, from + i);
            return { key: value.icao24, value };
          }),
        );

      // Nothing written yet: every partition held shows 0, from the broker alone.
      await waitFor(
        async () => {
          const text = await metrics();
          return [0, 1, 2, 3, 4, 5].every((p) => lagOf(text, p) === 0);
        },
        { timeoutMs: 30_000, message: 'a lag of 0 sampled on the 6 empty partitions' },
      );

      // Stuck on the first record while 20 more arrive: nothing handled, nothing committed,
      // so all 21 are still to read.
      const first = gate();
      gates.set(1, first);
      await send(1, 1);
      await waitFor(() => first.reached, { message: 'the handler holding the first record' });
      await send(2, 20);
      let text = await waitFor(
        async () => {
          const t = await metrics();
          return lagOf(t, partition) === 21 ? t : null;
        },
        { timeoutMs: 30_000, message: 'a lag of 21 while the handler is held' },
      );
      expect(consumedOf(text)).toBeNull(); // no batch handled: the broker's sample alone
      for (const p of [0, 1, 2, 3, 4, 5].filter((q) => q !== partition))
        expect(lagOf(text, p)).toBe(0);

      first.open();
      await waitFor(
        async () => {
          const t = await metrics();
          return consumedOf(t) === 21 && lagOf(t, partition) === 0;
        },
        { timeoutMs: 30_000, message: '21 consumed and no lag left' },
      );

      // Caught up, then stuck again: the batch-time lag would stay 0; the sample sees 11.
      const second = gate();
      gates.set(22, second);
      await send(22, 1);
      await waitFor(() => second.reached, { message: 'the handler holding record 22' });
      await send(23, 10);
      text = await waitFor(
        async () => {
          const t = await metrics();
          return lagOf(t, partition) === 11 ? t : null;
        },
        { timeoutMs: 30_000, message: 'a lag of 11 while the handler is held again' },
      );
      expect(consumedOf(text)).toBe(21);

      second.open();
      await waitFor(
        async () => {
          const t = await metrics();
          return consumedOf(t) === 32 && lagOf(t, partition) === 0;
        },
        { timeoutMs: 30_000, message: '32 consumed and no lag left' },
      );
      expect(handled).toBe(32);
    } finally {
      await service.shutdown();
    }
  });

  it('keeps no series for a partition gone to another member, however many samples follow', async () => {
    const { brokers, registryUrl } = testEndpoints();
    const groupId = `${prefix}shared-group`;
    const metrics = createMetrics({ service: 'lag-a', instance: 'a', collectDefaults: false });
    const base = kafkaMetrics(metrics);
    /** Partitions of member A's last assignment, and samples it reported since. */
    let heldByA: number[] = [];
    let samplesSince = 0;
    const instruments: KafkaInstruments = {
      ...base,
      lagSampled(group, topic, partition, lag) {
        samplesSince++;
        base.lagSampled(group, topic, partition, lag);
      },
    };
    const open = (service: string, withInstruments?: KafkaInstruments) => {
      const rt = createKafkaRuntime({
        brokers,
        registryUrl,
        service,
        topicPrefix: prefix,
        ...(withInstruments ? { instruments: withInstruments } : {}),
      });
      opened.push(rt);
      return rt;
    };
    const a = open('lag-a', instruments);
    await a.ensureTopics();
    const loop = {
      groupId,
      topics: ['flights.updates'] as const,
      lagSampleMs: LAG_SAMPLE_MS,
      handle: async () => {},
    };
    await a.consume({
      ...loop,
      topics: [...loop.topics],
      onAssignment: (assignment) => {
        heldByA = Object.values(assignment).flat();
        samplesSince = 0;
      },
    });
    await waitFor(async () => (await lagsOf(metrics, groupId)).size === 6, {
      timeoutMs: 30_000,
      message: 'A sampling all 6 partitions',
    });

    // B joins the group: half the partitions move to it.
    const b = open(
      'lag-b',
      kafkaMetrics(createMetrics({ service: 'lag-b', instance: 'b', collectDefaults: false })),
    );
    await b.consume({ ...loop, topics: [...loop.topics] });
    await waitFor(() => heldByA.length === 3, {
      timeoutMs: 60_000,
      message: 'A holding 3 partitions after B joined',
    });
    // Several samples of A's new assignment later, only its own partitions have a series.
    await waitFor(() => samplesSince >= 3 * 3, {
      timeoutMs: 30_000,
      message: 'three samples of A since the reassignment',
    });
    const shown = [...(await lagsOf(metrics, groupId)).keys()].sort();
    expect(shown).toEqual([...heldByA].sort());
  });
});
