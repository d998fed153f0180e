import { describeError, startService } from '@overfly/service-kit';
import { loadOpsFeedConfig } from './config.js';
import { OpsFeedError } from './errors.js';
import { buildOpsFeed } from './feed/build.js';
import { runControlledFeed } from './feed/controlled.js';
import type { ApiName } from './feed/metrics.js';
import { kafkaFeedSink } from './feed/sink.js';
import { loadNetworkScenario } from './mock/network-scenario.js';
import type { ScenarioSource } from './mock/scenario-source.js';

const SERVICE = 'ops-feed';

const config = loadOpsFeedConfig();
// The scenario is compiled and checked before anything connects, like the rest of the config.
const start = config.OPS_FEED_START ?? Date.now();
let scenario: ScenarioSource | undefined;
if (config.OPS_FEED_MODE === 'mock') {
  try {
    scenario = loadNetworkScenario(config.OPS_FEED_SCENARIO, { seed: config.OPS_FEED_SEED, start });
  } catch (error) {
    if (!(error instanceof OpsFeedError)) throw error;
    process.stderr.write(`Invalid configuration:\n  - OPS_FEED_SCENARIO: ${error.message}\n`);
    process.exit(1);
  }
}

const service = await startService(SERVICE, config);
const { logger, metrics, runtime } = service;

if (scenario && config.SCENARIO_CONTROL === 'on') {
  // The day is the command's in force on scenario.control, else the environment's.
  const controller = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  service.closeFirst({
    name: 'scenario control',
    close: async () => {
      controller.abort();
      await running;
    },
  });
  const envDay = {
    kind: 'day' as const,
    source: scenario,
    command: {
      action: 'START' as const,
      commandId: 'environment',
      issuedAt: Date.now(),
      issuedBy: 'environment',
      scenario: config.OPS_FEED_SCENARIO,
      seed: config.OPS_FEED_SEED,
      startTime: start,
      speed: config.OPS_FEED_SPEED,
    },
  };
  try {
    running = runControlledFeed(envDay, config, service, {
      logger,
      metrics,
      sink: kafkaFeedSink(runtime),
      signal: controller.signal,
    });
    await running;
  } catch (error) {
    logger.fatal(
      { error: describeError(error), code: (error as { code?: unknown }).code },
      'ops-feed failed',
    );
    running = Promise.resolve();
    await service.shutdown({ failed: true });
  }
} else {
  const built = await buildOpsFeed(
    { ...config, OPS_FEED_START: start },
    { logger, metrics, sink: kafkaFeedSink(runtime), ...(scenario ? { scenario } : {}) },
  );
  // Readiness names the API that is failing: its breaker is open or its last poll failed.
  for (const api of [
    'aviationweather',
    'aviationstack',
    'dcs',
  ] as const satisfies readonly ApiName[]) {
    service.health.register({ name: api, check: async () => built.feed.checkApi(api) });
  }

  const controller = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  service.closeFirst({
    name: 'polls',
    close: async () => {
      controller.abort();
      await running;
      await built.close();
    },
  });
  logger.info(
    {
      mode: config.OPS_FEED_MODE,
      scenario: scenario ? config.OPS_FEED_SCENARIO : null,
      start: scenario ? new Date(start).toISOString() : null,
      speed: scenario ? config.OPS_FEED_SPEED : null,
      mockUrls: built.mockUrls,
    },
    'ops-feed polls start',
  );
  try {
    running = built.feed.run(built.intervals, controller.signal);
    await running;
  } catch (error) {
    logger.fatal(
      { error: describeError(error), code: (error as { code?: unknown }).code },
      'ops-feed failed',
    );
    running = Promise.resolve();
    await service.shutdown({ failed: true });
  }
}
