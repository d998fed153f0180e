import type { AirportIndex, FirLayer } from '@overfly/geo';
import type { ConsumerLoop, KafkaRuntime, LoggerLike, MessageOf } from '@overfly/kafka';
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
 * any crash the restored state and the resumed offset agree.
 */
export async function startAnalyser(options: AnalyserOptions): Promise<Analyser> {
  const { runtime, logger } = options;
  const now = options.now ?? Date.now;
  const partitions = new Map<number, PartitionState>();
  /** partition → offsets the consumer loop sent to dead.letter before they reached us. */
  const deadLettered = new Map<number, Set<number>>();
  let resetRequested = false;
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
   * Rebuilds a partition's engine from its changelog and positions it at the group's
   * committed offset, read from Kafka rather than trusted from whatever batch arrives
   * first (a fetch issued before a rebalance can still be delivered after it).
   */
  const restore = async (partition: number, firstOffset: number): Promise<PartitionState> => {
    const state = new PartitionState(
      partition,
      { layer: options.layer, airports: options.airports },
      options.track,
      options.groupId,
    );
    const started = now();
    let records = 0;
    const latest = new Map<string, AnalyserStateRecord | null>();
    await runtime.readToEnd(
      'fir-analyser.state',
      (m) => {
        if (m.key !== null) latest.set(m.key, m.value);
        records++;
      },
      { partitions: [partition], deadlineMs: options.restoreTimeoutMs },
    );
    state.restore(latest);
    const committed =
      (await runtime.committedOffsets(options.groupId, 'flights.updates')).get(partition) ?? null;
    // Nothing committed yet: the group starts wherever the log starts.
    const resumeAt = committed === null ? firstOffset : Number(committed);
    state.committedOffset = resumeAt - 1;
    state.lastOffset = resumeAt - 1;
    state.lastCheckpointAt = now();
    logger.info(
      { partition, records, aircraft: state.engine.trackedAircraft, ms: now() - started, resumeAt },
      'state restored',
    );
    return state;
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
      try {
        await loop.commitOffsets(
          marks.map(({ state, offset }) => ({
            topic: 'flights.updates' as const,
            partition: state.partition,
            offset: String(offset + 1),
          })),
        );
      } catch (error) {
        if (!isRebalance(error)) throw error;
        // Partitions moved to another member meanwhile: what we wrote carries its input
        // offsets, so the new owners restore from it correctly.
        for (const { state } of marks) partitions.delete(state.partition);
        logger.info(
          { partitions: marks.map((m) => m.state.partition), error: String(error) },
          'partitions revoked during checkpoint',
        );
        return;
      }
      for (const { state, offset } of marks)
        state.committedOffset = Math.max(state.committedOffset, offset);
      counters?.checkpoints.inc(marks.length);
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

  // Batches and timed checkpoints touch the same engines: run them one at a time.
  let queue: Promise<void> = Promise.resolve();
  const serially = (work: () => Promise<void>): Promise<void> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  const handleBatch = async (messages: MessageOf<'flights.updates'>[]): Promise<void> => {
    try {
      await serially(() => processBatch(messages));
    } catch (error) {
      onFatal(error);
      throw error;
    }
  };

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

  const processBatch = async (messages: MessageOf<'flights.updates'>[]): Promise<void> => {
    if (resetRequested) {
      // After a rebalance kafkajs resumes every partition from its committed offset:
      // in-memory progress beyond it must be dropped and state restored again.
      partitions.clear();
      resetRequested = false;
    }
    const first = messages[0];
    if (!first) return;
    let state = partitions.get(first.partition);
    if (!state) {
      state = await restore(first.partition, Number(first.offset));
      partitions.set(first.partition, state);
    }
    // Offsets must follow on exactly from what the engine has absorbed: a batch that
    // skips ahead would silently lose fixes (seek back and let it come again); one that
    // overlaps would feed fixes twice (drop what is already in).
    // Offsets the consumer loop dead-lettered (undecodable) never reach us: step over them.
    const parked = deadLettered.get(first.partition);
    while (parked?.delete(state.lastOffset + 1)) state.lastOffset++;
    const expected = state.lastOffset + 1;
    if (Number(first.offset) > expected) {
      logger.warn(
        { partition: first.partition, expected, got: first.offset },
        'offset gap: seeking back',
      );
      loop.seek({ topic: 'flights.updates', partition: first.partition, offset: String(expected) });
      return;
    }
    const fresh =
      Number(first.offset) === expected
        ? messages
        : messages.filter((m) => Number(m.offset) >= expected);
    const out = new OutputCollector(now);
    const failures: Array<{ m: MessageOf<'flights.updates'>; error: unknown }> = [];
    for (const m of fresh) {
      if (m.value === null) {
        state.lastOffset = Number(m.offset);
        continue;
      }
      out.sourceTimestamp = m.timestamp;
      try {
        state.ingest(Number(m.offset), m.value as PositionUpdate, out);
      } catch (error) {
        failures.push({ m, error });
      }
    }
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

  const loop: ConsumerLoop = await runtime.consume({
    groupId: options.groupId,
    topics: ['flights.updates'],
    fromBeginning: true,
    commit: 'manual',
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    handleBatch,
    onDeadLetter: (message) => {
      const parked = deadLettered.get(message.partition) ?? new Set<number>();
      parked.add(Number(message.offset));
      deadLettered.set(message.partition, parked);
    },
    onAssignment: (assignment) => {
      resetRequested = true;
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

/** kafkajs' answers to a commit from a member whose generation or partitions changed. */
function isRebalance(error: unknown): boolean {
  const type = (error as { type?: unknown }).type;
  return (
    type === 'REBALANCE_IN_PROGRESS' ||
    type === 'ILLEGAL_GENERATION' ||
    type === 'UNKNOWN_MEMBER_ID'
  );
}
