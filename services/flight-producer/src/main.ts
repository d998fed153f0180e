import { type Scenario, ScenarioError } from '@overfly/scenarios';
import { describeError, startService } from '@overfly/service-kit';
import { loadFlightProducerConfig } from './config.js';
import { runLive } from './live/mode.js';
import { replayOptionsFrom, runReplayMode } from './replay/mode.js';
import { runControlledSimulate } from './simulate/controlled.js';
import { loadSimulateScenario, runSimulateMode, simulateOptionsFrom } from './simulate/mode.js';

const SERVICE = 'flight-producer';

const config = loadFlightProducerConfig();
// The scenario is read and checked before anything connects, like the rest of the config.
let scenario: Scenario | null = null;
if (config.MODE === 'simulate') {
  try {
    scenario = loadSimulateScenario(config, Date.now());
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    const detail = error.message.replaceAll('\n  - ', '\n      - ');
    process.stderr.write(`Invalid configuration:\n  - SCENARIO: ${error.code}: ${detail}\n`);
    process.exit(1);
  }
}

const service = await startService(SERVICE, config);
const { logger, metrics, runtime } = service;

const controller = new AbortController();
let running: Promise<unknown> = Promise.resolve();
service.closeFirst({
  name: config.MODE,
  close: async () => {
    controller.abort();
    await running;
  },
});

try {
  const deps = {
    runtime,
    logger,
    metrics,
    signal: controller.signal,
    progressIntervalMs: config.PROGRESS_INTERVAL,
  };
  running =
    config.MODE === 'replay'
      ? runReplayMode(replayOptionsFrom(config), deps)
      : scenario && config.SCENARIO_CONTROL === 'on'
        ? runControlledSimulate({ scenario, options: simulateOptionsFrom(config) }, config, {
            ...deps,
            instance: service.instance,
          })
        : scenario
          ? runSimulateMode(scenario, simulateOptionsFrom(config), deps)
          : runLive(config, deps);
  await running;
  // A replay that ran out of files is done, and so is a simulation at the end of its
  // scenario (under scenario.control the service waits for the next command instead, until
  // a signal); live mode once a signal stopped it.
  await service.shutdown();
} catch (error) {
  // One line that says what failed (a broker away past KAFKA_OUTAGE_TOLERANCE, a bad file),
  // not a stack trace.
  logger.fatal(
    { error: describeError(error), code: (error as { code?: unknown }).code },
    'flight-producer failed',
  );
  // A failed mode still closes everything in order, then exits 1 rather than 0.
  running = Promise.resolve();
  await service.shutdown({ failed: true });
}
