import type { TopicName, TopicValue } from '@overfly/schemas';
import { subjectFor, valueSchemaFor } from '@overfly/schemas';
import type { CompressionTypes, Kafka, Message, Producer } from 'kafkajs';
import { type KafkaInstruments, NO_INSTRUMENTS, safely } from './instruments.js';
import { Partitioners } from './kafkajs.js';
import type { RideOut } from './outage.js';
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
  partition?: number;
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
  /**
   * Largest request one send() makes, in bytes of keys, values and headers (default
   * 512 KiB). kafkajs puts all of a send's records for one partition into one record
   * batch, and the broker refuses a batch over `message.max.bytes` (1 MiB by default)
   * with MESSAGE_TOO_LARGE; a big send is therefore split into requests below this size,
   * sent one after another, so the order per key is kept.
   */
  maxRequestBytes?: number;
  /** Prefix of physical topic names (an isolated environment on a shared cluster). */
  topicPrefix?: string;
  /**
   * How the connect and each request wait for a broker that does not answer (the runtime's
   * bounded backoff). By default they fail once kafkajs' own retries are spent.
   */
  rideOut?: RideOut;
  /** Told of every acknowledged send (records per topic), for the service's metrics. */
  instruments?: KafkaInstruments;
}

/**
 * An idempotent producer (kafkajs' idempotent mode: acks=all, sequence numbers, one
 * request in flight), so a retried send never duplicates a record in the log. A broker
 * that goes away is waited for request by request (`rideOut`): a send resumes with the
 * request that failed, so the requests already acknowledged are not sent again.
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
  const rideOut: RideOut = options.rideOut ?? ((_c, _w, work) => work());
  await rideOut('kafka', 'connect the producer', () => producer.connect());
  const prefix = options.topicPrefix ?? '';
  const instruments = options.instruments ?? NO_INSTRUMENTS;
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const sendInChunks = async (topic: string, messages: Message[]) => {
    for (const chunk of chunksOfBytes(messages, maxRequestBytes)) {
      await rideOut('kafka', `send to ${topic}`, () =>
        producer.send({
          topic,
          messages: chunk,
          acks: -1,
          ...(options.compression !== undefined ? { compression: options.compression } : {}),
        }),
      );
    }
  };

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
      await sendInChunks(prefix + topic, messages);
      safely(() => instruments.produced(topic, messages.length));
    },

    async sendRaw(topic, records) {
      if (records.length === 0) return;
      await sendInChunks(
        topic,
        records.map((r) => ({
          key: r.key,
          value: r.value,
          ...(r.headers ? { headers: r.headers } : {}),
          ...(r.timestamp !== undefined ? { timestamp: String(r.timestamp) } : {}),
          ...(r.partition !== undefined ? { partition: r.partition } : {}),
        })),
      );
    },

    async disconnect() {
      await producer.disconnect();
    },
  };
}

const DEFAULT_MAX_REQUEST_BYTES = 512 * 1024;
/** Per-record overhead in a v2 record batch (length, attributes, deltas, varints), rounded up. */
const RECORD_OVERHEAD_BYTES = 24;

const bytesOf = (data: Buffer | string | null | undefined): number =>
  data == null ? 0 : typeof data === 'string' ? Buffer.byteLength(data) : data.length;

/** A message's size on the wire, near enough to keep a request under a byte budget. */
export function messageBytes(message: Message): number {
  let size = RECORD_OVERHEAD_BYTES + bytesOf(message.key) + bytesOf(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size += Buffer.byteLength(name);
    for (const v of Array.isArray(value) ? value : [value]) size += bytesOf(v);
  }
  return size;
}

/**
 * Splits messages, in order, into runs of at most `maxBytes` each. A single message over
 * the budget goes alone: the broker, not this function, decides whether it is too large.
 */
export function chunksOfBytes(messages: Message[], maxBytes: number): Message[][] {
  const chunks: Message[][] = [];
  let chunk: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = messageBytes(message);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
