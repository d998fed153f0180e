import type { KafkaRuntime } from '@overfly/kafka';
import type { Logger, Metrics } from '@overfly/observability';
import { loadScenario, type Scenario } from '@overfly/scenarios';
import type { FlightProducerConfig } from '../config.js';
import { publishCounters } from '../publish/counters.js';
import { startProgressLog } from '../publish/progress.js';
import { kafkaPositionSink } from '../publish/sink.js';
import {
  emptySimulateStats,
  runSimulate,
  type SimulateOptions,
  type SimulateStats,
} from './run-simulate.js';

type SimulateConfig = Pick<
  FlightProducerConfig,
  | 'SCENARIO'
  | 'SIMULATE_START'
  | 'SIMULATE_SEED'
  | 'SIMULATE_DURATION'
  | 'SIMULATE_SPEED'
  | 'SIMULATE_BATCH_SIZE'
  | 'SIMULATE_AT_END'
  | 'STATE_THROTTLE'
  | 'STATE_TOMBSTONE_AFTER'
>;

/**
 * The scenario SCENARIO names, starting at SIMULATE_START or else `now` (so the demo looks
 * live; the scenario's own start is for the offline CLI). Throws ScenarioError naming the
 * problem before anything touches Kafka.
 */
export function loadSimulateScenario(config: SimulateConfig, now: number): Scenario {
  return scenarioFrom(config, config.SIMULATE_START ?? now);
}

/**
 * The scenario SCENARIO names, with SIMULATE_SEED and SIMULATE_DURATION over its own, from
 * `start` (undefined: the scenario's own start): how the service and `pnpm overfly simulate`
 * both load one.
 */
export function scenarioFrom(
  config: Pick<SimulateConfig, 'SCENARIO' | 'SIMULATE_SEED' | 'SIMULATE_DURATION'>,
  start: number | undefined,
): Scenario {
  return loadScenario(config.SCENARIO, {
    ...(start === undefined ? {} : { start }),
    ...(config.SIMULATE_SEED === undefined ? {} : { seed: config.SIMULATE_SEED }),
    ...(config.SIMULATE_DURATION === undefined ? {} : { durationMs: config.SIMULATE_DURATION }),
  });
}

export function simulateOptionsFrom(config: SimulateConfig): SimulateOptions {
  return {
    speed: config.SIMULATE_SPEED,
    // A simulation has no long silences to shorten: waits are played as they are.
    maxGapMs: null,
    batchSize: config.SIMULATE_BATCH_SIZE,
    stateThrottleMs: config.STATE_THROTTLE,
    tombstoneAfterMs: config.STATE_TOMBSTONE_AFTER,
    atEnd: config.SIMULATE_AT_END,
  };
}

/** Simulate mode: scenario → Kafka, logging progress; resolves with the counts when done. */
export async function runSimulateMode(
  scenario: Scenario,
  options: SimulateOptions,
  deps: {
    runtime: KafkaRuntime;
    logger: Logger;
    metrics?: Metrics;
    signal?: AbortSignal;
    progressIntervalMs: number;
    atEnd?: () => 'keep' | 'tombstone';
  },
): Promise<SimulateStats> {
  const stats = emptySimulateStats();
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const stop = startProgressLog(
    {
      message: 'simulate progress',
      rateName: 'positionsPerSecond',
      count: () => stats.published,
      fields: () => ({ ...stats, simulatedTime: iso(stats.simulatedTime) }),
    },
    deps.logger,
    deps.progressIntervalMs,
  );
  deps.logger.info(
    {
      scenario: scenario.name,
      seed: scenario.seed,
      start: iso(scenario.start),
      end: iso(scenario.end),
      speed: options.speed,
      scriptedFlights: scenario.scripted.length,
      generatedAircraft: scenario.slots,
    },
    'simulate starts',
  );
  try {
    await runSimulate(
      scenario,
      options,
      {
        sink: kafkaPositionSink(deps.runtime),
        ...(deps.metrics ? { counters: publishCounters(deps.metrics, 'SIMULATED') } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.atEnd ? { atEnd: deps.atEnd } : {}),
      },
      stats,
    );
  } finally {
    stop();
  }
  deps.logger.info({ ...stats, simulatedTime: iso(stats.simulatedTime) }, 'simulate finished');
  return stats;
}
