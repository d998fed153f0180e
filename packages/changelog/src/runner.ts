import type {
  AssignedPartition,
  KafkaRuntime,
  LoggerLike,
  PartitionPosition,
  PositionedBatch,
  StoredOffsetsLoop,
  StoredPosition,
} from '@overfly/kafka';
import type { TopicName, TopicValue } from '@overfly/schemas';
import { createCheckpointer } from './checkpointer.js';
import type { CheckpointedPartition } from './partition.js';
import { readLatest } from './restore.js';
import { serialQueue } from './serial.js';

export interface ChangelogRunnerOptions<
  T extends TopicName,
  C extends TopicName,
  P extends CheckpointedPartition<TopicValue[C]>,
> {
  runtime: KafkaRuntime;
  /** The consumer group; the service also scopes its changelog keys with it. */
  groupId: string;
  /** The input topic, consumed in `stored-by-service` mode from the beginning. */
  input: T;
  /** The compacted changelog topic (same partition count as the input). */
  changelog: C;
  /** A fresh, empty partition state; the runner restores it on every assignment. */
  createPartition: (partition: number) => P;
  /**
   * Ingests a batch into its partition (through `ChangelogPartition.absorb`, so messages
   * the restored state holds are skipped) and sends its outputs, resolving once they are
   * acknowledged. The batch counts as done when it resolves; throwing is fatal.
   */
  process: (batch: PositionedBatch<T>, partition: P) => Promise<void>;
  /** How often due partitions are checkpointed and their offsets committed. */
  checkpointIntervalMs: number;
  restoreTimeoutMs: number;
  sessionTimeoutMs?: number;
  logger: LoggerLike;
  /**
   * Failing to write outputs, state or offsets: the in-memory state is then ahead of what
   * is durable, and the only sound way on is a restart from the last checkpoint, the same
   * path as a crash. The service decides how (fir-analyser logs and exits 1); this package
   * never exits the process.
   */
  onFatal: (error: unknown) => void;
  now?: () => number;
  /** Metrics hook: a checkpoint was committed for this many partitions. */
  onCheckpoint?: (partitions: number) => void;
}

export interface ChangelogRunner<P> {
  /** The partitions this member holds now (replaced on every assignment). */
  partitions(): IterableIterator<P>;
  /** Finishes the batch in hand, writes a last checkpoint, commits, leaves the group. */
  stop(): Promise<void>;
}

/**
 * Runs a keyed-state service on a `stored-by-service` consumer loop: restores the state of
 * every assigned partition from the changelog and resumes at the group's committed offset
 * (which each checkpoint moves), hands each batch to `process`, and checkpoints beside the
 * stream. See the package README for what it guarantees.
 */
export async function startChangelogRunner<
  T extends TopicName,
  C extends TopicName,
  P extends CheckpointedPartition<TopicValue[C]>,
>(options: ChangelogRunnerOptions<T, C, P>): Promise<ChangelogRunner<P>> {
  const { runtime, logger, onFatal } = options;
  const now = options.now ?? Date.now;
  const intervalMs = options.checkpointIntervalMs;
  const partitions = new Map<number, P>();
  /** Partitions restored with nothing committed: their first batch says where they start. */
  const unstarted = new Set<number>();
  const serially = serialQueue();
  let loop: StoredOffsetsLoop<T> | undefined;
  const checkpoints = createCheckpointer({
    input: options.input,
    changelog: options.changelog,
    producer: await runtime.producer(),
    // A commit that fails because the broker is away is tried again (the runtime's outage
    // tolerance) rather than fatal: the records are written, and a restart would only wait
    // for the same broker. The checkpoint stays in flight meanwhile, so commits keep order.
    commit: (positions) => {
      if (!loop) throw new Error('checkpoint before the consumer loop started');
      const started = loop;
      return runtime.rideOut('kafka', `commit the checkpoint of ${options.input}`, () =>
        started.commit(positions),
      );
    },
    partitions,
    exclusive: serially,
    logger,
    now,
    onFatal,
    ...(options.onCheckpoint ? { onCheckpoint: options.onCheckpoint } : {}),
  });

  /**
   * On every assignment: rebuilds each assigned partition's state from its changelog (one
   * read of those partitions) and positions it at the group's committed offset, which is
   * this mode's durable position: the checkpoint commits it. The loop seeks there.
   */
  const load = async (assigned: AssignedPartition<T>[]): Promise<StoredPosition<T>[]> => {
    partitions.clear();
    unstarted.clear();
    const started = now();
    const { latest, records } = await readLatest(
      runtime,
      options.changelog,
      assigned.map((p) => p.partition),
      options.restoreTimeoutMs,
    );
    let keys = 0;
    for (const { partition, committed } of assigned) {
      const state = options.createPartition(partition);
      keys += state.restore(latest.get(partition) ?? new Map());
      if (committed === null) unstarted.add(partition);
      const resumeAt = committed === null ? 0 : Number(committed);
      state.committedOffset = resumeAt - 1;
      state.lastOffset = resumeAt - 1;
      state.lastCheckpointAt = now();
      partitions.set(partition, state);
    }
    logger.info(
      {
        partitions: assigned.map((p) => `${p.partition}@${p.committed ?? 'start'}`),
        records,
        keys,
        ms: now() - started,
      },
      'state restored',
    );
    return assigned.map((p) => ({ topic: p.topic, partition: p.partition, next: p.committed }));
  };

  /** A quiet partition still gets its tail checkpointed and committed. */
  const checkpointDue = async () => {
    if (!loop) return; // a batch can come before `consume` has returned the loop
    const at = now();
    checkpoints.checkpoint(
      [...partitions.values()].filter((s) => at - s.lastCheckpointAt >= intervalMs),
    );
  };

  const processBatch = async (batch: PositionedBatch<T>): Promise<void> => {
    const state = partitions.get(batch.partition);
    // The loop loads every assigned partition before delivering any of its messages.
    if (!state) throw new Error(`partition ${batch.partition} was delivered before its restore`);
    // The loop delivers exactly what follows the position (no gap, no overlap), and steps
    // over its dead letters and tombstones itself.
    if (unstarted.delete(batch.partition)) {
      state.committedOffset = Number(batch.from) - 1;
      state.lastOffset = Number(batch.from) - 1;
    }
    await options.process(batch, state);
    // Offsets in [from, next) that are not among the messages are the loop's holes.
    state.lastOffset = Math.max(state.lastOffset, Number(batch.next) - 1);
    // The timer checkpoints every due partition at once; a batch only runs it when the
    // stream is so busy that the timer's turn has not come.
    if (now() - state.lastCheckpointAt >= 2 * intervalMs) await checkpointDue();
  };

  /**
   * The loop stepped over offsets it dead-lettered (undecodable) or tombstones: the next
   * checkpoint covers them, so a restart does not read them again.
   */
  const positionAdvanced = (position: PartitionPosition<T>): Promise<void> =>
    serially(async () => {
      const state = partitions.get(position.partition);
      if (!state) return;
      unstarted.delete(position.partition);
      state.lastOffset = Math.max(state.lastOffset, Number(position.next) - 1);
    });

  const timer = setInterval(
    () => {
      serially(checkpointDue).catch((error: unknown) => onFatal(error));
    },
    Math.max(100, Math.floor(intervalMs / 2)),
  );
  timer.unref();

  loop = await runtime.consume({
    groupId: options.groupId,
    topics: [options.input],
    fromBeginning: true,
    offsets: 'stored-by-service',
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    load: (assigned) => serially(() => load(assigned)),
    handleBatch: async (batch) => {
      try {
        await serially(() => processBatch(batch));
      } catch (error) {
        onFatal(error);
        throw error;
      }
    },
    onPositionAdvanced: positionAdvanced,
    onAssignment: (assignment) => {
      logger.info({ assignment }, 'partitions assigned');
    },
    onStopping: async () => {
      clearInterval(timer);
      await checkpoints.checkpointAll(() => partitions.values());
    },
  });
  const started = loop;

  return {
    partitions: () => partitions.values(),
    stop: () => started.stop(),
  };
}
