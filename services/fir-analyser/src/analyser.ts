import { startChangelogRunner } from '@overfly/changelog';
import type { AirportIndex, FirLayer } from '@overfly/geo';
import type { KafkaRuntime, LoggerLike, MessageOf, PositionedBatch } from '@overfly/kafka';
import type { Metrics } from '@overfly/observability';
import type { PositionUpdate } from '@overfly/schemas';
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
 * done. The engines' durability is @overfly/changelog's: each partition restored from
 * fir-analyser.state on every assignment, checkpointed there beside the stream, and its
 * offset committed only with a checkpoint, so after any crash the restored state and the
 * resumed offset agree.
 */
export async function startAnalyser(options: AnalyserOptions): Promise<Analyser> {
  const { runtime, logger } = options;
  const now = options.now ?? Date.now;
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

  const onFatal =
    options.onFatal ??
    ((error: unknown) => {
      logger.error(
        { error: String(error) },
        'cannot make progress durable; exiting to restart from the last checkpoint',
      );
      process.exit(1);
    });

  /**
   * The engine is deterministic: a fix it threw on would fail again. Park it and go on,
   * through the batch, so a redelivery after a restart does not park it twice.
   */
  const deadLetterEngineFailure = async (
    batch: PositionedBatch<'flights.updates'>,
    m: MessageOf<'flights.updates'>,
    error: unknown,
  ) => {
    logger.error(
      { partition: m.partition, offset: m.offset, key: m.key, error: String(error) },
      'engine rejected a position',
    );
    const code = (error as { code?: unknown }).code;
    await batch.reject(m, {
      code: typeof code === 'string' ? code : 'FIR_ANALYSER_ENGINE_FAILED',
      message: error instanceof Error ? error.message : String(error),
    });
  };

  /** A batch through its partition's engine; its outputs acknowledged before it counts. */
  const processBatch = async (
    batch: PositionedBatch<'flights.updates'>,
    state: PartitionState,
  ): Promise<void> => {
    const { messages } = batch;
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
    for (const { m, error } of failures) await deadLetterEngineFailure(batch, m, error);
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
  };

  const runner = await startChangelogRunner({
    runtime,
    groupId: options.groupId,
    input: 'flights.updates',
    changelog: 'fir-analyser.state',
    createPartition: (partition) =>
      new PartitionState(
        partition,
        { layer: options.layer, airports: options.airports },
        options.track,
        options.groupId,
      ),
    process: processBatch,
    checkpointIntervalMs: options.checkpointIntervalMs,
    restoreTimeoutMs: options.restoreTimeoutMs,
    ...(options.sessionTimeoutMs === undefined
      ? {}
      : { sessionTimeoutMs: options.sessionTimeoutMs }),
    logger,
    onFatal,
    now,
    ...(counters ? { onCheckpoint: (n: number) => counters.checkpoints.inc(n) } : {}),
  });

  const trackedAircraft = () =>
    [...runner.partitions()].reduce((n, p) => n + p.engine.trackedAircraft, 0);
  if (options.metrics) {
    const gauge = options.metrics.gauge(
      'overfly_fir_tracked_aircraft',
      'Aircraft with state in the analyser',
    );
    const update = () => gauge.set(trackedAircraft());
    setInterval(update, 5_000).unref();
  }

  return {
    get trackedAircraft() {
      return trackedAircraft();
    },
    stop: () => runner.stop(),
  };
}
