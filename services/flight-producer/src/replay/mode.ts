import type { LoadedConfig } from '@overfly/config';
import type { KafkaRuntime } from '@overfly/kafka';
import type { Logger, Metrics } from '@overfly/observability';
import type { z } from 'zod';
import type { replayConfig, stateConfig } from '../config.js';
import { emptyStats, type ReplayStats, replayCounters } from './counters.js';
import { startReplayProgressLog } from './progress.js';
import { type ReplayOptions, runReplay } from './run-replay.js';
import { kafkaSink } from './sink.js';

/** The parsed replay and flights.state variables (the service's, or the CLI's with its flags). */
export type ReplayConfig = LoadedConfig<z.ZodObject<typeof replayConfig & typeof stateConfig>>;

/** The variables as the replay's options: the one mapping the service and the CLI share. */
export function replayOptionsFrom(config: ReplayConfig): ReplayOptions {
  return {
    files: config.REPLAY_FILES ?? [],
    speed: config.REPLAY_SPEED,
    startOffsetMs: config.REPLAY_START_OFFSET,
    loop: config.REPLAY_LOOP,
    maxGapMs: config.REPLAY_MAX_GAP > 0 ? config.REPLAY_MAX_GAP : null,
    maxLeadMs: config.REPLAY_MAX_LEAD,
    batchSize: config.REPLAY_BATCH_SIZE,
    ...(config.REPLAY_FORMAT ? { format: config.REPLAY_FORMAT } : {}),
    order: config.REPLAY_ORDER,
    maxBackwardsMs: config.REPLAY_TIME_TOLERANCE,
    stateThrottleMs: config.STATE_THROTTLE,
    tombstoneAfterMs: config.STATE_TOMBSTONE_AFTER,
    atEnd: config.REPLAY_AT_END,
  };
}

/** Replay mode: files → Kafka, logging progress; resolves with the counts when done. */
export async function runReplayMode(
  options: ReplayOptions,
  deps: {
    runtime: KafkaRuntime;
    logger: Logger;
    metrics?: Metrics;
    signal?: AbortSignal;
    progressIntervalMs: number;
  },
): Promise<ReplayStats> {
  const stats = emptyStats();
  const stop = startReplayProgressLog(stats, deps.logger, deps.progressIntervalMs);
  deps.logger.info(
    { files: options.files, speed: options.speed, loop: options.loop },
    'replay starts',
  );
  try {
    await runReplay(
      options,
      {
        sink: kafkaSink(deps.runtime),
        ...(deps.metrics ? { counters: replayCounters(deps.metrics) } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
      },
      stats,
    );
  } finally {
    stop();
  }
  deps.logger.info({ ...stats }, 'replay finished');
  return stats;
}
