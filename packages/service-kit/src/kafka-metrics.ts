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
 * - `overfly_consumer_lag{group,topic,partition}`: the broker's high watermark, as the fetch
 *   brought it, minus the offset after the batch. Only partitions this instance holds: a
 *   reassignment removes the others' series. It is measured when batches come: a partition
 *   with nothing new keeps the lag of its last batch (0 once it has read to the end);
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
  /** group → "topic/partition" whose lag series exist. */
  const held = new Map<string, Set<string>>();
  return {
    batchHandled(b: HandledBatch) {
      const labels = { group: b.groupId, topic: b.topic };
      consumed.inc(labels, b.messages);
      handling.observe(labels, b.seconds);
      age.observe(labels, Math.max(0, (Date.now() - b.newestTimestamp) / 1_000));
      lag.set({ ...labels, partition: String(b.partition) }, b.lag);
      const mine = held.get(b.groupId) ?? new Set<string>();
      held.set(b.groupId, mine);
      mine.add(`${b.topic}/${b.partition}`);
    },
    assigned(groupId, partitions) {
      const mine = held.get(groupId);
      if (!mine) return;
      for (const key of [...mine]) {
        const cut = key.lastIndexOf('/');
        const topic = key.slice(0, cut);
        const partition = Number(key.slice(cut + 1));
        if (partitions.get(topic)?.includes(partition)) continue;
        lag.remove({ group: groupId, topic, partition: String(partition) });
        mine.delete(key);
      }
    },
    deadLettered(topic, code) {
      deadLetters.inc({ topic, code });
    },
    produced(topic, records) {
      produced.inc({ topic }, records);
    },
  };
}
