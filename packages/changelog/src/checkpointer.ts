import type {
  CommitOutcome,
  LoggerLike,
  OutgoingRecord,
  PartitionPosition,
  TypedProducer,
} from '@overfly/kafka';
import type { TopicName, TopicValue } from '@overfly/schemas';
import type { CheckpointedPartition, CheckpointRun } from './partition.js';

export interface CheckpointerOptions<T extends TopicName, C extends TopicName> {
  input: T;
  changelog: C;
  producer: TypedProducer;
  /** The loop's commit; the group's commit is this mode's durable position. */
  commit: (positions: readonly PartitionPosition<T>[]) => Promise<CommitOutcome<T>>;
  /** The runner's current partitions: a revoked one is dropped from it. */
  partitions: Map<number, CheckpointedPartition<TopicValue[C]>>;
  /**
   * Runs work between two batches: the runner's serial queue, which loads, batches and
   * checkpoint slices share. Every slice of a checkpoint goes through it.
   */
  exclusive: <R>(work: () => Promise<R>) => Promise<R>;
  /** Keys exported per slice (default 256): what one slice may hold up a batch for. */
  sliceKeys?: number;
  logger: LoggerLike;
  now: () => number;
  onFatal: (error: unknown) => void;
  onCheckpoint?: (partitions: number) => void;
}

export interface Checkpointer<R> {
  /**
   * Starts a checkpoint of the due partitions; call it between two batches. It is taken a
   * slice at a time between the batches that follow, written, and committed, beside the
   * stream. Returns at once; a checkpoint already in flight makes it a no-op.
   */
  checkpoint(states: Iterable<CheckpointedPartition<R>>): void;
  /**
   * Waits for the one in flight, then takes, writes and commits a last one of `states`.
   * Call it outside the `exclusive` queue (its slices go through it).
   */
  checkpointAll(states: () => Iterable<CheckpointedPartition<R>>): Promise<void>;
}

const DEFAULT_SLICE_KEYS = 256;

/** Lets the I/O that arrived meanwhile (fetched batches) in before the next slice. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A checkpoint's export, its Avro encoding and its writes are spread over the stream: each
 * slice exports a few hundred keys between two batches, and its records are written while
 * the next slices and batches run. (Exporting and encoding 19,000 aircraft at once held
 * fir-analyser's event loop 150–600 ms every checkpoint: its end-to-end p99.) Each
 * partition's run converges on a snapshot as of one input offset (see `CheckpointRun`),
 * and that offset is committed only once all of its records are acknowledged. Correctness
 * does not depend on when the commit lands: each record carries the input offset it
 * covers. One checkpoint at a time, so writes and commits stay in order.
 */
export function createCheckpointer<T extends TopicName, C extends TopicName>(
  options: CheckpointerOptions<T, C>,
): Checkpointer<TopicValue[C]> {
  const { producer, partitions, logger, now, exclusive } = options;
  const sliceKeys = options.sliceKeys ?? DEFAULT_SLICE_KEYS;
  let inFlight: Promise<void> | null = null;

  /** A partition reassigned meanwhile was restored afresh: this run no longer speaks for it. */
  const current = (state: CheckpointedPartition<TopicValue[C]>) =>
    partitions.get(state.partition) === state;

  const run = async (
    runs: Array<{ state: CheckpointedPartition<TopicValue[C]>; run: CheckpointRun<TopicValue[C]> }>,
  ): Promise<void> => {
    // The writes go one after the other, in the order the slices were taken: a key's later
    // record must land after its earlier one (and a marker before the state that replaces it).
    let writes: Promise<void> = Promise.resolve();
    let writeFailed = false;
    const write = (records: OutgoingRecord<TopicValue[C]>[]) => {
      if (records.length === 0) return;
      writes = writes.then(() => producer.send(options.changelog, records));
      writes.catch(() => {
        writeFailed = true;
      });
    };
    const finished: typeof runs = [];
    for (const entry of runs) {
      while (!entry.run.done && !writeFailed) {
        await yieldToIo();
        const records = await exclusive(async () =>
          current(entry.state) ? entry.run.next(sliceKeys) : null,
        );
        if (records === null) break;
        write(records);
      }
      if (entry.run.done) finished.push(entry);
    }
    await writes;
    const marks = finished.filter(({ state }) => current(state));
    if (marks.length === 0) return;
    const { committed, revoked } = await options.commit(
      marks.map(({ state, run }) => ({
        topic: options.input,
        partition: state.partition,
        next: String(run.offset + 1),
      })),
    );
    if (revoked.length > 0) {
      // Partitions moved to another member meanwhile: what we wrote carries its input
      // offsets, so the new owners restore from it correctly.
      for (const { state } of marks) {
        const gone = revoked.some((r) => r.partition === state.partition);
        if (gone && current(state)) partitions.delete(state.partition);
      }
      logger.info(
        { partitions: revoked.map((r) => r.partition) },
        'partitions revoked during checkpoint',
      );
    }
    for (const { state, run } of marks) {
      if (committed.some((c) => c.partition === state.partition))
        state.committedOffset = Math.max(state.committedOffset, run.offset);
    }
    options.onCheckpoint?.(committed.length);
  };

  const checkpoint = (states: Iterable<CheckpointedPartition<TopicValue[C]>>): void => {
    if (inFlight) return; // the next tick takes whatever is still due
    const due = [...states].filter((state) => state.lastOffset > state.committedOffset);
    if (due.length === 0) return;
    const at = now();
    inFlight = run(due.map((state) => ({ state, run: state.beginCheckpoint(at) })));
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
      await exclusive(async () => checkpoint(states()));
      await inFlight;
    },
  };
}
