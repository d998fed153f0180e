import type { TopicName, TopicValue } from '@overfly/schemas';
import { subjectFor, valueSchemaFor } from '@overfly/schemas';
import type { CompressionTypes, Kafka, Message, Producer } from 'kafkajs';
import { Partitioners } from './kafkajs.js';
import type { AvroSerde } from './serde.js';

export interface OutgoingRecord<V> {
  key: string | null;
  /** `null` writes a tombstone (compacted topics forget the key). */
  value: V | null;
  headers?: Record<string, string>;
  /** Epoch ms; the broker's time when omitted. */
  timestamp?: number;
  partition?: number;
}

export interface RawRecord {
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: Record<string, string | Buffer>;
  timestamp?: number;
}

export interface TypedProducer {
  /** Avro-encodes each value with its topic's registered schema and waits for acks=all. */
  send<T extends TopicName>(
    topic: T,
    records: ReadonlyArray<OutgoingRecord<TopicValue[T]>>,
  ): Promise<void>;
  /** Sends bytes as they are, to a physical topic name: dead-letter replay. */
  sendRaw(topic: string, records: ReadonlyArray<RawRecord>): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ProducerOptions {
  /** Gzip is CPU we do not have on 2 cores; none by default. */
  compression?: CompressionTypes;
  /** Prefix of physical topic names (an isolated environment on a shared cluster). */
  topicPrefix?: string;
}

/**
 * An idempotent producer (kafkajs' idempotent mode: acks=all, sequence numbers, one
 * request in flight), so a retried send never duplicates a record in the log.
 */
export async function createTypedProducer(
  kafka: Kafka,
  serde: AvroSerde,
  options: ProducerOptions = {},
): Promise<TypedProducer> {
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // Named explicitly (murmur2 over the key, as the Java client): keys land where
    // other Kafka clients put them, and kafkajs stops warning about its v2 change.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const prefix = options.topicPrefix ?? '';

  const toMessage = (record: OutgoingRecord<unknown>, value: Buffer | null): Message => {
    const message: Message = { key: record.key, value };
    if (record.headers) message.headers = record.headers;
    if (record.timestamp !== undefined) message.timestamp = String(record.timestamp);
    if (record.partition !== undefined) message.partition = record.partition;
    return message;
  };

  return {
    async send(topic, records) {
      if (records.length === 0) return;
      const subject = subjectFor(topic);
      if (!serde.isWriterReady(subject)) await serde.prepareWriter(subject, valueSchemaFor(topic));
      const messages = records.map((record) =>
        toMessage(record, record.value === null ? null : serde.encode(subject, record.value)),
      );
      await producer.send({
        topic: prefix + topic,
        messages,
        acks: -1,
        ...(options.compression !== undefined ? { compression: options.compression } : {}),
      });
    },

    async sendRaw(topic, records) {
      if (records.length === 0) return;
      await producer.send({
        topic,
        acks: -1,
        messages: records.map((r) => ({
          key: r.key,
          value: r.value,
          ...(r.headers ? { headers: r.headers } : {}),
          ...(r.timestamp !== undefined ? { timestamp: String(r.timestamp) } : {}),
        })),
      });
    },

    async disconnect() {
      await producer.disconnect();
    },
  };
}
