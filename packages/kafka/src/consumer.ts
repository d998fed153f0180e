import {
  abortableSleep,
  DEFAULT_RETRY_POLICY,
  type RetryFacts,
  type RetryPolicy,
  retry,
} from '@overfly/resilience';
import type { TopicName, TopicValue } from '@overfly/schemas';
import { valueSchemaFor } from '@overfly/schemas';
import type { Admin, Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { buildDeadLetter, DEAD_LETTER_TOPIC, deadLetterHeaders } from './dead-letter.js';
import { classifyError, type ErrorClassification, KafkaPackageError, outageOf } from './errors.js';
import { type KafkaInstruments, logicalTopic, NO_INSTRUMENTS, safely } from './instruments.js';
import { LagSampler } from './lag-sampler.js';
import { type LoggerLike, silentLogger } from './logger.js';
import { componentName, DEFAULT_OUTAGE_POLICY, OutageTracker, type RideOut } from './outage.js';
import { DeadLetterDedupe, PartitionCursor } from './partition-cursor.js';
import type { TypedProducer } from './producer.js';
import type { AvroSerde } from './serde.js';
import { readTopicToEnd } from './topic-reader.js';

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

export interface ConsumerLoopStats {
  processed: number;
  deadLettered: number;
  retries: number;
}

/** A partition of a catalogue topic (the loop adds the topic prefix). */
export interface PartitionRef<T extends TopicName = TopicName> {
  topic: T;
  partition: number;
}

/** Where a partition stands: `next` is the next offset to read (last applied + 1). */
export interface PartitionPosition<T extends TopicName = TopicName> extends PartitionRef<T> {
  next: string;
}

/** A partition just assigned to this member, with the group's committed offset on it. */
export interface AssignedPartition<T extends TopicName = TopicName> extends PartitionRef<T> {
  /** The group's committed next offset, or null when the group has committed none. */
  committed: string | null;
}

/** What a service stored for a partition: null when it has stored nothing yet. */
export interface StoredPosition<T extends TopicName = TopicName> extends PartitionRef<T> {
  next: string | null;
}

/**
 * A run of messages of one partition in `stored-by-service` mode, contiguous with what the
 * service has applied: it settles the offsets `[from, next)`. Offsets in that range that
 * are not among `messages` are ones the loop dead-lettered, tombstones it stepped over, or
 * offsets that no longer exist (compaction). Storing `next` with the batch's effect, in
 * one transaction, is what makes a restart resume exactly after it.
 */
export interface PositionedBatch<T extends TopicName> {
  topic: T;
  partition: number;
  from: string;
  next: string;
  /** In offset order; never a tombstone (the loop steps over those). */
  messages: MessageOf<T>[];
  /**
   * Keeps this member in its group while the batch waits long for something that is not
   * the messages' fault (its database away): a member silent for `sessionTimeoutMs` loses
   * its partitions. Cheap to call often (kafkajs sends one per heartbeat interval at most);
   * never throws (a rebalance is noticed by the loop itself).
   */
  heartbeat(): Promise<void>;
  /**
   * Refuses one of `messages` for good (the service found it cannot be valid): it goes to
   * dead.letter with `failure`, its key, value and headers, once per consumer group, even
   * when a restart delivers it again before the position past it was stored (the same
   * dedupe as the loop's own dead letters). Call it in offset order within a batch. The
   * batch still settles `[from, next)`: store `next` with the batch's effect as usual.
   */
  reject(message: MessageOf<T>, failure: Omit<ErrorClassification, 'retriable'>): Promise<void>;
}

/**
 * The answer to a commit: the positions the group now holds, and those refused because
 * their partition has left this member (a rebalance). Never a kafkajs error.
 */
export interface CommitOutcome<T extends TopicName = TopicName> {
  committed: PartitionPosition<T>[];
  revoked: PartitionPosition<T>[];
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
  /**
   * How a failing message is retried in place before it is dead-lettered (packages/resilience's
   * policy; `DEFAULT_RETRY_POLICY`, 3 attempts, 100 ms base, 5 s cap, by default).
   */
  retry?: Partial<RetryPolicy>;
  partitionsConsumedConcurrently?: number;
  /**
   * `commit-after-handler`: how often resolved offsets are committed while a batch runs
   * (every batch end commits too). `stored-by-service`: how often positions the service
   * reported durable are committed as the group's offsets. 1 s by default.
   */
  commitIntervalMs?: number;
  /** Called whenever the group (re)assigns partitions: physical topic → partitions. */
  onAssignment?: (assignment: Record<string, number[]>) => void;
  /**
   * How long the group waits for a member's heartbeat before it gives the member's
   * partitions to others: after a SIGKILL, what the group stalls for (6 s by default, the
   * broker's default `group.min.session.timeout.ms`). The heartbeat interval follows it
   * (a sixth, at most kafkajs' 3 s).
   */
  sessionTimeoutMs?: number;
  onDeadLetter?: (message: IncomingMessage<unknown>, failure: ErrorClassification) => void;
  /** Told of each handled batch, assignment and dead letter, for the service's metrics. */
  instruments?: KafkaInstruments;
  /**
   * How often the lag of the partitions held is measured from the broker's offsets
   * (lag-sampler.ts), batches or not: 10 s by default; 0 never. Only with `instruments`.
   */
  lagSampleMs?: number;
  /** Injected for deterministic backoff in tests. */
  random?: () => number;
  /** The runtime's record of what waits for the broker or the registry (readiness). */
  outages?: OutageTracker;
  /** How a wait for the registry (a writer schema to fetch) rides out its outage. */
  rideOut?: RideOut;
  /**
   * How long a message whose handling fails because the broker or the registry is away is
   * retried in place before the batch is left unresolved (never dead-lettered).
   */
  outageToleranceMs?: number;
}

/**
 * The loop commits the group's offsets once the handler's promise has settled: the
 * handler's effect must be durable when it resolves. At least once; handlers idempotent.
 */
export type CommitAfterHandlerOptions<T extends TopicName> = CommonOptions<T> & {
  offsets?: 'commit-after-handler';
} & (
    | {
        /** Called once per message, in offset order per partition. */
        handle: (message: MessageOf<T>) => Promise<void>;
        handleBatch?: never;
      }
    | {
        /**
         * Called with runs of consecutive decodable messages of one partition. If it throws,
         * the run is retried one message at a time to find (and dead-letter) the culprit,
         * so it must be idempotent — as every handler must be (DESIGN rule 4).
         */
        handleBatch: (messages: MessageOf<T>[]) => Promise<void>;
        handle?: never;
      }
  );

/**
 * The service stores its position with its effect (a state checkpoint, a database
 * transaction) and the loop keeps the stream in step with it: see README "Two ways to own
 * offsets".
 */
export interface StoredByServiceOptions<T extends TopicName> extends CommonOptions<T> {
  offsets: 'stored-by-service';
  /**
   * On every assignment, before any of its messages: the service's stored next offset
   * per assigned partition (null where it stored none: the partition then starts where
   * the group reads it, its committed offset or `fromBeginning`). A service restores its
   * state for those partitions here. Retried like a handler while it throws.
   */
  load: (partitions: AssignedPartition<T>[]) => Promise<StoredPosition<T>[]>;
  /**
   * A run of messages starting at the partition's position. When it resolves the loop
   * takes the position to `next`. If it throws, the run is retried one message at a time
   * to find (and dead-letter) the culprit.
   */
  handleBatch: (batch: PositionedBatch<T>) => Promise<void>;
  /**
   * The loop moved the position over offsets that bill nothing (its dead letters,
   * tombstones) with no batch after them to carry it: the service stores `next` so that a
   * restart does not read them again, even when no further message ever comes.
   */
  onPositionAdvanced: (position: PartitionPosition<T>) => Promise<void>;
  /** After the last batch and the last position step, before the final commit and leaving. */
  onStopping?: () => Promise<void>;
}

export type ConsumerLoopOptions<T extends TopicName> =
  | CommitAfterHandlerOptions<T>
  | StoredByServiceOptions<T>;

export interface ConsumerLoop {
  readonly stats: Readonly<ConsumerLoopStats>;
  /** Finishes the message in hand, commits what is done (or durable), leaves the group. */
  stop(): Promise<void>;
}

export interface StoredOffsetsLoop<T extends TopicName = TopicName> extends ConsumerLoop {
  /**
   * The service's effect and stored position are durable up to these positions: the loop
   * makes the group's committed offsets follow within `commitIntervalMs` (and on stop),
   * so lag shows what is really left to do. Within one assignment a partition's commit
   * only moves forward.
   */
  durable(positions: readonly PartitionPosition<T>[]): void;
  /**
   * Commits these positions as the group's offsets now, for a service whose durable
   * position is the group's commit itself (fir-analyser's checkpoint). A partition that
   * has moved to another member is reported in `revoked`; any other failure throws an
   * `KAFKA_OFFSET_COMMIT_FAILED` KafkaPackageError.
   */
  commit(positions: readonly PartitionPosition<T>[]): Promise<CommitOutcome<T>>;
}

const HEARTBEAT_EVERY = 200;
/**
 * A killed member's partitions stay with it until the group has heard nothing from it for
 * this long. 6 s is the least a stock broker accepts (`group.min.session.timeout.ms`);
 * kafkajs' 30 s stalled a group that long after every SIGKILL.
 */
const DEFAULT_SESSION_TIMEOUT_MS = 6_000;
const DEFAULT_LAG_SAMPLE_MS = 10_000;

/**
 * kafkajs heartbeats only from the loop (between batches, every HEARTBEAT_EVERY messages,
 * and while a load runs), never from a thread of its own: a sixth of the session leaves
 * room for five missed beats (a GC pause, a slow batch) before the group gives up on a
 * live member. kafkajs' 3 s default at most: a 30 s session keeps kafkajs' own settings.
 */
const heartbeatIntervalFor = (sessionTimeoutMs: number): number =>
  Math.max(1, Math.min(3_000, Math.floor(sessionTimeoutMs / 6)));

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
type Ok<T extends TopicName> = Extract<Decoded<T>, { ok: true }>;

/**
 * The consumer loop every Overfly service runs, in one of two modes (`offsets`):
 *
 * - `commit-after-handler` (default): offsets are resolved only after the handler's
 *   promise settles (its effect durable) or the message's dead letter is acknowledged,
 *   and committed at most then: a crash redelivers, never skips.
 * - `stored-by-service`: the service stores its position with its effect; the loop
 *   seeks to it on every assignment, delivers only what follows it, steps over its own
 *   dead letters and tombstones, and commits the group's offsets to what the service
 *   reports durable.
 *
 * In both, a failing message is retried in place (packages/resilience's `retry`) when its
 * error is retriable, then sent to `dead.letter` with its bytes and headers, and the
 * partition moves on: poison never blocks it, and order per key is kept.
 */
export async function runConsumerLoop<T extends TopicName>(
  options: StoredByServiceOptions<T>,
): Promise<StoredOffsetsLoop<T>>;
export async function runConsumerLoop<T extends TopicName>(
  options: CommitAfterHandlerOptions<T>,
): Promise<ConsumerLoop>;
export async function runConsumerLoop<T extends TopicName>(
  options: ConsumerLoopOptions<T>,
): Promise<ConsumerLoop | StoredOffsetsLoop<T>>;
export async function runConsumerLoop<T extends TopicName>(
  options: ConsumerLoopOptions<T>,
): Promise<ConsumerLoop | StoredOffsetsLoop<T>> {
  // The service's logger names the service already: a second `service` binding would
  // write the key twice on every line.
  const log = (options.logger ?? silentLogger).child({ groupId: options.groupId });
  const retryPolicy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const stats: ConsumerLoopStats = { processed: 0, deadLettered: 0, retries: 0 };
  const prefix = options.topicPrefix ?? '';
  const instruments = options.instruments ?? NO_INSTRUMENTS;
  const readerSchemas = new Map<string, object>(
    options.topics.map((t) => [prefix + t, valueSchemaFor(t)]),
  );
  /** Physical topic → catalogue name. */
  const catalogueName = new Map<string, T>(options.topics.map((t) => [prefix + t, t]));
  const stored = options.offsets === 'stored-by-service' ? options : null;
  const commitIntervalMs = options.commitIntervalMs ?? 1_000;
  const outages = options.outages ?? new OutageTracker();
  const outageToleranceMs = options.outageToleranceMs ?? DEFAULT_OUTAGE_POLICY.toleranceMs;
  const rideOut: RideOut = options.rideOut ?? ((_c, _w, work) => work());
  const sessionTimeout = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  /** Also how often a long `load` (a state restore) stops to heartbeat. */
  const heartbeatInterval = heartbeatIntervalFor(sessionTimeout);

  const consumer: Consumer = options.kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout,
    heartbeatInterval,
    // Fetch enough per round trip that the loop, not the network, sets the pace.
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTimeInMs: 100,
  });
  let stopping = false;
  /** Ends the readiness wait opened by a crash of the kafkajs consumer (at the next join). */
  let crashed: (() => void) | null = null;
  /** Aborts retry waits on stop: a message in a backoff is left unresolved at once. */
  const stopSignal = new AbortController();
  const inBatch = new Set<Promise<void>>();

  /**
   * The loop's reading of a handler failure: an error's own `retriable` when it carries
   * one (a RejectedMessageError says false), any other throw is retried. `failFast` and
   * `retryAfterMs` are not the message's business: an open breaker downstream is retried
   * in place like any transient failure, then dead-lettered.
   */
  const classifyForRetry = (error: unknown): RetryFacts =>
    error instanceof StopProcessing ? { retriable: false } : classifyError(error);

  const decodeBatch = async (
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    control: Control,
  ): Promise<Decoded<T>[]> => {
    const reader = readerSchemas.get(topic);
    const failedIds = new Map<number, ErrorClassification>();
    for (const id of distinctSchemaIds(options.serde, messages)) {
      if (options.serde.isReaderReady(id, reader)) continue;
      try {
        // The registry being away is not the message's fault: wait for it here, still a
        // member of the group, and decode the batch once it answers.
        await rideOut('registry', `writer schema ${id} of ${topic}`, async () => {
          control.checkRunning();
          await control.heartbeat();
          await options.serde.prepareReader(id, reader);
        });
      } catch (error) {
        if (error instanceof StopProcessing || stopping) throw new StopProcessing();
        const failure = classifyError(error);
        // Past the outage tolerance: the batch stays unresolved and kafkajs fetches it again.
        if (failure.retriable) throw error;
        failedIds.set(id, failure);
      }
    }
    return messages.map((raw): Decoded<T> => {
      // Built once and filled in: this runs for every message, so no spreads.
      const message: MessageOf<T> = {
        topic,
        partition,
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
        {
          service: options.service,
          consumerGroup: options.groupId,
          ...failure,
          attempts,
          at: Date.now(),
        },
      ),
    ]);
    stats.deadLettered++;
    safely(() => instruments.deadLettered(logicalTopic(message.topic, prefix), failure.code));
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

  /** One eachBatch's view of kafkajs: liveness checks and heartbeats. */
  const batchControl = (payload: EachBatchPayload) => {
    const { isRunning, isStale } = payload;
    const checkRunning = () => {
      if (stopping || !isRunning() || isStale()) throw new StopProcessing();
    };
    /** A heartbeat that finds the group rebalancing leaves the batch: it may be someone else's now. */
    const heartbeat = async () => {
      try {
        await payload.heartbeat();
      } catch (error) {
        if (isRebalance(error)) throw new StopProcessing();
        throw error;
      }
    };
    let sinceHeartbeat = 0;
    /** Counts settled messages; true every HEARTBEAT_EVERY of them (the caller heartbeats). */
    const progressed = (count: number): boolean => {
      stats.processed += count;
      sinceHeartbeat += count;
      if (sinceHeartbeat < HEARTBEAT_EVERY) return false;
      sinceHeartbeat = 0;
      return true;
    };
    return { checkRunning, progressed, heartbeat };
  };
  type Control = ReturnType<typeof batchControl>;

  /**
   * After `work` failed once with `firstError`: retries it while the error is retriable
   * and attempts remain (packages/resilience's full-jitter retry), else reports the
   * failure and the attempts made. The first attempt ran on the hot path, outside this.
   *
   * A failure because the broker or the registry is away (`outageOf`) is never the
   * message's: it spends no attempt and is retried for up to the outage tolerance, still a
   * member of the group; past it the batch is left unresolved (thrown, for kafkajs to fetch
   * again), never dead-lettered.
   */
  const retryFailed = async (
    message: IncomingMessage<unknown>,
    work: () => Promise<void>,
    firstError: unknown,
    control: Control,
  ): Promise<{ failure: ErrorClassification; attempts: number } | null> => {
    let attempts = 1;
    let failures = 0;
    let outageSince: number | null = null;
    let endWait: (() => void) | null = null;
    const where = `${message.topic}/${message.partition}@${message.offset}`;
    const classify = (error: unknown): RetryFacts => {
      if (error instanceof StopProcessing) return { retriable: false };
      const outage = outageOf(error);
      if (outage) {
        if (outageSince === null) {
          outageSince = Date.now();
          endWait = outages.begin(outage, `handle ${where}`, outageSince);
          log.warn(
            { topic: message.topic, partition: message.partition, offset: message.offset },
            `waiting for ${componentName(outage)} to handle the message: ${classifyError(error).message}`,
          );
        }
        return { retriable: Date.now() - outageSince < outageToleranceMs };
      }
      failures++;
      if (failures >= retryPolicy.maxAttempts) return { retriable: false };
      return classifyForRetry(error);
    };
    try {
      await retry(
        async (attempt) => {
          attempts = attempt;
          if (attempt === 1) throw firstError; // already made: let the policy judge it
          control.checkRunning();
          await control.heartbeat();
          await work();
        },
        { ...retryPolicy, maxAttempts: Number.POSITIVE_INFINITY },
        {
          random,
          classify,
          signal: stopSignal.signal,
          sleep: abortableSleep,
          onRetry: ({ attempt, error }) => {
            stats.retries++;
            if (outageOf(error)) return; // said once, when the wait started
            log.info(
              {
                topic: message.topic,
                partition: message.partition,
                offset: message.offset,
                errorCode: classifyError(error).code,
                attempt,
              },
              'retrying message',
            );
          },
        },
      );
      if (outageSince !== null)
        log.info({ where, waitedMs: Date.now() - outageSince }, 'message handled after the outage');
      return null;
    } catch (error) {
      if (error instanceof StopProcessing || stopping) throw new StopProcessing();
      const outage = outageOf(error);
      if (outage) {
        throw new KafkaPackageError(
          outage === 'kafka' ? 'KAFKA_BROKER_UNAVAILABLE' : 'KAFKA_REGISTRY_UNAVAILABLE',
          `handling ${where}: still failing after ${outageToleranceMs} ms; left unresolved`,
        );
      }
      return { failure: classifyError(error), attempts };
    } finally {
      (endWait as (() => void) | null)?.();
    }
  };

  /**
   * A run of decodable messages through `deliver`. When the run fails, it is retried one
   * message at a time to find the culprit, which gets the retries and then `giveUp`;
   * `settled` follows every message (or the whole run) in offset order.
   */
  const handleRun = async (
    run: Ok<T>[],
    deliver: (items: Ok<T>[]) => Promise<void>,
    settled: (
      items: Ok<T>[],
      failed: { failure: ErrorClassification; attempts: number } | null,
    ) => Promise<void>,
    control: Control,
  ): Promise<void> => {
    if (run.length === 0) return;
    try {
      await deliver(run);
    } catch (error) {
      if (error instanceof StopProcessing) throw error;
      const first = run[0]!.message;
      log.info(
        { topic: first.topic, partition: first.partition, size: run.length, error: String(error) },
        'batch failed; isolating the message at fault',
      );
      for (const item of run) {
        control.checkRunning();
        const one = () => deliver([item]);
        let failed: { failure: ErrorClassification; attempts: number } | null = null;
        try {
          await one();
        } catch (oneError) {
          if (oneError instanceof StopProcessing) throw oneError;
          failed = await retryFailed(item.message, one, oneError, control);
        }
        await settled([item], failed);
      }
      return;
    }
    await settled(run, null);
  };

  // ---------------------------------------------------------------------------------
  // commit-after-handler

  const commitAfterHandlerBatch = async (
    options_: CommitAfterHandlerOptions<T>,
    payload: EachBatchPayload,
  ): Promise<void> => {
    const { batch, resolveOffset, commitOffsetsIfNecessary, uncommittedOffsets, isRunning } =
      payload;
    const control = batchControl(payload);
    try {
      const decoded = await decodeBatch(batch.topic, batch.partition, batch.messages, control);
      if (options_.handle) {
        const handle = options_.handle;
        for (const item of decoded) {
          control.checkRunning();
          if (!item.ok) {
            await deadLetter(item.message, item.raw, item.failure, 1);
          } else {
            try {
              await handle(item.message);
            } catch (error) {
              if (error instanceof StopProcessing) throw error;
              const failed = await retryFailed(
                item.message,
                () => handle(item.message),
                error,
                control,
              );
              if (failed) await deadLetter(item.message, item.raw, failed.failure, failed.attempts);
            }
          }
          resolveOffset(item.message.offset);
          if (control.progressed(1)) await control.heartbeat();
        }
      } else {
        const handleBatch = options_.handleBatch;
        const settled = async (
          items: Ok<T>[],
          failed: { failure: ErrorClassification; attempts: number } | null,
        ) => {
          const last = items[items.length - 1]!;
          if (failed) await deadLetter(last.message, last.raw, failed.failure, failed.attempts);
          resolveOffset(last.message.offset);
          if (control.progressed(items.length)) await control.heartbeat();
        };
        let run: Ok<T>[] = [];
        for (const item of decoded) {
          control.checkRunning();
          if (item.ok) {
            run.push(item);
            continue;
          }
          await handleRun(
            run,
            (items) => handleBatch(items.map((i) => i.message)),
            settled,
            control,
          );
          run = [];
          await deadLetter(item.message, item.raw, item.failure, 1);
          resolveOffset(item.message.offset);
          if (control.progressed(1)) await control.heartbeat();
        }
        await handleRun(run, (items) => handleBatch(items.map((i) => i.message)), settled, control);
      }
    } catch (error) {
      if (!(error instanceof StopProcessing)) throw error;
    }
    // Stopping: commit everything resolved now, not at the next interval that never comes.
    if (stopping || !isRunning()) await commitOffsetsIfNecessary(uncommittedOffsets());
    else await commitOffsetsIfNecessary();
  };

  // ---------------------------------------------------------------------------------
  // stored-by-service

  /** The assignment of the current generation: physical topic → partitions. */
  let assignment: Record<string, number[]> = {};
  let generation = 0;
  const cursors = new Map<string, { cursor: PartitionCursor; dedupe: DeadLetterDedupe }>();
  let loading: { generation: number; done: Promise<void>; failed: boolean } | null = null;
  /** Positions reported durable and not yet committed: partition key → position. */
  const pendingDurable = new Map<string, PartitionPosition<T>>();
  /** The next offset committed per partition key in this generation: commits only move on. */
  const committedNext = new Map<string, bigint>();
  let commits: Promise<unknown> = Promise.resolve();
  /** Ends the readiness wait opened when commits of durable positions started failing. */
  let commitsFailing: (() => void) | null = null;
  let admin: Promise<Admin> | null = null;
  const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  const commitKey = (topic: string, partition: number | string, next: string) =>
    `${topic}\u0000${partition}\u0000${next}`;
  /**
   * While `commitPositions` waits for kafkajs: the positions the group coordinator took
   * (kafkajs' COMMIT_OFFSETS event, emitted once the coordinator has answered).
   */
  let acknowledged: Set<string> | null = null;
  const owned = (p: PartitionRef<T>) =>
    assignment[prefix + p.topic]?.includes(p.partition) ?? false;

  const getAdmin = (): Promise<Admin> => {
    admin ??= (async () => {
      const created = options.kafka.admin();
      await created.connect();
      return created;
    })();
    const pending = admin;
    // A failed connect is tried again on the next call.
    pending.catch(() => {
      if (admin === pending) admin = null;
    });
    return pending;
  };

  /** Letters this group already sent for a partition, at or after `from`, written since `since`. */
  const scanDeadLetters = async (
    physicalTopic: string,
    partition: number,
    from: bigint,
    since: number,
  ): Promise<Set<bigint>> => {
    const found = new Set<bigint>();
    await readTopicToEnd(
      options.kafka,
      prefix + DEAD_LETTER_TOPIC,
      (_, m) => {
        const h = headersOf(m);
        if (
          h[deadLetterHeaders.consumerGroup] !== options.groupId ||
          h[deadLetterHeaders.sourceTopic] !== physicalTopic ||
          h[deadLetterHeaders.sourcePartition] !== String(partition)
        )
          return;
        const offset = BigInt(h[deadLetterHeaders.sourceOffset] ?? '-1');
        if (offset >= from) found.add(offset);
      },
      { fromTimestamp: since },
    );
    return found;
  };

  const cursorFor = (physicalTopic: string, partition: number) => {
    const key = keyOf(physicalTopic, partition);
    let entry = cursors.get(key);
    if (!entry) {
      const cursor = new PartitionCursor(null);
      const dedupe = new DeadLetterDedupe(
        (from, since) => scanDeadLetters(physicalTopic, partition, from, since),
        () => cursor.reported ?? cursor.position,
      );
      entry = { cursor, dedupe };
      cursors.set(key, entry);
    }
    return entry;
  };

  const load = async (
    stored_: StoredByServiceOptions<T>,
    forGeneration: number,
    assigned: Record<string, number[]>,
  ): Promise<void> => {
    const partitions: AssignedPartition<T>[] = [];
    const endsAtLoad = new Map<string, bigint>();
    const a = await getAdmin();
    for (const [physical, numbers] of Object.entries(assigned)) {
      const topic = catalogueName.get(physical);
      if (!topic || numbers.length === 0) continue;
      const [entry] = await retry(
        () => a.fetchOffsets({ groupId: options.groupId, topics: [physical] }),
        retryPolicy,
      );
      const committed = new Map(
        (entry?.partitions ?? []).map((p) => [p.partition, Number(p.offset) < 0 ? null : p.offset]),
      );
      const ends = await retry(() => a.fetchTopicOffsets(physical), retryPolicy);
      for (const partition of [...numbers].sort((x, y) => x - y)) {
        partitions.push({ topic, partition, committed: committed.get(partition) ?? null });
        const end = ends.find((e) => e.partition === partition)?.high;
        if (end !== undefined) endsAtLoad.set(keyOf(physical, partition), BigInt(end));
      }
    }
    const positions = await retry(() => stored_.load(partitions), retryPolicy, {
      random,
      classify: classifyForRetry,
      signal: stopSignal.signal,
    });
    if (forGeneration !== generation) return; // a newer assignment took over
    for (const p of partitions) {
      const physical = prefix + p.topic;
      const end = endsAtLoad.get(keyOf(physical, p.partition));
      if (end !== undefined) cursorFor(physical, p.partition).dedupe.boundBy(end);
    }
    const toCommit: PartitionPosition<T>[] = [];
    for (const p of positions) {
      const physical = prefix + p.topic;
      const { cursor } = cursorFor(physical, p.partition);
      if (p.next === null) continue;
      cursor.position = BigInt(p.next);
      cursor.reported = BigInt(p.next);
      consumer.seek({ topic: physical, partition: p.partition, offset: p.next });
      const committed = partitions.find(
        (q) => q.topic === p.topic && q.partition === p.partition,
      )?.committed;
      // What the service stored is durable: the group's offsets may catch up with it now.
      if (committed !== p.next)
        toCommit.push({ topic: p.topic, partition: p.partition, next: p.next });
    }
    log.info(
      { partitions: positions.map((p) => `${p.partition}@${p.next ?? 'start'}`) },
      'positions loaded',
    );
    if (toCommit.length > 0) durable(toCommit);
  };

  /** Waits for the current assignment's load, heartbeating meanwhile; restarts a failed one. */
  const loaded = async (control: Control): Promise<void> => {
    for (;;) {
      const current = loading;
      if (!current) return;
      if (current.failed && stored) {
        loading = startLoad(stored, current.generation, assignment);
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<'tick'>((resolve) => {
        timer = setTimeout(() => resolve('tick'), heartbeatInterval);
      });
      try {
        const outcome = await Promise.race([current.done.then(() => 'done' as const), tick]);
        if (outcome === 'tick') {
          control.checkRunning();
          await control.heartbeat();
          continue;
        }
      } finally {
        clearTimeout(timer);
      }
      if (loading === current) return;
    }
  };

  const startLoad = (
    stored_: StoredByServiceOptions<T>,
    forGeneration: number,
    assigned: Record<string, number[]>,
  ) => {
    const state = {
      generation: forGeneration,
      failed: false,
      done: Promise.resolve(),
    };
    state.done = load(stored_, forGeneration, assigned).catch((error: unknown) => {
      state.failed = true;
      const outage = outageOf(error);
      if (outage)
        log.warn(
          { error: String(error) },
          `cannot load stored positions while ${componentName(outage)} is away; trying again`,
        );
      else log.error({ error: String(error) }, 'cannot load stored positions');
      throw error;
    });
    state.done.catch(() => undefined);
    return state;
  };

  const commitPositions = (
    positions: readonly PartitionPosition<T>[],
  ): Promise<CommitOutcome<T>> => {
    const run = commits.then(async (): Promise<CommitOutcome<T>> => {
      const mine: PartitionPosition<T>[] = [];
      /** Already committed at or past this position in this generation. */
      const already: PartitionPosition<T>[] = [];
      const revoked: PartitionPosition<T>[] = [];
      for (const p of positions) {
        if (!owned(p)) {
          revoked.push(p);
          continue;
        }
        const key = keyOf(prefix + p.topic, p.partition);
        if ((committedNext.get(key) ?? -1n) >= BigInt(p.next)) already.push(p);
        else mine.push(p);
      }
      if (mine.length === 0) return { committed: already, revoked };
      const atGeneration = generation;
      const taken = new Set<string>();
      acknowledged = taken;
      try {
        await consumer.commitOffsets(
          mine.map((p) => ({ topic: prefix + p.topic, partition: p.partition, offset: p.next })),
        );
      } catch (error) {
        if (isRebalance(error))
          return { committed: [], revoked: [...mine, ...already, ...revoked] };
        throw new KafkaPackageError('KAFKA_OFFSET_COMMIT_FAILED', String(error), { cause: error });
      } finally {
        acknowledged = null;
      }
      // kafkajs resolves a commit without sending it while its consumer is not running
      // (crashed, or restarting and joining again after a broker outage), and when the
      // consumer stops while it retries. Only the coordinator's answer says it is done.
      const untaken = mine.filter(
        (p) => !taken.has(commitKey(prefix + p.topic, p.partition, p.next)),
      );
      if (untaken.length > 0)
        throw new KafkaPackageError(
          'KAFKA_OFFSET_COMMIT_FAILED',
          `not committed: the consumer of group ${options.groupId} is not running (kafkajs restarts it after a crash): ${untaken.map((p) => `${p.topic}/${p.partition}@${p.next}`).join(', ')}`,
        );
      if (atGeneration === generation) {
        for (const p of mine) {
          const key = keyOf(prefix + p.topic, p.partition);
          const next = BigInt(p.next);
          if ((committedNext.get(key) ?? -1n) < next) committedNext.set(key, next);
        }
      }
      return { committed: [...mine, ...already], revoked };
    });
    commits = run.catch(() => undefined);
    return run;
  };

  const durable = (positions: readonly PartitionPosition<T>[]): void => {
    for (const p of positions) {
      const key = keyOf(prefix + p.topic, p.partition);
      const seen = pendingDurable.get(key);
      if (!seen || BigInt(seen.next) < BigInt(p.next)) pendingDurable.set(key, { ...p });
    }
  };

  /** Commits what was reported durable since the last time; a failure keeps it for the next. */
  const flushDurable = async (): Promise<void> => {
    if (pendingDurable.size === 0) return;
    const positions = [...pendingDurable.values()];
    pendingDurable.clear();
    try {
      await commitPositions(positions);
      if (commitsFailing) {
        commitsFailing();
        commitsFailing = null;
        log.info({}, 'durable positions committed again');
      }
    } catch (error) {
      // Said once per outage, not every commit interval; readiness shows it meanwhile.
      if (!commitsFailing) {
        commitsFailing = outages.begin('kafka', `commit consumer group ${options.groupId}`);
        log.warn({ error: String(error) }, 'durable positions not committed yet');
      }
      for (const p of positions) {
        const key = keyOf(prefix + p.topic, p.partition);
        if (!pendingDurable.has(key)) pendingDurable.set(key, p);
      }
    }
  };

  /** Tells the service a position moved over holes; a failure is retried later, never lost. */
  const tellAdvanced = async (
    stored_: StoredByServiceOptions<T>,
    physicalTopic: string,
    partition: number,
    cursor: PartitionCursor,
  ): Promise<void> => {
    if (!cursor.untold || cursor.position === null) return;
    const next = cursor.position;
    const topic = catalogueName.get(physicalTopic)!;
    try {
      await retry(
        () => stored_.onPositionAdvanced({ topic, partition, next: String(next) }),
        retryPolicy,
        { random, classify: classifyForRetry, signal: stopSignal.signal },
      );
      cursor.told(next);
    } catch (error) {
      log.warn(
        { topic: physicalTopic, partition, next: String(next), error: String(error) },
        'position past dead letters and tombstones not stored yet; retried after the next batch',
      );
    }
  };

  const storedBatch = async (
    stored_: StoredByServiceOptions<T>,
    payload: EachBatchPayload,
  ): Promise<void> => {
    const { batch, resolveOffset } = payload;
    const control = batchControl(payload);
    const first = batch.messages[0];
    if (!first || stopping) return;
    try {
      await loaded(control);
      control.checkRunning();
    } catch (error) {
      // Stopping or rebalancing while the load ran: leave the batch unresolved.
      if (error instanceof StopProcessing) return;
      throw error;
    }
    const { cursor, dedupe } = cursorFor(batch.topic, batch.partition);
    const fetched = BigInt(
      (batch as Batch & { fetchedOffset?: string }).fetchedOffset ?? first.offset,
    );
    const admission = cursor.admit(fetched);
    if (admission.kind === 'seek') {
      log.warn(
        {
          topic: batch.topic,
          partition: batch.partition,
          position: String(admission.offset),
          fetched: String(fetched),
        },
        'batch starts after the position: seeking back',
      );
      consumer.seek({
        topic: batch.topic,
        partition: batch.partition,
        offset: String(admission.offset),
      });
      return;
    }
    if (admission.unreadable) {
      log.warn(
        {
          topic: batch.topic,
          partition: batch.partition,
          position: String(admission.from),
          fetched: String(fetched),
        },
        'offsets before this batch cannot be read (deleted or not delivered): going on from it',
      );
    }
    const topic = catalogueName.get(batch.topic)!;
    const position = admission.from;
    const fresh =
      BigInt(first.offset) >= position
        ? batch.messages
        : batch.messages.filter((m) => BigInt(m.offset) >= position);
    if (fresh.length === 0) {
      // Already applied, all of it: a fetch from before the seek to the stored position.
      resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
      return;
    }
    const keepAlive = async () => {
      try {
        await control.heartbeat();
      } catch (error) {
        log.debug({ error: String(error) }, 'heartbeat from a waiting batch refused');
      }
    };
    const deliver = (items: Ok<T>[]) => {
      // From the last position the service heard of: the holes stepped over since then
      // are settled by this batch too.
      const from = cursor.reported ?? cursor.position ?? BigInt(items[0]!.message.offset);
      const next = BigInt(items[items.length - 1]!.message.offset) + 1n;
      return stored_.handleBatch({
        topic,
        partition: batch.partition,
        from: String(from),
        next: String(next),
        messages: items.map((i) => i.message),
        heartbeat: keepAlive,
        reject: async (message, failure) => {
          const item = items.find((i) => i.message === message);
          if (!item) throw new Error(`reject: offset ${message.offset} is not in this batch`);
          await deadLetterOnce(item.message, item.raw, { ...failure, retriable: false }, 1);
        },
      });
    };
    /** The message at `offset` bills nothing: the position steps over it. */
    const stepOver = async (offset: string) => {
      cursor.advance(BigInt(offset) + 1n);
      resolveOffset(offset);
      if (control.progressed(1)) await control.heartbeat();
    };
    const deadLetterOnce = async (
      message: IncomingMessage<unknown>,
      raw: KafkaMessage,
      failure: ErrorClassification,
      attempts: number,
    ) => {
      if (dedupe.active) {
        let sent = false;
        try {
          sent = await dedupe.alreadySent(BigInt(message.offset), message.timestamp);
        } catch (error) {
          dedupe.giveUp();
          log.warn(
            { topic: message.topic, partition: message.partition, error: String(error) },
            'cannot look for dead letters sent before the restart; sending again',
          );
        }
        if (sent) {
          log.info(
            { topic: message.topic, partition: message.partition, offset: message.offset },
            'already dead-lettered before the restart',
          );
          return;
        }
      }
      await deadLetter(message, raw, failure, attempts);
    };
    const settled = async (
      items: Ok<T>[],
      failed: { failure: ErrorClassification; attempts: number } | null,
    ) => {
      const last = items[items.length - 1]!;
      if (failed) {
        await deadLetterOnce(last.message, last.raw, failed.failure, failed.attempts);
        await stepOver(last.message.offset);
        return;
      }
      const next = BigInt(last.message.offset) + 1n;
      cursor.advance(next);
      cursor.told(next);
      resolveOffset(last.message.offset);
      if (control.progressed(items.length)) await control.heartbeat();
    };

    try {
      const decoded = await decodeBatch(batch.topic, batch.partition, fresh, control);
      let run: Ok<T>[] = [];
      for (const item of decoded) {
        control.checkRunning();
        if (item.ok && item.message.value !== null) {
          run.push(item);
          continue;
        }
        await handleRun(run, deliver, settled, control);
        run = [];
        if (!item.ok) await deadLetterOnce(item.message, item.raw, item.failure, 1);
        await stepOver(item.message.offset);
      }
      await handleRun(run, deliver, settled, control);
    } catch (error) {
      if (!(error instanceof StopProcessing)) throw error;
    } finally {
      // Holes at the end of the batch: no later batch may come to carry the position.
      if (!stopping) await tellAdvanced(stored_, batch.topic, batch.partition, cursor);
    }
  };

  // ---------------------------------------------------------------------------------

  const eachBatch = (payload: EachBatchPayload): Promise<void> =>
    stored
      ? storedBatch(stored, payload)
      : commitAfterHandlerBatch(options as CommitAfterHandlerOptions<T>, payload);

  const lagSampler = options.instruments
    ? new LagSampler({
        groupId: options.groupId,
        topicPrefix: prefix,
        fromBeginning: options.fromBeginning ?? false,
        intervalMs: options.lagSampleMs ?? DEFAULT_LAG_SAMPLE_MS,
        instruments,
        logger: log,
        source: { assignment: () => ({ generation, partitions: assignment }), admin: getAdmin },
      })
    : null;

  const trackedEachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const started = performance.now();
    const run = eachBatch(payload);
    inBatch.add(run);
    try {
      await run;
    } finally {
      inBatch.delete(run);
    }
    if (!stopping && payload.isRunning() && !payload.isStale())
      safely(() => reportBatch(payload, (performance.now() - started) / 1_000));
  };

  /** The batch's figures for the service's metrics; lag from the broker's high watermark. */
  const reportBatch = (payload: EachBatchPayload, seconds: number) => {
    const { batch } = payload;
    const last = batch.messages[batch.messages.length - 1];
    if (!last) return;
    lagSampler?.handled(batch.topic, batch.partition, BigInt(last.offset) + 1n);
    instruments.batchHandled({
      groupId: options.groupId,
      topic: logicalTopic(batch.topic, prefix),
      partition: batch.partition,
      messages: batch.messages.length,
      seconds,
      lag: Math.max(0, Number(batch.highWatermark) - Number(last.offset) - 1),
      newestTimestamp: Number(last.timestamp),
    });
  };

  await rideOut('kafka', `connect consumer group ${options.groupId}`, async () => {
    await consumer.connect();
    for (const topic of options.topics) {
      await consumer.subscribe({
        topic: prefix + topic,
        fromBeginning: options.fromBeginning ?? false,
      });
    }
  });
  if (stored) {
    consumer.on(consumer.events.COMMIT_OFFSETS, (event) => {
      for (const { topic, partitions } of event.payload.topics)
        for (const p of partitions)
          acknowledged?.add(commitKey(topic, String(p.partition), String(p.offset)));
    });
  }
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    crashed?.();
    crashed = null;
    assignment = event.payload.memberAssignment;
    generation++;
    if (stored) {
      // Everything is reloaded: kafkajs resumes every partition from the group's commit.
      cursors.clear();
      pendingDurable.clear();
      committedNext.clear();
      loading = startLoad(stored, generation, assignment);
    }
    options.onAssignment?.(event.payload.memberAssignment);
    const assigned = new Map(
      Object.entries(event.payload.memberAssignment).map(([topic, partitions]) => [
        logicalTopic(topic, prefix),
        partitions,
      ]),
    );
    safely(() => instruments.assigned(options.groupId, assigned));
  });
  const runConfig = {
    autoCommit: !stored,
    ...(stored ? {} : { autoCommitInterval: commitIntervalMs }),
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: trackedEachBatch,
  };
  // kafkajs restarts a crashed consumer by itself (after a broker outage, every few
  // seconds until the broker answers) unless the error at the root of the crash says it is
  // not retriable. The group is then joined again, and every partition reloaded.
  consumer.on(consumer.events.CRASH, (event) => {
    if (stopping) return;
    const { error, restart } = event.payload;
    const outage = outageOf(error);
    crashed ??= outages.begin(outage ?? 'kafka', `consumer group ${options.groupId}`);
    if (restart) {
      log.warn(
        { error: String(error) },
        `consumer stopped${outage ? ` while ${componentName(outage)} is away` : ''}; kafkajs restarts it`,
      );
      return;
    }
    // Not restarted by kafkajs: a loop that quietly consumes nothing is worse than any
    // error, so it is started again here, with the outage backoff.
    log.error({ error: String(error) }, 'consumer stopped; starting it again');
    void rideOut('kafka', `restart consumer group ${options.groupId}`, async () => {
      if (stopping) return;
      await consumer.connect();
      await consumer.run(runConfig);
    }).catch((restartError: unknown) => {
      log.error({ error: String(restartError) }, 'consumer could not be started again');
    });
  });
  await consumer.run(runConfig);
  const commitTimer = stored
    ? setInterval(() => {
        void flushDurable();
      }, commitIntervalMs)
    : undefined;
  commitTimer?.unref();
  lagSampler?.start();
  log.info(
    { topics: options.topics, offsets: options.offsets ?? 'commit-after-handler' },
    'consumer loop running',
  );

  const stop = async () => {
    stopping = true;
    stopSignal.abort();
    lagSampler?.stop();
    // The batch in hand stops at its next message boundary.
    await Promise.all([...inBatch].map((run) => run.catch(() => undefined)));
    if (stored) {
      clearInterval(commitTimer);
      // Still in the group: the service hears of its last holes, makes its state
      // durable, and the group's offsets follow what it reported.
      for (const [key, { cursor }] of cursors) {
        const [physical, partition] = key.split('\u0000') as [string, string];
        await tellAdvanced(stored, physical, Number(partition), cursor);
      }
      if (stored.onStopping) await stored.onStopping();
      await flushDurable();
    }
    // kafkajs waits for any eachBatch it started meanwhile (it returns at once now),
    // commits resolved offsets in commit-after-handler mode, then leaves the group.
    await consumer.disconnect();
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
    log.info({ ...stats }, 'consumer loop stopped');
  };

  if (!stored) return { stats, stop };
  return {
    stats,
    stop,
    durable,
    commit: commitPositions,
  } satisfies StoredOffsetsLoop<T>;
}

/**
 * kafkajs' answers to a commit from a member whose generation or partitions changed,
 * read here so that no service has to know kafkajs' error types.
 */
function isRebalance(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const type = (e as { type?: unknown }).type;
    if (
      type === 'REBALANCE_IN_PROGRESS' ||
      type === 'ILLEGAL_GENERATION' ||
      type === 'UNKNOWN_MEMBER_ID' ||
      type === 'FENCED_INSTANCE_ID'
    )
      return true;
    e =
      (e as { originalError?: unknown; cause?: unknown }).originalError ??
      (e as { cause?: unknown }).cause;
  }
  return false;
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
