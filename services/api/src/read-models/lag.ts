import type { KafkaAdmin } from '@overfly/kafka';

/**
 * Every `intervalMs`, how many records of each topic the group has not committed yet: the
 * topic's end offsets less the group's committed offsets, summed over partitions. What
 * "the read models are behind" means in records; a failed look is skipped, not reported.
 */
export function watchGroupLag(options: {
  admin: Pick<KafkaAdmin, 'topicOffsets' | 'committedOffsets'>;
  groupId: string;
  topics: ReadonlyArray<{ topic: string; physical: string }>;
  onLag: (topic: string, records: number) => void;
  intervalMs?: number;
}): { stop(): void } {
  const look = async () => {
    for (const { topic, physical } of options.topics) {
      const [ends, committed] = await Promise.all([
        options.admin.topicOffsets(physical),
        options.admin.committedOffsets(options.groupId, physical),
      ]);
      let records = 0n;
      for (const p of ends) {
        const from = BigInt(committed.get(p.partition) ?? p.low);
        if (BigInt(p.high) > from) records += BigInt(p.high) - from;
      }
      options.onLag(topic, Number(records));
    }
  };
  const timer = setInterval(() => void look().catch(() => undefined), options.intervalMs ?? 10_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
