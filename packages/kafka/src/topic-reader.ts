import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { adminCall } from './admin-retry.js';
import { KafkaPackageError } from './errors.js';

export interface ReadToEndOptions {
  /** Only these partitions (all when omitted). */
  partitions?: readonly number[];
  deadlineMs?: number;
  /**
   * Start at the first record written at or after this time (epoch ms) instead of the
   * topic's start: how the consumer loop looks for its own recent dead letters.
   */
  fromTimestamp?: number;
}

/**
 * Reads a topic from its start to the end it had when called — a snapshot, so a
 * concurrent writer cannot make it run forever — calling `onMessage` in offset order
 * per partition. Used to restore state from compacted topics and to inspect dead
 * letters. A throwing `onMessage` stops the read with that error.
 */
export async function readTopicToEnd(
  kafka: Kafka,
  topic: string,
  onMessage: (partition: number, message: KafkaMessage) => Promise<void> | void,
  options: ReadToEndOptions = {},
): Promise<void> {
  const deadlineMs = options.deadlineMs ?? 60_000;
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `overfly-reader-${randomUUID()}`;
  try {
    const wanted = options.partitions ? new Set(options.partitions) : null;
    const ends = await adminCall(() => admin.fetchTopicOffsets(topic));
    const starts = new Map<number, bigint>(ends.map((p) => [p.partition, BigInt(p.low)]));
    if (options.fromTimestamp !== undefined) {
      const at = options.fromTimestamp;
      for (const p of await adminCall(() => admin.fetchTopicOffsetsByTimestamp(topic, at))) {
        const start = BigInt(p.offset);
        if (start > (starts.get(p.partition) ?? 0n)) starts.set(p.partition, start);
      }
    }
    const remaining = new Map(
      ends
        .filter(
          (p) =>
            (wanted === null || wanted.has(p.partition)) &&
            BigInt(p.high) > (starts.get(p.partition) ?? BigInt(p.low)),
        )
        .map((p) => [p.partition, BigInt(p.high) - 1n]),
    );
    if (remaining.size === 0) return;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    let finish: () => void = () => {};
    let fail: (error: unknown) => void = () => {};
    const done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    await consumer.connect();
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const last = remaining.get(batch.partition);
          if (last === undefined) return;
          const first = starts.get(batch.partition) ?? 0n;
          try {
            for (const m of batch.messages) {
              const offset = BigInt(m.offset);
              // A fetch issued before the seek below took effect: not ours to read.
              if (offset < first) continue;
              if (offset > last) break;
              await onMessage(batch.partition, m);
              if (offset === last) {
                remaining.delete(batch.partition);
                break;
              }
            }
          } catch (error) {
            fail(error);
            return;
          }
          if (remaining.size === 0) finish();
        },
      });
      if (options.fromTimestamp !== undefined) {
        for (const partition of remaining.keys()) {
          consumer.seek({ topic, partition, offset: String(starts.get(partition) ?? 0n) });
        }
      }
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new KafkaPackageError(
                'KAFKA_TOPIC_READ_TIMEOUT',
                `${topic}: ${remaining.size} partition(s) not read to their end after ${deadlineMs} ms`,
              ),
            ),
          deadlineMs,
        );
      });
      await Promise.race([done, deadline]);
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
    }
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
