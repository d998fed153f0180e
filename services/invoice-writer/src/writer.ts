import { type DatabaseAvailability, type Pool, watchAvailability } from '@overfly/db';
import {
  type KafkaRuntime,
  type LoggerLike,
  type PartitionPosition,
  type PositionedBatch,
  RejectedMessageError,
  type StoredOffsetsLoop,
} from '@overfly/kafka';
import { type ChargeAt, storedOffsets, storeOffsetPast, writeCharges } from './line-store.js';
import { validateCharge } from './validate-charge.js';

export interface WriterOptions {
  runtime: KafkaRuntime;
  pool: Pool;
  groupId: string;
  /** Physical name of charges.calculated (with the topic prefix). */
  physicalTopic: string;
  logger: LoggerLike;
  sessionTimeoutMs?: number;
  /** How often the database's offsets are also committed to Kafka, for lag monitoring. */
  kafkaCommitIntervalMs?: number;
  now?: () => number;
  /** Told what each write did and each charge dead-lettered: the service's metrics. */
  observer?: WriterObserver;
  /**
   * The service's watch on its database (shared with its other work, so an outage is logged
   * once); one of the writer's own by default.
   */
  availability?: DatabaseAvailability;
}

interface WriterObserver {
  written(lines: number, creditNotes: number): void;
  deadLettered(): void;
}

export interface InvoiceWriter {
  readonly loop: StoredOffsetsLoop<'charges.calculated'>;
  stop(): Promise<void>;
}

/**
 * charges.calculated → invoice lines. The database holds the real progress
 * (consumer_offsets, written with the lines): the consumer loop runs in
 * `stored-by-service` mode, starts every assigned partition at its stored offset, hands
 * over runs that follow it exactly, and steps over its dead letters and tombstones,
 * which the stored offset moves past as soon as no later charge carries it (a restart
 * must not read a dead-lettered charge and send it again). Kafka's committed offsets
 * follow what is durable, for lag monitoring only.
 */
export async function startInvoiceWriter(options: WriterOptions): Promise<InvoiceWriter> {
  const { pool, logger, groupId, physicalTopic } = options;
  const now = options.now ?? Date.now;
  const positionOf = (partition: number) => ({ groupId, topic: physicalTopic, partition });
  const availability = options.availability ?? watchAvailability(pool, { logger });
  // PostgreSQL being away is never a charge's fault: every database step waits for it to
  // answer again (the loop would retry a few times, then dead-letter valid charges).
  // Stopping ends the wait; the loop then leaves the batch unsettled, for the next start.
  const stopping = new AbortController();
  const untilAvailable = <T>(work: () => Promise<T>, heartbeat?: () => Promise<void>) =>
    availability.untilAvailable(work, {
      signal: stopping.signal,
      // A wait longer than the session timeout would cost the group its member.
      ...(heartbeat ? { beforeRetry: heartbeat } : {}),
    });

  const handleBatch = async (batch: PositionedBatch<'charges.calculated'>) => {
    const charges: ChargeAt[] = [];
    for (const m of batch.messages) {
      if (!m.value) continue;
      const rejection = validateCharge(m.value);
      // Thrown for the run: the loop retries it one message at a time, so only the bad
      // charge is dead-lettered, and the good ones are written.
      if (rejection) throw new RejectedMessageError(rejection.code, rejection.reason);
      charges.push({ charge: m.value, offset: Number(m.offset) });
    }
    const outcome = await untilAvailable(
      () =>
        writeCharges(pool, positionOf(batch.partition), charges, {
          now: now(),
          from: Number(batch.from),
          next: Number(batch.next),
        }),
      batch.heartbeat,
    );
    if (outcome.kind === 'written') options.observer?.written(outcome.lines, outcome.creditNotes);
    loop.durable([
      { topic: batch.topic, partition: batch.partition, next: String(outcome.nextOffset) },
    ]);
  };

  const positionAdvanced = async (position: PartitionPosition<'charges.calculated'>) => {
    const next = await untilAvailable(() =>
      storeOffsetPast(pool, positionOf(position.partition), Number(position.next)),
    );
    loop.durable([{ ...position, next: String(next) }]);
  };

  const loop = await options.runtime.consume({
    groupId,
    topics: ['charges.calculated'],
    fromBeginning: true,
    offsets: 'stored-by-service',
    commitIntervalMs: options.kafkaCommitIntervalMs ?? 1_000,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    load: async (assigned) => {
      const stored = await untilAvailable(() => storedOffsets(pool, groupId, physicalTopic));
      logger.info({ stored: Object.fromEntries(stored) }, 'stored offsets read');
      return assigned.map((p) => {
        const next = stored.get(p.partition);
        return { ...p, next: next === undefined ? null : String(next) };
      });
    },
    handleBatch,
    onPositionAdvanced: positionAdvanced,
    onDeadLetter: () => options.observer?.deadLettered(),
  });

  return {
    loop,
    async stop() {
      // The loop marks itself stopping first, so a database wait cut short now is not
      // taken for the charges' failure (which would dead-letter them).
      const stopped = loop.stop();
      stopping.abort();
      await stopped;
    },
  };
}
