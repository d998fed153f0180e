import type { DeadLetter } from '@overfly/schemas';
import { valueSchemaFor } from '@overfly/schemas';
import type { Kafka } from 'kafkajs';
import { DEAD_LETTER_TOPIC, RESENT_FROM_HEADER } from './dead-letter.js';
import type { TypedProducer } from './producer.js';
import type { AvroSerde } from './serde.js';
import { readTopicToEnd } from './topic-reader.js';

export interface DeadLetterFilter {
  sourceTopic?: string;
  errorCode?: string;
  service?: string;
  /** Only these dead letters, as `partition:offset` of the dead-letter topic. */
  ids?: readonly string[];
  /** failedAt window, epoch ms, inclusive. */
  since?: number;
  until?: number;
  limit?: number;
}

export interface StoredDeadLetter {
  /** `partition:offset` in the dead-letter topic. */
  id: string;
  letter: DeadLetter;
}

export interface DeadLetterRead {
  /** The selected letters, oldest failure first. */
  letters: StoredDeadLetter[];
  /** Records in the topic that are not decodable dead letters; reported, never fatal. */
  unreadable: Array<{ id: string; error: string }>;
}

/**
 * Reads the dead-letter topic from its start to the end it had when called, keeping the
 * letters the filter selects. A record that does not decode is reported in `unreadable`;
 * the read has a deadline: an operator tool must answer, whatever is in the topic.
 */
export async function readDeadLetters(
  kafka: Kafka,
  serde: AvroSerde,
  filter: DeadLetterFilter = {},
  topicPrefix = '',
  deadlineMs = 60_000,
): Promise<DeadLetterRead> {
  const reader = valueSchemaFor(DEAD_LETTER_TOPIC);
  const found: StoredDeadLetter[] = [];
  const unreadable: DeadLetterRead['unreadable'] = [];
  await readTopicToEnd(
    kafka,
    topicPrefix + DEAD_LETTER_TOPIC,
    async (partition, m) => {
      const id = `${partition}:${m.offset}`;
      if (!m.value) return;
      try {
        const letter = (await serde.decodeAsync(m.value, reader)) as DeadLetter;
        if (matches(id, letter, filter)) found.push({ id, letter });
      } catch (error) {
        unreadable.push({ id, error: error instanceof Error ? error.message : String(error) });
      }
    },
    { deadlineMs },
  );
  // The limit keeps the oldest failures, whatever order the partitions were read in.
  found.sort((a, b) => a.letter.failedAt - b.letter.failedAt);
  return { letters: filter.limit === undefined ? found : found.slice(0, filter.limit), unreadable };
}

function matches(id: string, letter: DeadLetter, filter: DeadLetterFilter): boolean {
  if (filter.ids && !filter.ids.includes(id)) return false;
  if (filter.sourceTopic !== undefined && letter.sourceTopic !== filter.sourceTopic) return false;
  if (filter.errorCode !== undefined && letter.errorCode !== filter.errorCode) return false;
  if (filter.service !== undefined && letter.service !== filter.service) return false;
  if (filter.since !== undefined && letter.failedAt < filter.since) return false;
  if (filter.until !== undefined && letter.failedAt > filter.until) return false;
  return true;
}

/**
 * Re-publishes each letter's original bytes, key and headers to its source topic, with
 * a header naming the dead letter it came from; consumers' idempotence makes a repeated
 * resend harmless.
 */
export async function resendDeadLetters(
  producer: TypedProducer,
  letters: readonly StoredDeadLetter[],
  topicPrefix = '',
): Promise<number> {
  let sent = 0;
  for (const { id, letter } of letters) {
    await producer.sendRaw(letter.sourceTopic, [
      {
        key: letter.originalKey,
        value: letter.originalValue,
        headers: {
          ...letter.originalHeaders,
          [RESENT_FROM_HEADER]: `${topicPrefix}${DEAD_LETTER_TOPIC}/${id}`,
        },
      },
    ]);
    sent++;
  }
  return sent;
}
