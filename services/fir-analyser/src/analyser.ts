import type { AirportIndex, FirLayer } from '@overfly/geo';
import type {
  AssignedPartition,
  KafkaRuntime,
  LoggerLike,
  MessageOf,
  PartitionPosition,
  PositionedBatch,
  StoredOffsetsLoop,
} from '@overfly/kafka';
import type { Metrics } from '@overfly/observability';
import type { AnalyserStateRecord, PositionUpdate } from '@overfly/schemas';
import type { TrackConfig } from '@overfly/tracking';
import { OutputCollector } from './outputs.js';
import { PartitionState } from './partition-state.js';

export interface AnalyserOptions {
  runtime: KafkaRuntime;
  layer: FirLayer;
  airports: AirportIndex;
  groupId: string;
  track: Partial<TrackConfig>;
  checkpointIntervalMs: number;
  restoreTimeoutMs: number;
  sessionTimeoutMs?: number;
  logger: LoggerLike;
  metrics?: Metrics;
  now?: () => number;
  /**
   * Failing to write outputs or state is fatal: the in-memory state is then ahead of
   * what is durable, and the only sound way on is a restart from the last checkpoint —
   * the same path as a crash, which is tested. Default: log and exit 1.
   */
  onFatal?: (error: unknown) => void;
}

export interface Analyser {
  readonly trackedAircraft: number;
  stop(): Promise<void>;
}

/**
 * flights.updates → fir.crossings + flight.events, one engine per input partition.
 * Outputs are sent (at least once, with deterministic ids) before the batch counts as
 * done; offsets are committed only with a state checkpoint (PartitionState), so after
 * any crash the restored state and the resumed offset agree. The consumer loop runs in
 * `stored-by-service` mode: it asks for the position on every assignment (restoring the
 * state then), delivers only what follows it, and steps over its own dead letters.
 */
export async function startAnalyser(options: AnalyserOptions): Promise<Analyser> {
  const { runtime, logger } = options;
  const now = options.now ?? Date.now;
  const partitions = new Map<number, PartitionState>();
  /** Partitions restored with nothing committed: their first batch says where they start. */
  const unstarted = new Set<number>();
  const producer = await runtime.producer();
  const counters = options.metrics && {
    positions: options.metrics.counter(
      'overfly_fir_positions_total',
      'Positions ingested by the FIR analyser',
    ),
    crossings: options.metrics.counter(
      'overfly_fir_crossing_records_total',
      'Crossing records emitted',
      ['status'],
    ),
    rejected: options.metrics.counter(
      'overfly_fir_positions_rejected_total',
      'Positions rejected as outliers, late or duplicate',
    ),
    checkpoints: options.metrics.counter(
      'overfly_fir_checkpoints_total',
      'State checkpoints written',
    ),
  };
  if (options.metrics) {
    const gauge = options.metrics.gauge(
      'overfly_fir_tracked_aircraft',
      'Aircraft with state in the analyser',
    );
    const update = () => gauge.set(trackedAircraft());
    setInterval(update, 5_000).unref();
  }
  const trackedAircraft = () =>
    [...partitions.values()].reduce((n, p) => n + p.engine.trackedAircraft, 0);

  /**
   * On every assignment: rebuilds each assigned partition's engine from its changelog (one
   * read of those partitions of fir-analyser.state) and positions it at the group's
   * committed offset, which is where this service's durable position lives: the
   * checkpoint commits it. The loop seeks there.
   */
  const load = async (
    assigned: AssignedPartition<'flights.updates'>[],
  ): Promise<Array<{ topic: 'flights.updates'; partition: number; next: string | null }>> => {
    partitions.clear();
    unstarted.clear();
    const started = now();
    const latest = new Map<number, Map<string, AnalyserStateRecord | null>>(
      assigned.map((p) => [p.partition, new Map()]),
    );
    let records = 0;
    if (assigned.length > 0) {
      await runtime.readToEnd(
        'fir-analyser.state',
        (m) => {
          if (m.key !== null) latest.get(m.partition)?.set(m.key, m.value);
          records++;
        },
        { partitions: assigned.map((p) => p.partition), deadlineMs: options.restoreTimeoutMs },
      );
    }
    for (const { partition, committed } of assigned) {
      const state = new PartitionState(
        partition,
        { layer: options.layer, airports: options.airports },
        options.track,
        options.groupId,
      );
      state.restore(latest.get(partition) ?? new Map());
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
        aircraft: trackedAircraft(),
        ms: now() - started,
      },
      'state restored',
    );
    return assigned.map((p) => ({ topic: p.topic, partition: p.partition, next: p.committed }));
  };

  /** The checkpoint being written, if any: one at a time. */
  let inFlight: Promise<void> | null = null;

  /**
   * Checkpoints these partitions together. The snapshot (their state records, as of each
   * partition's last offset) is taken here, synchronously, between two batches; writing
   * it and committing the offsets then runs beside the stream instead of stopping it for
   * those round trips (which was the end-to-end p99). Correctness does not depend on when
   * the commit lands: each state record carries the input offset it covers.
   */
  const checkpoint = (states: readonly PartitionState[]): void => {
    if (inFlight) return; // the next tick takes whatever is still due
    const due = states.filter((state) => state.lastOffset > state.committedOffset);
    if (due.length === 0) return;
    const records = due.flatMap((state) => state.checkpointRecords());
    const marks = due.map((state) => ({ state, offset: state.lastOffset }));
    for (const state of due) state.checkpointWritten(now());
    inFlight = (async () => {
      await producer.send('fir-analyser.state', records);
      const { committed, revoked } = await loop.commit(
        marks.map(({ state, offset }) => ({
          topic: 'flights.updates' as const,
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
      counters?.checkpoints.inc(committed.length);
    })();
    inFlight
      .catch((error: unknown) => onFatal(error))
      .finally(() => {
        inFlight = null;
      });
  };

  /** Waits for the checkpoint in flight, then writes and waits for a last one of everything. */
  const checkpointAll = async (): Promise<void> => {
    await inFlight?.catch(() => undefined);
    checkpoint([...partitions.values()]);
    await inFlight;
  };

  const onFatal =
    options.onFatal ??
    ((error: unknown) => {
      logger.error(
        { error: String(error) },
        'cannot make progress durable; exiting to restart from the last checkpoint',
      );
      process.exit(1);
    });

  /** The engine is deterministic: a fix it threw on would fail again. Park it and go on. */
  const deadLetterEngineFailure = async (m: MessageOf<'flights.updates'>, error: unknown) => {
    logger.error(
      { partition: m.partition, offset: m.offset, key: m.key, error: String(error) },
      'engine rejected a position',
    );
    const code = (error as { code?: unknown }).code;
    await runtime.sendDeadLetter(
      {
        topic: m.topic,
        partition: m.partition,
        offset: m.offset,
        key: m.key === null ? null : Buffer.from(m.key),
        value: null,
        headers: m.headers,
      },
      {
        code: typeof code === 'string' ? code : 'FIR_ANALYSER_ENGINE_FAILED',
        message: error instanceof Error ? error.message : String(error),
        retriable: false,
        attempts: 1,
      },
    );
  };

  // Loads, batches and timed checkpoints touch the same engines: run them one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <R>(work: () => Promise<R>): Promise<R> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  const handleBatch = async (batch: PositionedBatch<'flights.updates'>): Promise<void> => {
    try {
      await serially(() => processBatch(batch));
    } catch (error) {
      onFatal(error);
      throw error;
    }
  };

  /**
   * The loop stepped over offsets it dead-lettered (undecodable) or tombstones: the next
   * checkpoint covers them, so a restart does not read them again.
   */
  const positionAdvanced = (position: PartitionPosition<'flights.updates'>): Promise<void> =>
    serially(async () => {
      const state = partitions.get(position.partition);
      if (!state) return;
      unstarted.delete(position.partition);
      state.lastOffset = Math.max(state.lastOffset, Number(position.next) - 1);
    });

  /** A quiet partition still gets its tail checkpointed and committed. */
  const checkpointDue = async () => {
    const at = now();
    checkpoint(
      [...partitions.values()].filter(
        (s) => at - s.lastCheckpointAt >= options.checkpointIntervalMs,
      ),
    );
  };
  const timer = setInterval(
    () => {
      serially(checkpointDue).catch((error: unknown) => onFatal(error));
    },
    Math.max(100, Math.floor(options.checkpointIntervalMs / 2)),
  );
  timer.unref();

  const processBatch = async (batch: PositionedBatch<'flights.updates'>): Promise<void> => {
    const { messages } = batch;
    const state = partitions.get(batch.partition);
    // The loop loads every assigned partition before delivering any of its messages.
    if (!state) throw new Error(`partition ${batch.partition} was delivered before its restore`);
    // The loop delivers exactly what follows the engine's position (no gap, no overlap),
    // and steps over its dead letters and tombstones itself.
    if (unstarted.delete(batch.partition)) {
      state.committedOffset = Number(batch.from) - 1;
      state.lastOffset = Number(batch.from) - 1;
    }
    const out = new OutputCollector(now);
    const failures: Array<{ m: MessageOf<'flights.updates'>; error: unknown }> = [];
    for (const m of messages) {
      if (m.value === null) continue;
      out.sourceTimestamp = m.timestamp;
      try {
        state.ingest(Number(m.offset), m.value as PositionUpdate, out);
      } catch (error) {
        failures.push({ m, error });
      }
    }
    // Offsets in [from, next) that are not among the messages are the loop's holes.
    state.lastOffset = Math.max(state.lastOffset, Number(batch.next) - 1);
    for (const { m, error } of failures) await deadLetterEngineFailure(m, error);
    const { crossings, events, rejected } = out.drain();
    await Promise.all([
      producer.send('fir.crossings', crossings),
      producer.send('flight.events', events),
    ]);
    if (counters) {
      counters.positions.inc(messages.length);
      counters.rejected.inc(rejected);
      for (const c of crossings) counters.crossings.inc({ status: c.value?.status ?? 'UNKNOWN' });
    }
    // The timer checkpoints every due partition at once; a batch only runs it when the
    // stream is so busy that the timer's turn has not come.
    if (now() - state.lastCheckpointAt >= 2 * options.checkpointIntervalMs) await checkpointDue();
  };

  const loop: StoredOffsetsLoop<'flights.updates'> = await runtime.consume({
    groupId: options.groupId,
    topics: ['flights.updates'],
    fromBeginning: true,
    offsets: 'stored-by-service',
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    load: (assigned) => serially(() => load(assigned)),
    handleBatch,
    onPositionAdvanced: positionAdvanced,
    onAssignment: (assignment) => {
      logger.info({ assignment }, 'partitions assigned');
    },
    onStopping: async () => {
      clearInterval(timer);
      await serially(checkpointAll);
    },
  });

  return {
    get trackedAircraft() {
      return trackedAircraft();
    },
    stop: () => loop.stop(),
  };
}
