import type { DeadLetter } from '@overfly/schemas';
import type { OutgoingRecord } from './producer.js';

export const DEAD_LETTER_TOPIC = 'dead.letter';

/**
 * Header names on every dead letter. The same facts are in the Avro value; headers let
 * operators filter with plain Kafka tools without a registry.
 */
export const deadLetterHeaders = {
  sourceTopic: 'overfly.dlq.source-topic',
  sourcePartition: 'overfly.dlq.source-partition',
  sourceOffset: 'overfly.dlq.source-offset',
  key: 'overfly.dlq.key',
  service: 'overfly.dlq.service',
  consumerGroup: 'overfly.dlq.consumer-group',
  errorCode: 'overfly.dlq.error-code',
  errorMessage: 'overfly.dlq.error-message',
  attempts: 'overfly.dlq.attempts',
  timestamp: 'overfly.dlq.timestamp',
} as const;

/** Set on a record re-published from the dead-letter topic, so its origin stays visible. */
export const RESENT_FROM_HEADER = 'overfly.resent-from';

export interface FailedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface Failure {
  service: string;
  /** The consumer group that read the message; absent when a service wrote the letter itself. */
  consumerGroup?: string;
  code: string;
  message: string;
  retriable: boolean;
  attempts: number;
  at: number;
}

// Header values travel on every dead letter; a stack-sized message would bloat them.
const MAX_HEADER_MESSAGE = 1_000;

export function buildDeadLetter(
  failed: FailedMessage,
  failure: Failure,
): OutgoingRecord<DeadLetter> {
  const key = failed.key?.toString('utf8') ?? null;
  const headers: Record<string, string> = {
    [deadLetterHeaders.sourceTopic]: failed.topic,
    [deadLetterHeaders.sourcePartition]: String(failed.partition),
    [deadLetterHeaders.sourceOffset]: failed.offset,
    [deadLetterHeaders.key]: key ?? '',
    [deadLetterHeaders.service]: failure.service,
    [deadLetterHeaders.consumerGroup]: failure.consumerGroup ?? '',
    [deadLetterHeaders.errorCode]: failure.code,
    [deadLetterHeaders.errorMessage]: failure.message.slice(0, MAX_HEADER_MESSAGE),
    [deadLetterHeaders.attempts]: String(failure.attempts),
    [deadLetterHeaders.timestamp]: String(failure.at),
  };
  return {
    // The catalogue's key: one source partition's letters stay in offset order.
    key: `${failed.topic}-${failed.partition}`,
    headers,
    value: {
      sourceTopic: failed.topic,
      sourcePartition: failed.partition,
      sourceOffset: failed.offset,
      originalKey: failed.key,
      originalValue: failed.value,
      originalHeaders: failed.headers,
      service: failure.service,
      errorCode: failure.code,
      errorMessage: failure.message,
      retriable: failure.retriable,
      attempts: failure.attempts,
      failedAt: failure.at,
    },
  };
}
