import {
  subjectFor,
  type TopicName,
  type TopicValue,
  topicNames,
  valueSchemaFor,
} from '@overfly/schemas';
import { topicSpecs } from './catalogue.js';
import {
  type CommitAfterHandlerOptions,
  type ConsumerLoop,
  type IncomingMessage,
  runConsumerLoop,
  type StoredByServiceOptions,
  type StoredOffsetsLoop,
} from './consumer.js';
import {
  buildDeadLetter,
  DEAD_LETTER_TOPIC,
  type FailedMessage,
  type Failure,
} from './dead-letter.js';
import {
  type DeadLetterFilter,
  type DeadLetterRead,
  readDeadLetters,
  resendDeadLetters,
  type StoredDeadLetter,
} from './dead-letter-resend.js';
import { createKafkaClient } from './kafka-client.js';
import { type LoggerLike, silentLogger } from './logger.js';
import { createTypedProducer, type TypedProducer } from './producer.js';
import { createRegistryClient, type RegistryClient } from './registry.js';
import { AvroSerde } from './serde.js';
import { type ReadToEndOptions, readTopicToEnd } from './topic-reader.js';
import { type EnsureTopicsResult, ensureTopics } from './topics.js';

export interface KafkaRuntimeOptions {
  brokers: string[];
  registryUrl: string;
  /** The service name: client id, consumer-group prefix and dead-letter `service` header. */
  service: string;
  logger?: LoggerLike;
  /**
   * Prefix of every physical topic name, dead.letter included (tests, or several
   * environments on one cluster). Subjects stay `<catalogue topic>-value`.
   */
  topicPrefix?: string;
}

/** What the runtime fills in itself. */
type Injected = 'kafka' | 'serde' | 'producer' | 'service' | 'logger' | 'topicPrefix';
type DistributiveOmit<O, K extends PropertyKey> = O extends unknown ? Omit<O, K> : never;

/** `consume` options in `commit-after-handler` mode (the default). */
export type CommitAfterHandlerLoopOptions<T extends TopicName> = DistributiveOmit<
  CommitAfterHandlerOptions<T>,
  Injected
>;
/** `consume` options in `stored-by-service` mode. */
export type StoredByServiceLoopOptions<T extends TopicName> = Omit<
  StoredByServiceOptions<T>,
  Injected
>;

/**
 * A service's whole Kafka side: one client, one registry client and serde cache, one
 * producer shared by its own records and its dead letters. Nothing of kafkajs leaks out.
 */
export interface KafkaRuntime {
  readonly service: string;
  readonly registry: RegistryClient;
  readonly serde: AvroSerde;
  producer(): Promise<TypedProducer>;
  /**
   * Starts a consumer loop. `offsets: 'stored-by-service'` returns the loop with
   * `durable` and `commit`; the default, `commit-after-handler`, a plain loop.
   */
  consume<T extends TopicName>(
    options: StoredByServiceLoopOptions<T>,
  ): Promise<StoredOffsetsLoop<T>>;
  consume<T extends TopicName>(options: CommitAfterHandlerLoopOptions<T>): Promise<ConsumerLoop>;
  /** Creates missing catalogue topics; reports (and by default refuses) changed ones. */
  ensureTopics(options?: { onMismatch?: 'throw' | 'report' }): Promise<EnsureTopicsResult>;
  /**
   * Reads a catalogue topic from its start to its current end, decoded (tombstones as
   * `null`), in offset order per partition: how a service restores state from a
   * compacted topic. An undecodable record fails the read — unknown state is not state.
   */
  readToEnd<T extends TopicName>(
    topic: T,
    onMessage: (message: IncomingMessage<TopicValue[T]>) => void,
    options?: ReadToEndOptions,
  ): Promise<void>;
  /**
   * The offsets a consumer group has committed on a topic: partition → next offset to
   * read, or null where nothing is committed.
   */
  committedOffsets(groupId: string, topic: TopicName): Promise<Map<number, string | null>>;
  /** Registers every catalogue topic's value schema under `<topic>-value` (BACKWARD). */
  registerSchemas(): Promise<Array<{ subject: string; id: number }>>;
  /**
   * Dead-letters something that did not come from a topic of ours (a bad row of a replay
   * file: `topic` names the source, e.g. `file:/path/states.csv`, `offset` the line).
   */
  sendDeadLetter(failed: FailedMessage, failure: Omit<Failure, 'service' | 'at'>): Promise<void>;
  readDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetterRead>;
  /** Re-publishes the letters' original bytes to their source topics; returns how many. */
  resendDeadLetters(letters: readonly StoredDeadLetter[]): Promise<number>;
  /** Consumer loops first (finishing their batch and committing), then the producer. */
  close(): Promise<void>;
}

export function createKafkaRuntime(options: KafkaRuntimeOptions): KafkaRuntime {
  const logger = options.logger ?? silentLogger;
  const topicPrefix = options.topicPrefix ?? '';
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: options.service, logger });
  const registry = createRegistryClient(options.registryUrl);
  const serde = new AvroSerde(registry);
  const loops: ConsumerLoop[] = [];
  let producer: Promise<TypedProducer> | undefined;

  const getProducer = () => {
    producer ??= createTypedProducer(kafka, serde, { topicPrefix });
    return producer;
  };

  return {
    service: options.service,
    registry,
    serde,
    producer: getProducer,
    async consume<T extends TopicName>(
      loopOptions: StoredByServiceLoopOptions<T> | CommitAfterHandlerLoopOptions<T>,
    ) {
      const loop = await runConsumerLoop<T>({
        ...loopOptions,
        kafka,
        serde,
        producer: await getProducer(),
        service: options.service,
        logger,
        topicPrefix,
      } as StoredByServiceOptions<T> | CommitAfterHandlerOptions<T>);
      loops.push(loop);
      // The overloads above tell the caller which of the two it is.
      return loop as StoredOffsetsLoop<T>;
    },
    ensureTopics(ensureOptions = {}) {
      return ensureTopics(kafka, topicSpecs(), { logger, topicPrefix, ...ensureOptions });
    },
    async readToEnd(topic, onMessage, readOptions) {
      const physical = topicPrefix + topic;
      const reader = valueSchemaFor(topic);
      await readTopicToEnd(
        kafka,
        physical,
        async (partition, m) => {
          const value = m.value === null ? null : await serde.decodeAsync(m.value, reader);
          onMessage({
            topic: physical,
            partition,
            offset: m.offset,
            key: m.key ? m.key.toString('utf8') : null,
            value: value as TopicValue[typeof topic] | null,
            headers: {},
            timestamp: Number(m.timestamp),
          });
        },
        readOptions,
      );
    },
    async committedOffsets(groupId, topic) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const [entry] = await admin.fetchOffsets({ groupId, topics: [topicPrefix + topic] });
        return new Map(
          (entry?.partitions ?? []).map((p) => [
            p.partition,
            Number(p.offset) < 0 ? null : p.offset,
          ]),
        );
      } finally {
        await admin.disconnect();
      }
    },
    async registerSchemas() {
      const registered: Array<{ subject: string; id: number }> = [];
      for (const topic of topicNames) {
        const subject = subjectFor(topic);
        registered.push({ subject, id: await serde.prepareWriter(subject, valueSchemaFor(topic)) });
      }
      return registered;
    },
    async sendDeadLetter(failed, failure) {
      const producer = await getProducer();
      await producer.send(DEAD_LETTER_TOPIC, [
        buildDeadLetter(failed, { ...failure, service: options.service, at: Date.now() }),
      ]);
    },
    readDeadLetters(filter) {
      return readDeadLetters(kafka, serde, filter, topicPrefix);
    },
    async resendDeadLetters(letters) {
      return resendDeadLetters(await getProducer(), letters, topicPrefix);
    },
    async close() {
      await Promise.all(loops.splice(0).map((loop) => loop.stop()));
      if (producer) {
        const p = await producer;
        producer = undefined;
        await p.disconnect();
      }
    },
  };
}
