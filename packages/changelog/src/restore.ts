import type { KafkaRuntime } from '@overfly/kafka';
import type { TopicName, TopicValue } from '@overfly/schemas';

/**
 * Reads these partitions of the changelog topic to their current end, in one read, and
 * keeps the latest record of each key per partition (null for a tombstone): the changelog
 * as compaction would leave it, whether or not the broker has compacted it yet.
 */
export async function readLatest<C extends TopicName>(
  runtime: KafkaRuntime,
  changelog: C,
  partitions: readonly number[],
  deadlineMs: number,
): Promise<{ latest: Map<number, Map<string, TopicValue[C] | null>>; records: number }> {
  const latest = new Map<number, Map<string, TopicValue[C] | null>>(
    partitions.map((p) => [p, new Map()]),
  );
  let records = 0;
  if (partitions.length === 0) return { latest, records };
  await runtime.readToEnd(
    changelog,
    (m) => {
      if (m.key !== null) latest.get(m.partition)?.set(m.key, m.value);
      records++;
    },
    { partitions, deadlineMs },
  );
  return { latest, records };
}
