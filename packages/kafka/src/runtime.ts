import {
  subjectFor,
  type TopicName,
  type TopicValue,
  topicCatalogue,
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
import { outageOf, type PlatformComponent } from './errors.js';
import { type KafkaInstruments, logicalTopic, safely } from './instruments.js';
import { createKafkaClient } from './kafka-client.js';
import { type LoggerLike, silentLogger } from './logger.js';
import {
  DEFAULT_OUTAGE_POLICY,
  type OutagePolicy,
  OutageTracker,
  type PlatformWait,
  rideOut,
} from './outage.js';
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
  /**
   * How long, and with what backoff, sends, commits, registrations and start-up wait for a
   * broker or registry that does not answer (`DEFAULT_OUTAGE_POLICY`: 5 minutes).
   */
  outage?: Partial<OutagePolicy>;
  /** Told of each handled batch, send and dead letter (service-kit's metrics); none by default. */
  instruments?: KafkaInstruments;
}

/** What the runtime fills in itself. */
type Injected =
  | 'kafka'
  | 'serde'
  | 'producer'
  | 'service'
  | 'logger'
  | 'topicPrefix'
  | 'outages'
  | 'rideOut'
  | 'outageToleranceMs';
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
  /**
   * Runs `work`, waiting with backoff while it fails because `component` is away, for at
   * most the outage tolerance; what waits shows in `waitingFor` meanwhile.
   */
  rideOut<T>(component: PlatformComponent, what: string, work: () => Promise<T>): Promise<T>;
  /** What waits for the broker or the registry right now (readiness says it), oldest first. */
  waitingFor(component?: PlatformComponent): PlatformWait[];
  /**
   * Makes the schemas of these topics known before the first record: the writer schema of
   * each topic in `writes` registered (or found), and the latest registered version of each
   * topic in `reads` fetched (none registered yet is fine). Waits while the registry does
   * not answer, within the outage tolerance. After it, a registry outage stops nothing this
   * process sends or reads with those schemas.
   */
  prepareSchemas(topics: {
    writes: readonly TopicName[];
    reads: readonly TopicName[];
  }): Promise<void>;
  /** Consumer loops first (finishing their batch and committing), then the producer. */
  close(): Promise<void>;
}

/** The catalogue's topics a service writes and reads (schemas/topics.json `producers`, `consumers`). */
export function catalogueTopicsOf(service: string): {
  writes: TopicName[];
  reads: TopicName[];
} {
  const of = (side: 'producers' | 'consumers') =>
    topicNames.filter((name) =>
      topicCatalogue.some((t) => t.name === name && t[side].includes(service)),
    );
  return { writes: of('producers'), reads: of('consumers') };
}

export function createKafkaRuntime(options: KafkaRuntimeOptions): KafkaRuntime {
  const logger = options.logger ?? silentLogger;
  const topicPrefix = options.topicPrefix ?? '';
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: options.service, logger });
  const registry = createRegistryClient(options.registryUrl);
  const outages = new OutageTracker();
  const closing = new AbortController();
  const outageContext = {
    policy: { ...DEFAULT_OUTAGE_POLICY, ...options.outage },
    tracker: outages,
    logger,
    signal: closing.signal,
  };
  const waitOut = <T>(component: PlatformComponent, what: string, work: () => Promise<T>) =>
    rideOut(outageContext, component, what, work);
  const serde = new AvroSerde(registry, waitOut);
  const loops: ConsumerLoop[] = [];
  let producer: Promise<TypedProducer> | undefined;

  const getProducer = () => {
    if (!producer) {
      const creating = createTypedProducer(kafka, serde, {
        topicPrefix,
        rideOut: waitOut,
        ...(options.instruments ? { instruments: options.instruments } : {}),
      });
      producer = creating;
      // A producer that could not connect is created again on the next call.
      creating.catch(() => {
        if (producer === creating) producer = undefined;
      });
    }
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
        outages,
        rideOut: waitOut,
        outageToleranceMs: outageContext.policy.toleranceMs,
        ...(options.instruments ? { instruments: options.instruments } : {}),
      } as StoredByServiceOptions<T> | CommitAfterHandlerOptions<T>);
      loops.push(loop);
      // The overloads above tell the caller which of the two it is.
      return loop as StoredOffsetsLoop<T>;
    },
    ensureTopics(ensureOptions = {}) {
      return waitOut('kafka', 'ensure the topics', () =>
        ensureTopics(kafka, topicSpecs(), { logger, topicPrefix, ...ensureOptions }),
      );
    },
    async readToEnd(topic, onMessage, readOptions) {
      const physical = topicPrefix + topic;
      const reader = valueSchemaFor(topic);
      await readTopicToEnd(
        kafka,
        physical,
        async (partition, m) => {
          const value =
            m.value === null
              ? null
              : await waitOut('registry', `read ${physical}`, () =>
                  serde.decodeAsync(m.value!, reader),
                );
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
      const topic = logicalTopic(failed.topic, topicPrefix);
      safely(() => options.instruments?.deadLettered(topic, failure.code));
    },
    readDeadLetters(filter) {
      return readDeadLetters(kafka, serde, filter, topicPrefix);
    },
    async resendDeadLetters(letters) {
      return resendDeadLetters(await getProducer(), letters, topicPrefix);
    },
    rideOut: waitOut,
    waitingFor: (component) => outages.waiting(component),
    async prepareSchemas({ writes, reads }) {
      for (const topic of writes)
        await serde.prepareWriter(subjectFor(topic), valueSchemaFor(topic));
      for (const topic of reads) {
        const subject = subjectFor(topic);
        let id: number;
        try {
          id = await waitOut('registry', `latest schema of ${subject}`, () =>
            registry.latestId(subject),
          );
        } catch (error) {
          // Nothing registered under the subject yet: its first record will tell.
          if (outageOf(error) === null) continue;
          throw error;
        }
        try {
          await waitOut('registry', `schema ${id} of ${subject}`, () =>
            serde.prepareReader(id, valueSchemaFor(topic)),
          );
        } catch (error) {
          // A writer this process cannot read: its messages are dead-lettered as they come.
          if (outageOf(error) !== null) throw error;
        }
      }
    },
    async close() {
      closing.abort();
      await Promise.all(loops.splice(0).map((loop) => loop.stop()));
      if (producer) {
        const p = await producer;
        producer = undefined;
        await p.disconnect();
      }
    },
  };
}
