import type { Pool } from '@overfly/db';
import {
  type ConsumerLoop,
  type KafkaRuntime,
  type LoggerLike,
  type MessageOf,
  RejectedMessageError,
} from '@overfly/kafka';
import { type ChargeAt, stepOverHoles, storedOffsets, writeCharges } from './line-store.js';
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
 * Messages that bill nothing (dead letters, tombstones) move the stored offset too, as soon
 * as they are handled: a restart must not read a dead-lettered charge and send it again.
 */
export async function startInvoiceWriter(options: WriterOptions): Promise<InvoiceWriter> {
  const { pool, logger, groupId, physicalTopic } = options;
  const now = options.now ?? Date.now;
  const commitEvery = options.kafkaCommitIntervalMs ?? 1_000;
  /**
   * partition → offsets at or after the stored one that bill nothing: the loop's dead
   * letters and tombstones (holes the stored offset steps over).
   */
  const holes = new Map<number, Set<number>>();
  /** partition → next offset durable in the database and not yet committed to Kafka. */
  const toCommit = new Map<number, number>();
  let lastKafkaCommit = 0;
  /** The stored offset's steps over dead letters, in the order the loop sent them. */
  let stepping: Promise<void> = Promise.resolve();
  const holesOf = (partition: number): Set<number> => {
    let set = holes.get(partition);
    if (!set) {
      set = new Set();
      holes.set(partition, set);
    }
    return set;
  };
  const positionOf = (partition: number) => ({ groupId, topic: physicalTopic, partition });

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

  /** The partition's stored offset is now `next`: forget the holes behind it, tell Kafka. */
  const advanced = async (partition: number, next: number) => {
    const set = holesOf(partition);
    for (const offset of set) if (offset < next) set.delete(offset);
    toCommit.set(partition, next);
    if (now() - lastKafkaCommit >= commitEvery) await commitToKafka();
  };

  const seekToStored = async () => {
    const stored = await storedOffsets(pool, groupId, physicalTopic);
    for (const [partition, next] of stored)
      loop.seek({ topic: 'charges.calculated', partition, offset: String(next) });
  };

  const handleBatch = async (messages: MessageOf<'charges.calculated'>[]) => {
    const first = messages[0];
    if (!first) return;
    // A step over a dead letter still under way goes first: the offset moves in order.
    await stepping;
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
    const at = positionOf(first.partition);
    const outcome =
      charges.length === 0
        ? await stepOverHoles(pool, at, Number(first.offset), holesOf(first.partition))
        : await writeCharges(pool, at, charges, {
            now: now(),
            skippable: holesOf(first.partition),
          });
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
    await advanced(first.partition, outcome.nextOffset);
  };

  /**
   * The loop has sent `offset` to the dead letters (and does not wait for us): the stored
   * offset steps over it now, not when the partition's next message comes, which may be
   * never. Should that fail, the hole stays known and the next write steps over it.
   */
  const deadLettered = (partition: number, offset: number) => {
    holesOf(partition).add(offset);
    stepping = stepping
      .then(async () => {
        const outcome = await stepOverHoles(
          pool,
          positionOf(partition),
          offset,
          holesOf(partition),
        );
        await advanced(partition, outcome.nextOffset);
      })
      .catch((error: unknown) =>
        logger.warn(
          { partition, offset, error: String(error) },
          'stored offset not moved past the dead letter; the next write will',
        ),
      );
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
      deadLettered(message.partition, Number(message.offset));
      options.observer?.deadLettered();
    },
    onAssignment: () => {
      // Kafka's committed offset trails the database's: start where the database says.
      seekToStored().catch((error: unknown) =>
        logger.warn({ error: String(error) }, 'cannot read stored offsets on assignment'),
      );
    },
    onStopping: async () => {
      await stepping;
      await commitToKafka();
    },
  });

  return {
    loop,
    async stop() {
      await loop.stop();
    },
  };
}
