import { fullJitterDelay } from '@overfly/resilience';
import type { TopicName, TopicValue } from '@overfly/schemas';
import { valueSchemaFor } from '@overfly/schemas';
import type { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { buildDeadLetter, DEAD_LETTER_TOPIC } from './dead-letter.js';
import { classifyError, type ErrorClassification } from './errors.js';
import { type LoggerLike, silentLogger } from './logger.js';
import type { TypedProducer } from './producer.js';
import type { AvroSerde } from './serde.js';

export interface IncomingMessage<V> {
  topic: string;
  partition: number;
  /** Kafka offsets are int64: kept as the decimal string kafkajs gives. */
  offset: string;
  key: string | null;
  /** `null` for a tombstone. */
  value: V | null;
  headers: Record<string, string>;
  /** Record timestamp, epoch ms. */
  timestamp: number;
}

export type MessageOf<T extends TopicName> = IncomingMessage<TopicValue[T]>;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
}

export interface ConsumerLoopStats {
  processed: number;
  deadLettered: number;
  retries: number;
}

interface CommonOptions<T extends TopicName> {
  kafka: Kafka;
  serde: AvroSerde;
  /** Where dead letters are written. */
  producer: TypedProducer;
  service: string;
  groupId: string;
  topics: readonly T[];
  /** Prefix of physical topic names; subjects and handlers' types stay the catalogue's. */
  topicPrefix?: string;
  fromBeginning?: boolean;
  logger?: LoggerLike;
  retry?: Partial<RetryPolicy>;
  partitionsConsumedConcurrently?: number;
  /** How often resolved offsets are committed while a batch runs; every batch end commits too. */
  commitIntervalMs?: number;
  /**
   * `auto` (default): offsets are committed once the handler's effect is done. `manual`: the
   * loop never commits; the service calls `commitOffsets` when its own state is durable
   * (e.g. after a state checkpoint), and does so last in `onStopping`.
   */
  commit?: 'auto' | 'manual';
  /** Called whenever the group (re)assigns partitions: physical topic → partitions. */
  onAssignment?: (assignment: Record<string, number[]>) => void;
  /** Manual commit: runs after the last batch finished and before the group is left. */
  onStopping?: () => Promise<void>;
  sessionTimeoutMs?: number;
  onDeadLetter?: (message: IncomingMessage<unknown>, failure: ErrorClassification) => void;
  /** Injected for deterministic backoff in tests. */
  random?: () => number;
}

export type ConsumerLoopOptions<T extends TopicName> = CommonOptions<T> &
  (
    | {
        /** Called once per message, in offset order per partition. */
        handle: (message: MessageOf<T>) => Promise<void>;
        handleBatch?: never;
      }
    | {
        /**
         * Called with runs of consecutive decodable messages of one partition. If it throws,
         * the run is replayed one message at a time to find (and dead-letter) the culprit,
         * so it must be idempotent — as every handler must be (DESIGN rule 4).
         */
        handleBatch: (messages: MessageOf<T>[]) => Promise<void>;
        handle?: never;
      }
  );

export interface TopicPartitionOffset {
  /** Catalogue topic name (the loop adds its prefix). */
  topic: TopicName;
  partition: number;
  /** The next offset to read, as Kafka commits it (last processed + 1). */
  offset: string;
}

export interface ConsumerLoop {
  readonly stats: Readonly<ConsumerLoopStats>;
  /** Manual commit mode: commit these offsets for the group now. */
  commitOffsets(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /** Makes the next fetch of this partition start at `offset` (a stateful service's resync). */
  seek(position: TopicPartitionOffset): void;
  /** Finishes the message in hand, commits what is done, leaves the group. */
  stop(): Promise<void>;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseMs: 100, capMs: 5_000 };
const HEARTBEAT_EVERY = 200;

/** Raised inside the loop to leave a batch early on shutdown or rebalance; never escapes. */
class StopProcessing extends Error {}

type Decoded<T extends TopicName> =
  | { ok: true; message: MessageOf<T>; raw: KafkaMessage }
  | {
      ok: false;
      message: IncomingMessage<unknown>;
      raw: KafkaMessage;
      failure: ErrorClassification;
    };

/**
 * The consumer loop every Overfly service runs.
 *
 * - Offsets are resolved only after the handler's promise settles (its effect durable) or
 *   the message's dead letter is acknowledged, and committed at most then: a crash replays,
 *   never skips.
 * - A failing message is retried in place (bounded, full-jitter backoff) when its error is
 *   retriable, then sent to `dead.letter` with its bytes and headers, and the partition
 *   moves on: poison never blocks it, and order per key is kept.
 */
export async function runConsumerLoop<T extends TopicName>(
  options: ConsumerLoopOptions<T>,
): Promise<ConsumerLoop> {
  const log = (options.logger ?? silentLogger).child({
    service: options.service,
    groupId: options.groupId,
  });
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const random = options.random ?? Math.random;
  const stats: ConsumerLoopStats = { processed: 0, deadLettered: 0, retries: 0 };
  const prefix = options.topicPrefix ?? '';
  const readerSchemas = new Map<string, object>(
    options.topics.map((t) => [prefix + t, valueSchemaFor(t)]),
  );

  const consumer: Consumer = options.kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    // Fetch enough per round trip that the loop, not the network, sets the pace.
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTimeInMs: 100,
  });
  let stopping = false;
  const manual = options.commit === 'manual';
  let inBatch: Promise<void> | undefined;

  const decodeBatch = async (batch: Batch): Promise<Decoded<T>[]> => {
    const reader = readerSchemas.get(batch.topic);
    const failedIds = new Map<number, ErrorClassification>();
    for (const id of distinctSchemaIds(options.serde, batch.messages)) {
      if (options.serde.isReaderReady(id, reader)) continue;
      try {
        await options.serde.prepareReader(id, reader);
      } catch (error) {
        const failure = classifyError(error);
        // The registry being down is not the message's fault: let kafkajs retry the batch.
        if (failure.retriable) throw error;
        failedIds.set(id, failure);
      }
    }
    return batch.messages.map((raw): Decoded<T> => {
      // Built once and filled in: this runs for every message, so no spreads.
      const message: MessageOf<T> = {
        topic: batch.topic,
        partition: batch.partition,
        offset: raw.offset,
        key: raw.key ? raw.key.toString('utf8') : null,
        value: null,
        headers: headersOf(raw),
        timestamp: Number(raw.timestamp),
      };
      if (raw.value === null) return { ok: true, message, raw };
      try {
        const failed = failedIds.get(options.serde.schemaIdOf(raw.value));
        if (failed) return { ok: false, message, raw, failure: failed };
        message.value = options.serde.decode(raw.value, reader) as TopicValue[T];
        return { ok: true, message, raw };
      } catch (error) {
        return { ok: false, message, raw, failure: classifyError(error) };
      }
    });
  };

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const {
      batch,
      resolveOffset,
      heartbeat,
      commitOffsetsIfNecessary,
      uncommittedOffsets,
      isRunning,
      isStale,
    } = payload;
    const checkRunning = () => {
      if (stopping || !isRunning() || isStale()) throw new StopProcessing();
    };

    const deadLetter = async (
      message: IncomingMessage<unknown>,
      raw: KafkaMessage,
      failure: ErrorClassification,
      attempts: number,
    ) => {
      await options.producer.send(DEAD_LETTER_TOPIC, [
        buildDeadLetter(
          {
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            key: raw.key ?? null,
            value: raw.value ?? null,
            headers: message.headers,
          },
          { service: options.service, ...failure, attempts, at: Date.now() },
        ),
      ]);
      stats.deadLettered++;
      log.warn(
        {
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          key: message.key,
          errorCode: failure.code,
          attempts,
        },
        `dead-lettered: ${failure.message}`,
      );
      options.onDeadLetter?.(message, failure);
    };

    /**
     * After `work` failed once with `firstError`: retries it while the error is retriable
     * and attempts remain (full-jitter backoff), else dead-letters the message.
     */
    const recover = async (
      message: IncomingMessage<unknown>,
      raw: KafkaMessage,
      work: () => Promise<void>,
      firstError: unknown,
    ) => {
      let error = firstError;
      for (let attempt = 1; ; attempt++) {
        const failure = classifyError(error);
        if (!failure.retriable || attempt >= retry.attempts) {
          await deadLetter(message, raw, failure, attempt);
          return;
        }
        stats.retries++;
        log.info(
          {
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            errorCode: failure.code,
            attempt,
          },
          'retrying message',
        );
        await sleep(
          fullJitterDelay(
            attempt - 1,
            { baseDelayMs: retry.baseMs, maxDelayMs: retry.capMs },
            random,
          ),
        );
        checkRunning();
        await heartbeat();
        try {
          await work();
          return;
        } catch (next) {
          error = next;
        }
      }
    };

    let sinceHeartbeat = 0;
    /** Marks work done up to `offset`; true when a heartbeat is due (the caller awaits it). */
    const progress = (offset: string, count: number): boolean => {
      resolveOffset(offset);
      stats.processed += count;
      sinceHeartbeat += count;
      if (sinceHeartbeat < HEARTBEAT_EVERY) return false;
      sinceHeartbeat = 0;
      return true;
    };

    try {
      const decoded = await decodeBatch(batch);
      if (options.handle) {
        const handle = options.handle;
        for (const item of decoded) {
          checkRunning();
          if (!item.ok) {
            await deadLetter(item.message, item.raw, item.failure, 1);
          } else {
            try {
              await handle(item.message);
            } catch (error) {
              await recover(item.message, item.raw, () => handle(item.message), error);
            }
          }
          if (progress(item.message.offset, 1)) await heartbeat();
        }
      } else {
        const handleBatch = options.handleBatch;
        let run: Array<Extract<Decoded<T>, { ok: true }>> = [];
        const flush = async () => {
          if (run.length === 0) return;
          const current = run;
          run = [];
          try {
            await handleBatch(current.map((item) => item.message));
          } catch (error) {
            log.info(
              {
                topic: batch.topic,
                partition: batch.partition,
                size: current.length,
                error: String(error),
              },
              'batch failed; isolating the message at fault',
            );
            for (const item of current) {
              checkRunning();
              const one = () => handleBatch([item.message]);
              try {
                await one();
              } catch (oneError) {
                await recover(item.message, item.raw, one, oneError);
              }
              if (progress(item.message.offset, 1)) await heartbeat();
            }
            return;
          }
          if (progress(current[current.length - 1]!.message.offset, current.length))
            await heartbeat();
        };
        for (const item of decoded) {
          checkRunning();
          if (item.ok) {
            run.push(item);
            continue;
          }
          await flush();
          await deadLetter(item.message, item.raw, item.failure, 1);
          if (progress(item.message.offset, 1)) await heartbeat();
        }
        await flush();
      }
    } catch (error) {
      if (!(error instanceof StopProcessing)) throw error;
    }
    if (manual) return;
    // Stopping: commit everything resolved now, not at the next interval that never comes.
    if (stopping || !isRunning()) await commitOffsetsIfNecessary(uncommittedOffsets());
    else await commitOffsetsIfNecessary();
  };

  const trackedEachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const run = eachBatch(payload);
    inBatch = run;
    try {
      await run;
    } finally {
      if (inBatch === run) inBatch = undefined;
    }
  };

  await consumer.connect();
  for (const topic of options.topics) {
    await consumer.subscribe({
      topic: prefix + topic,
      fromBeginning: options.fromBeginning ?? false,
    });
  }
  if (options.onAssignment) {
    const onAssignment = options.onAssignment;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      onAssignment(event.payload.memberAssignment);
    });
  }
  consumer.on(consumer.events.CRASH, (event) => {
    log.error(
      { error: String(event.payload.error), restart: event.payload.restart },
      'consumer crashed',
    );
  });
  await consumer.run({
    autoCommit: !manual,
    ...(manual ? {} : { autoCommitInterval: options.commitIntervalMs ?? 1_000 }),
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: trackedEachBatch,
  });
  log.info({ topics: options.topics }, 'consumer loop running');

  return {
    stats,
    async commitOffsets(offsets) {
      if (offsets.length === 0) return;
      await consumer.commitOffsets(
        offsets.map((o) => ({ topic: prefix + o.topic, partition: o.partition, offset: o.offset })),
      );
    },
    seek(position) {
      consumer.seek({
        topic: prefix + position.topic,
        partition: position.partition,
        offset: position.offset,
      });
    },
    async stop() {
      stopping = true;
      // The batch in hand stops at its next message boundary; then, still in the group,
      // a manual-commit service makes its state durable and commits.
      await inBatch?.catch(() => undefined);
      if (options.onStopping) await options.onStopping();
      // kafkajs waits for any eachBatch it started meanwhile (it returns at once now),
      // commits resolved offsets in auto mode, then leaves the group.
      await consumer.disconnect();
      log.info({ ...stats }, 'consumer loop stopped');
    },
  };
}

function distinctSchemaIds(serde: AvroSerde, messages: KafkaMessage[]): Set<number> {
  const ids = new Set<number>();
  for (const m of messages) {
    if (!m.value) continue;
    try {
      ids.add(serde.schemaIdOf(m.value));
    } catch {
      // No magic byte: decode reports it per message.
    }
  }
  return ids;
}

function headersOf(message: KafkaMessage): Record<string, string> {
  const out: Record<string, string> = {};
  if (!message.headers) return out;
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
