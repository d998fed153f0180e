// Simulate mode under scenario.control (SCENARIO_CONTROL=on): the command in force decides
// which scenario plays, from when and how fast; a new command stops the run (every aircraft
// of the old scenario tombstoned on flights.state, so no consumer keeps a ghost) and starts
// the next. Between scenarios the service stays up, idle.
import type { KafkaRuntime } from '@overfly/kafka';
import type { Logger, Metrics } from '@overfly/observability';
import {
  checkScenarioControl,
  loadScenario,
  SCENARIO_CONTROL_KEY,
  type Scenario,
  type StartCommand,
  simulatedTimeAt,
} from '@overfly/scenarios';
import type { ScenarioControl } from '@overfly/schemas';
import {
  createScenarioController,
  followScenarioControl,
  type ScenarioRun,
} from '@overfly/service-kit';
import type { FlightProducerConfig } from '../config.js';
import { runSimulateMode } from './mode.js';
import type { SimulateOptions } from './run-simulate.js';

/**
 * A command read this long after it was issued joins the day where it is (positions before
 * are skipped); one read at once plays from the start, every position, as env mode does.
 */
export const JOIN_LATE_AFTER_MS = 5_000;

export interface ControlledRun {
  scenario: Scenario;
  options: SimulateOptions;
}

type ControlledConfig = Pick<FlightProducerConfig, 'SIMULATE_DURATION'>;

/**
 * A scenario.control record → the run it asks for ('stop' for a STOP). Throws a
 * ScenarioError (SCENARIOS_CONTROL_INVALID, SCENARIOS_NOT_FOUND, SCENARIOS_INVALID, …) for a
 * command that cannot run, before anything stops. The command's scenario, seed, start and
 * speed replace SCENARIO, SIMULATE_SEED, SIMULATE_START and SIMULATE_SPEED; the other
 * settings (SIMULATE_DURATION, batch size, state throttle) stay the environment's.
 */
export function prepareControlledRun(
  record: ScenarioControl,
  config: ControlledConfig,
  envOptions: SimulateOptions,
  wallNow: number,
): ControlledRun | 'stop' {
  const command = checkScenarioControl(record);
  if (command.action === 'STOP') return 'stop';
  const scenario = loadScenario(command.scenario, {
    start: command.startTime,
    ...(command.seed === undefined ? {} : { seed: command.seed }),
    ...(config.SIMULATE_DURATION === undefined ? {} : { durationMs: config.SIMULATE_DURATION }),
  });
  return { scenario, options: controlledOptions(command, envOptions, wallNow) };
}

/** The environment's publishing options on the command's clock. */
function controlledOptions(
  command: StartCommand,
  envOptions: SimulateOptions,
  wallNow: number,
): SimulateOptions {
  const options: SimulateOptions = { ...envOptions, speed: command.speed };
  if (command.speed === 'max') return options;
  options.anchor = { wall: command.issuedAt, event: command.startTime };
  const late = wallNow - command.issuedAt >= JOIN_LATE_AFTER_MS;
  const now = simulatedTimeAt(command, wallNow);
  if (late && now !== null) options.skipBefore = now;
  return options;
}

interface Deps {
  runtime: KafkaRuntime;
  logger: Logger;
  metrics: Metrics;
  progressIntervalMs: number;
}

/**
 * Plays one scenario until it ends or is stopped. Stopped by a command, it tombstones every
 * aircraft it left on flights.state whatever SIMULATE_AT_END says; ended by itself or by a
 * shutdown, SIMULATE_AT_END decides as without control.
 */
function startRun(
  run: ControlledRun,
  deps: Deps,
  service: AbortSignal,
  onFailed: (error: unknown) => void,
): ScenarioRun {
  const controller = new AbortController();
  let stoppedByCommand = false;
  const abort = () => controller.abort();
  service.addEventListener('abort', abort, { once: true });
  const ended = runSimulateMode(run.scenario, run.options, {
    ...deps,
    signal: controller.signal,
    atEnd: () => (stoppedByCommand ? 'tombstone' : run.options.atEnd),
  })
    .then(() => undefined)
    .catch(onFailed)
    .finally(() => service.removeEventListener('abort', abort));
  return {
    ended,
    async stop() {
      // A shutdown stops the run too (its signal), and ends it as without control.
      if (!service.aborted) stoppedByCommand = true;
      controller.abort();
      await ended;
    },
  };
}

/**
 * Simulate mode following scenario.control: the command in force at start (else the
 * environment's scenario), then every new one. Resolves when `signal` aborts (shutdown),
 * once the control consumer and the run have stopped; rejects when a run fails.
 */
export async function runControlledSimulate(
  envRun: ControlledRun,
  config: ControlledConfig & Pick<FlightProducerConfig, 'TOPIC_PREFIX'>,
  deps: Deps & { signal: AbortSignal; instance: string },
): Promise<void> {
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // Raced below; a run may fail before the race is set up.
  failed.catch(() => {});
  const controller = createScenarioController<ControlledRun>({
    logger: deps.logger,
    prepare: (record) => prepareControlledRun(record, config, envRun.options, Date.now()),
    start: (run, record) => {
      deps.logger.info(
        { commandId: record.commandId, issuedBy: record.issuedBy, scenario: run.scenario.name },
        'scenario.control: starting the scenario',
      );
      return startRun(run, deps, deps.signal, fail);
    },
  });
  const loop = await followScenarioControl({
    runtime: deps.runtime,
    logger: deps.logger,
    controller,
    key: SCENARIO_CONTROL_KEY,
    groupId: `${config.TOPIC_PREFIX}flight-producer.scenario-control.${deps.instance}`,
    noCommand: () => {
      deps.logger.info(
        { scenario: envRun.scenario.name },
        'scenario.control has no command; playing SCENARIO',
      );
      controller.adopt(startRun(envRun, deps, deps.signal, fail));
    },
  });
  const stopped = new Promise<void>((resolve) => {
    if (deps.signal.aborted) resolve();
    deps.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  try {
    await Promise.race([stopped, failed]);
  } finally {
    await loop.stop();
    await controller.close();
  }
}
