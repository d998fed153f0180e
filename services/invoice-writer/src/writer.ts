import type { Pool } from '@overfly/db';
import {
  type ConsumerLoop,
  type KafkaRuntime,
  type LoggerLike,
  type MessageOf,
  RejectedMessageError,
} from '@overfly/kafka';
import { type ChargeAt, storedOffsets, writeCharges } from './line-store.js';
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
}

export interface WriterObserver {
  written(lines: number, creditNotes: number): void;
  deadLettered(): void;
}

export interface InvoiceWriter {
  readonly loop: ConsumerLoop;
  stop(): Promise<void>;
}

/**
 * charges.calculated → invoice lines. The database holds the real progress
 * (consumer_offsets, written with the lines); Kafka's committed offset is a hint that
 * trails it, so after a crash the loop re-reads a little and the stored offset skips it.
 */
export async function startInvoiceWriter(options: WriterOptions): Promise<InvoiceWriter> {
  const { pool, logger, groupId, physicalTopic } = options;
  const now = options.now ?? Date.now;
  const commitEvery = options.kafkaCommitIntervalMs ?? 1_000;
  /** partition → offsets the loop dead-lettered without calling us (holes to step over). */
  const deadLettered = new Map<number, Set<number>>();
  /** partition → next offset durable in the database and not yet committed to Kafka. */
  const toCommit = new Map<number, number>();
  let lastKafkaCommit = 0;
  const holesOf = (partition: number): Set<number> => {
    let set = deadLettered.get(partition);
    if (!set) {
      set = new Set();
      deadLettered.set(partition, set);
    }
    return set;
  };

  const commitToKafka = async () => {
    const offsets = [...toCommit].map(([partition, next]) => ({
      topic: 'charges.calculated' as const,
      partition,
      offset: String(next),
    }));
    toCommit.clear();
    lastKafkaCommit = now();
    try {
      await loop.commitOffsets(offsets);
    } catch (error) {
      // Only a hint for monitoring: the database already holds the truth.
      logger.warn({ error: String(error) }, 'offsets not committed to Kafka');
    }
  };

  const seekToStored = async () => {
    const stored = await storedOffsets(pool, groupId, physicalTopic);
    for (const [partition, next] of stored)
      loop.seek({ topic: 'charges.calculated', partition, offset: String(next) });
  };

  const handleBatch = async (messages: MessageOf<'charges.calculated'>[]) => {
    const first = messages[0];
    if (!first) return;
    const charges: ChargeAt[] = [];
    for (const m of messages) {
      if (!m.value) {
        // A tombstone bills nothing; its offset is a hole the stored offset may step over.
        holesOf(m.partition).add(Number(m.offset));
        continue;
      }
      const rejection = validateCharge(m.value);
      // Thrown for the run: the loop replays it one message at a time, so only the bad
      // charge is dead-lettered, and the good ones are written.
      if (rejection) throw new RejectedMessageError(rejection.code, rejection.reason);
      charges.push({ charge: m.value, offset: Number(m.offset) });
    }
    const outcome = await writeCharges(
      pool,
      { groupId, topic: physicalTopic, partition: first.partition },
      charges,
      { now: now(), skippable: holesOf(first.partition) },
    );
    if (outcome.kind === 'gap') {
      logger.warn(
        { partition: first.partition, offset: first.offset, stored: outcome.nextOffset },
        'batch starts after the stored offset: seeking back',
      );
      loop.seek({
        topic: 'charges.calculated',
        partition: first.partition,
        offset: String(outcome.nextOffset),
      });
      return;
    }
    if (outcome.kind === 'written') options.observer?.written(outcome.lines, outcome.creditNotes);
    toCommit.set(first.partition, outcome.nextOffset);
    if (now() - lastKafkaCommit >= commitEvery) await commitToKafka();
  };

  const loop: ConsumerLoop = await options.runtime.consume({
    groupId,
    topics: ['charges.calculated'],
    fromBeginning: true,
    commit: 'manual',
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    handleBatch,
    onDeadLetter: (message) => {
      holesOf(message.partition).add(Number(message.offset));
      options.observer?.deadLettered();
    },
    onAssignment: () => {
      // Kafka's committed offset trails the database's: start where the database says.
      seekToStored().catch((error: unknown) =>
        logger.warn({ error: String(error) }, 'cannot read stored offsets on assignment'),
      );
    },
    onStopping: commitToKafka,
  });

  return {
    loop,
    async stop() {
      await loop.stop();
    },
  };
}
