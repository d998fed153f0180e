import type { HandledBatch, KafkaInstruments } from '@overfly/kafka';
import type { Metrics } from '@overfly/observability';

/** Handling time of one fetched batch: 1 ms to 30 s. */
const BATCH_SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Age of a batch's newest record when its handling ends: 10 ms to an hour. */
const AGE_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * Every service's Kafka series, fed by packages/kafka as it works (KafkaInstruments):
 * - `overfly_messages_consumed_total{group,topic}`, `overfly_messages_produced_total{topic}`;
 * - `overfly_batch_handle_seconds{group,topic}`: the handler's time per fetched batch;
 * - `overfly_record_age_seconds{group,topic}`: how old the batch's newest record was when it
 *   was handled (its Kafka timestamp to now): the delay this service adds to the pipeline
 *   and everything before it;
 * - `overfly_consumer_lag{group,topic,partition}`: records left to read. Measured from the
 *   broker's offsets every `lagSampleMs` (10 s by default; packages/kafka's lag-sampler.ts):
 *   its high watermark minus the offset after the last batch handled there, or the group's
 *   committed offset before any — so it grows while the consumer is stuck, paused or cut
 *   off; and after each handled batch, from the watermark the fetch brought. Only
 *   partitions this instance holds: a reassignment removes the others' series, and a
 *   sample never brings one back;
 * - `overfly_dead_letters_total{topic,code}`.
 */
export function kafkaMetrics(metrics: Metrics): KafkaInstruments {
  const consumed = metrics.counter(
    'overfly_messages_consumed_total',
    'Messages handled, by consumer group and topic',
    ['group', 'topic'],
  );
  const produced = metrics.counter(
    'overfly_messages_produced_total',
    'Records written and acknowledged, by topic',
    ['topic'],
  );
  const handling = metrics.histogram(
    'overfly_batch_handle_seconds',
    'Time to handle one fetched batch of a partition',
    ['group', 'topic'],
    BATCH_SECONDS,
  );
  const age = metrics.histogram(
    'overfly_record_age_seconds',
    "Age of a batch's newest record (its Kafka timestamp) when the batch was handled",
    ['group', 'topic'],
    AGE_SECONDS,
  );
  const lag = metrics.gauge(
    'overfly_consumer_lag',
    "Records left to read on a partition this instance holds: the broker's high watermark minus the next offset",
    ['group', 'topic', 'partition'],
  );
  const deadLetters = metrics.counter(
    'overfly_dead_letters_total',
    'Messages sent to dead.letter, by source topic and error code',
    ['topic', 'code'],
  );
  /**
   * Per consumer group: the partitions of its last assignment (null before the first), and
   * the lag series shown, topic → partitions (what a reassignment may have to remove).
   */
  const groups = new Map<
    string,
    { held: Map<string, Set<number>> | null; shown: Map<string, Set<number>> }
  >();
  const groupOf = (groupId: string) => {
    let group = groups.get(groupId);
    if (!group) {
      group = { held: null, shown: new Map() };
      groups.set(groupId, group);
    }
    return group;
  };
  const showLag = (groupId: string, topic: string, partition: number, value: number) => {
    lag.set({ group: groupId, topic, partition: String(partition) }, value);
    const { shown } = groupOf(groupId);
    const partitions = shown.get(topic) ?? new Set<number>();
    shown.set(topic, partitions);
    partitions.add(partition);
  };
  return {
    batchHandled(b: HandledBatch) {
      const labels = { group: b.groupId, topic: b.topic };
      consumed.inc(labels, b.messages);
      handling.observe(labels, b.seconds);
      age.observe(labels, Math.max(0, (Date.now() - b.newestTimestamp) / 1_000));
      showLag(b.groupId, b.topic, b.partition, b.lag);
    },
    assigned(groupId, partitions) {
      const group = groupOf(groupId);
      group.held = new Map([...partitions].map(([topic, ps]) => [topic, new Set(ps)]));
      for (const [topic, shownPartitions] of group.shown) {
        const kept = group.held.get(topic);
        for (const partition of shownPartitions) {
          if (kept?.has(partition)) continue;
          lag.remove({ group: groupId, topic, partition: String(partition) });
          shownPartitions.delete(partition);
        }
        if (shownPartitions.size === 0) group.shown.delete(topic);
      }
    },
    lagSampled(groupId, topic, partition, value) {
      // A sample that crossed a reassignment must not bring back a partition gone elsewhere.
      if (!groups.get(groupId)?.held?.get(topic)?.has(partition)) return;
      showLag(groupId, topic, partition, value);
    },
    deadLettered(topic, code) {
      deadLetters.inc({ topic, code });
    },
    produced(topic, records) {
      produced.inc({ topic }, records);
    },
  };
}
