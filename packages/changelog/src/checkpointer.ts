import type { CommitOutcome, LoggerLike, PartitionPosition, TypedProducer } from '@overfly/kafka';
import type { TopicName, TopicValue } from '@overfly/schemas';
import type { CheckpointedPartition } from './partition.js';

export interface CheckpointerOptions<T extends TopicName, C extends TopicName> {
  input: T;
  changelog: C;
  producer: TypedProducer;
  /** The loop's commit; the group's commit is this mode's durable position. */
  commit: (positions: readonly PartitionPosition<T>[]) => Promise<CommitOutcome<T>>;
  /** The runner's current partitions: a revoked one is dropped from it. */
  partitions: Map<number, CheckpointedPartition<TopicValue[C]>>;
  logger: LoggerLike;
  now: () => number;
  onFatal: (error: unknown) => void;
  onCheckpoint?: (partitions: number) => void;
}

export interface Checkpointer<R> {
  /**
   * Takes a snapshot of the due partitions now, synchronously, and writes it and commits
   * beside the stream. Returns at once; a checkpoint already in flight makes it a no-op.
   */
  checkpoint(states: Iterable<CheckpointedPartition<R>>): void;
  /** Waits for the one in flight, then writes and waits for a last one of `states`. */
  checkpointAll(states: Iterable<CheckpointedPartition<R>>): Promise<void>;
}

/**
 * The snapshot (each partition's records as of its last offset) is taken between two
 * batches; writing it and committing the offsets then runs beside the stream instead of
 * stopping it for those round trips (which was fir-analyser's end-to-end p99).
 * Correctness does not depend on when the commit lands: each record carries the input
 * offset it covers. One checkpoint at a time, so commits stay in order.
 */
export function createCheckpointer<T extends TopicName, C extends TopicName>(
  options: CheckpointerOptions<T, C>,
): Checkpointer<TopicValue[C]> {
  const { producer, partitions, logger, now } = options;
  let inFlight: Promise<void> | null = null;

  const checkpoint = (states: Iterable<CheckpointedPartition<TopicValue[C]>>): void => {
    if (inFlight) return; // the next tick takes whatever is still due
    const due = [...states].filter((state) => state.lastOffset > state.committedOffset);
    if (due.length === 0) return;
    const records = due.flatMap((state) => state.checkpointRecords());
    const marks = due.map((state) => ({ state, offset: state.lastOffset }));
    for (const state of due) state.checkpointWritten(now());
    inFlight = (async () => {
      await producer.send(options.changelog, records);
      const { committed, revoked } = await options.commit(
        marks.map(({ state, offset }) => ({
          topic: options.input,
          partition: state.partition,
          next: String(offset + 1),
        })),
      );
      if (revoked.length > 0) {
        // Partitions moved to another member meanwhile: what we wrote carries its input
        // offsets, so the new owners restore from it correctly.
        for (const { state } of marks) {
          const gone = revoked.some((r) => r.partition === state.partition);
          if (gone && partitions.get(state.partition) === state) partitions.delete(state.partition);
        }
        logger.info(
          { partitions: revoked.map((r) => r.partition) },
          'partitions revoked during checkpoint',
        );
      }
      for (const { state, offset } of marks) {
        if (committed.some((c) => c.partition === state.partition))
          state.committedOffset = Math.max(state.committedOffset, offset);
      }
      options.onCheckpoint?.(committed.length);
    })();
    inFlight
      .catch((error: unknown) => options.onFatal(error))
      .finally(() => {
        inFlight = null;
      });
  };

  return {
    checkpoint,
    async checkpointAll(states) {
      await inFlight?.catch(() => undefined);
      checkpoint(states);
      await inFlight;
    },
  };
}
