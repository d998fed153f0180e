// Mock mode under scenario.control (SCENARIO_CONTROL=on): the command in force decides which
// network day the mock serves, from when and how fast. A new command stops the day served
// (polls stopped, mock server and clients closed, what the feed remembered dropped) and
// builds the next, so nothing of the old day is published after the switch.
import type { Logger, Metrics } from '@overfly/observability';
import {
  checkScenarioControl,
  loadScenarioDocument,
  SCENARIO_CONTROL_KEY,
  ScenarioError,
  type StartCommand,
} from '@overfly/scenarios';
import type { ScenarioControl } from '@overfly/schemas';
import {
  createScenarioController,
  followScenarioControl,
  type ScenarioRun,
  type Service,
} from '@overfly/service-kit';
import type { OpsFeedConfig } from '../config.js';
import { loadNetworkScenario } from '../mock/network-scenario.js';
import type { ScenarioSource } from '../mock/scenario-source.js';
import { type BuiltFeed, buildOpsFeed } from './build.js';
import { type FeedClock, scenarioClock, steppedClock } from './clock.js';
import type { ApiName } from './metrics.js';
import type { FeedSink } from './sink.js';

/** Speed the clients' cache TTL is divided by at speed max (a TAF is fetched every poll). */
const MAX_SPEED_CACHE_DIVISOR = 1_000_000;

/** A day to serve, or none: a flight-only scenario has no schedules, weather or manifests. */
export type ControlledDay =
  | { kind: 'day'; command: StartCommand; source: ScenarioSource }
  | { kind: 'no-day'; command: StartCommand };

/**
 * A scenario.control record → the day it asks for ('stop' for a STOP). A scenario that is
 * not a network scenario but a valid flight scenario is a day with nothing to serve (the
 * old day stops all the same: the story changed). Throws a ScenarioError or OpsFeedError for
 * a command that cannot run, before anything stops.
 */
export function prepareControlledDay(record: ScenarioControl): ControlledDay | 'stop' {
  const command = checkScenarioControl(record);
  if (command.action === 'STOP') return 'stop';
  try {
    const source = loadNetworkScenario(command.scenario, {
      start: command.startTime,
      seed: command.seed,
    });
    return { kind: 'day', command, source };
  } catch (error) {
    if (isFlightScenario(command.scenario)) return { kind: 'no-day', command };
    throw error;
  }
}

function isFlightScenario(nameOrPath: string): boolean {
  try {
    loadScenarioDocument(nameOrPath);
    return true;
  } catch (error) {
    if (error instanceof ScenarioError) return false;
    throw error;
  }
}

interface Deps {
  logger: Logger;
  metrics: Metrics;
  sink: FeedSink;
}

function startDay(
  day: Extract<ControlledDay, { kind: 'day' }>,
  config: OpsFeedConfig,
  deps: Deps,
  onBuilt: (built: BuiltFeed | null) => void,
  onFailed: (error: unknown) => void,
): ScenarioRun {
  const { command, source } = day;
  const controller = new AbortController();
  // At speed max the day has no wall clock: a stepped one, moved on poll by poll.
  const stepped = command.speed === 'max' ? steppedClock(command.startTime) : null;
  const clock: FeedClock =
    stepped ??
    scenarioClock({
      scenarioStart: command.startTime,
      speed: command.speed as number,
      startedAt: command.issuedAt,
    });
  const ended = (async () => {
    const built = await buildOpsFeed(
      {
        ...config,
        OPS_FEED_START: command.startTime,
        OPS_FEED_SEED: command.seed,
        OPS_FEED_SPEED: command.speed === 'max' ? MAX_SPEED_CACHE_DIVISOR : command.speed,
      },
      { ...deps, scenario: source, clock, halt: controller.signal },
    );
    onBuilt(built);
    deps.logger.info(
      {
        commandId: command.commandId,
        scenario: source.day.name,
        start: new Date(command.startTime).toISOString(),
        speed: command.speed,
        mockUrls: built.mockUrls,
      },
      'scenario.control: serving the day',
    );
    try {
      if (stepped) {
        await built.feed.runStepped(built.intervals, stepped, source.day.end, controller.signal);
        deps.logger.info({ commandId: command.commandId }, 'scenario.control: the day is served');
      } else {
        await built.feed.run(built.intervals, controller.signal);
      }
    } finally {
      onBuilt(null);
      await built.close();
    }
  })().catch(onFailed);
  return {
    ended,
    async stop() {
      controller.abort();
      await ended;
    },
  };
}

const idle: ScenarioRun = { ended: Promise.resolve(), stop: async () => {} };

/**
 * Mock mode following scenario.control: the command in force at start (else the
 * environment's day, `envDay`), then every new one. Readiness names the APIs of the day
 * served. Resolves when `signal` aborts, once the control consumer and the day have
 * stopped; rejects when a day fails.
 */
export async function runControlledFeed(
  envDay: Extract<ControlledDay, { kind: 'day' }>,
  config: OpsFeedConfig,
  service: Pick<Service, 'runtime' | 'health' | 'instance'>,
  deps: Deps & { signal: AbortSignal },
): Promise<void> {
  let current: BuiltFeed | null = null;
  for (const api of [
    'aviationweather',
    'aviationstack',
    'dcs',
  ] as const satisfies readonly ApiName[])
    service.health.register({ name: api, check: async () => current?.feed.checkApi(api) });
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  const onBuilt = (built: BuiltFeed | null) => {
    current = built;
  };
  const controller = createScenarioController<ControlledDay>({
    logger: deps.logger,
    prepare: prepareControlledDay,
    start: (day) => {
      if (day.kind === 'no-day') {
        deps.logger.warn(
          { commandId: day.command.commandId, scenario: day.command.scenario },
          'scenario.control: not a network scenario; mock mode serves nothing until the next command',
        );
        return idle;
      }
      return startDay(day, config, deps, onBuilt, fail);
    },
  });
  const loop = await followScenarioControl({
    runtime: service.runtime,
    logger: deps.logger,
    controller,
    key: SCENARIO_CONTROL_KEY,
    groupId: `${config.TOPIC_PREFIX}ops-feed.scenario-control.${service.instance}`,
    noCommand: () => {
      deps.logger.info(
        { scenario: envDay.source.day.name },
        'scenario.control has no command; serving OPS_FEED_SCENARIO',
      );
      controller.adopt(startDay(envDay, config, deps, onBuilt, fail));
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
