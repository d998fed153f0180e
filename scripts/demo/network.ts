/**
 * The simulated airline network of the demo: a network scenario's day (data/scenarios,
 * network-chaos unless DEMO_NETWORK_SCENARIO names another) flown by a second flight-producer
 * (MODE=simulate) and served by ops-feed's mock (schedules, weather, passenger lists), for the
 * disruption-correlator and the notifier.
 *
 * The time model, and why:
 * - One data clock for the whole demo. The day starts at the replay's start (the run's
 *   start in .overfly/demo/clock.json: now, or after everything an earlier run played on
 *   these topics) and plays at the replay's pace, at most 60× (REPLAY_SPEED's default: the
 *   8-hour day in 8 minutes, the first disruptions about half a minute after it starts).
 *   Never faster than the replay: the clock file, which moves each run past what the replay
 *   can have played, then moves it past the day too, so the data clock runs ahead of wall
 *   time no further than it did without the network (fee-calculator dead-letters crossings
 *   more than 24 h ahead, the correlator inputs more than a day ahead). Never faster than
 *   60×: on a small machine a faster day outruns ops-feed's polls and the correlator (at
 *   300× the first schedules came after their flights had landed), and REPLAY_SPEED=300,
 *   which the demo's tests use to get charges sooner, should speed the replay only.
 *   The correlator's watermark is the least event time over the input partitions; the
 *   simulated aircraft are on every flight.events partition, so the replay's three (ahead
 *   of the day when faster) never hold it back nor push the day's inputs behind it.
 * - The day is started through scenario.control (SCENARIO_CONTROL=on in both services), not
 *   by their environment: the demo sends one START (scenario, start, speed, issued now)
 *   before it starts them. The compacted topic keeps that command in force, and its clock is
 *   `start + (wall − issuedAt) × speed`: a service the supervisor restarts after a crash or a
 *   SIGKILL reads it again and joins the day where it is (flight-producer skips the
 *   positions before; ops-feed's clock is the command's), never playing it again from its
 *   start. In environment mode flight-producer would exit at the day's end, be restarted,
 *   and fly the day again on top of itself.
 * - A second run sends a new START at its own start, later than anything the first played,
 *   so fir-analyser's per-aircraft state and the correlator's watermark take it as new
 *   traffic; disruption ids carry their window, so nothing of the first run is revised.
 */
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { KafkaRuntime } from '@overfly/kafka';
import {
  compileNetworkScenario,
  SCENARIO_CONTROL_KEY,
  type StartCommand,
  scenarioControlRecord,
} from '@overfly/scenarios';

const DEFAULT_NETWORK_SCENARIO = 'network-chaos';

export interface NetworkPlan {
  scenario: string;
  /** Event time the day starts at (epoch ms): the run's start on the demo's data clock. */
  startTime: number;
  /** Simulated time per wall time: the replay's pace, at most MAX_NETWORK_SPEED. */
  speed: number;
  /** The day's length (the scenario's duration). */
  durationMs: number;
  description: string;
}

/** The day the demo plays: DEMO_NETWORK_SCENARIO (default network-chaos) from `startTime`. */
export function networkPlan(env: NodeJS.ProcessEnv, startTime: number, speed: number): NetworkPlan {
  const scenario = env.DEMO_NETWORK_SCENARIO?.trim() || DEFAULT_NETWORK_SCENARIO;
  // Compiled here first, so a scenario that does not load stops the demo before anything runs.
  const day = compileNetworkScenario(scenario, { start: startTime });
  return {
    scenario,
    startTime,
    speed,
    durationMs: day.end - day.start,
    description: day.description,
  };
}

/** The fastest the day plays: 8 hours in 8 minutes. */
export const MAX_NETWORK_SPEED = 60;

/** The day's pace: the replay's (REPLAY_SPEED), at most MAX_NETWORK_SPEED. */
export function networkSpeed(replaySpeed: string): number {
  if (replaySpeed.trim().toLowerCase() === 'max') return MAX_NETWORK_SPEED;
  const speed = Number(replaySpeed);
  return Number.isFinite(speed) && speed > 0 ? Math.min(speed, MAX_NETWORK_SPEED) : 1;
}

function issuer(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container): the host says enough.
  }
  return `pnpm demo (${user}@${hostname()}, pid ${process.pid})`;
}

/**
 * Puts the day in force on scenario.control: flight-producer (simulate) and ops-feed (mock)
 * started after this play it from its start; restarted later, they join it where it is.
 */
export async function startNetworkDay(
  runtime: KafkaRuntime,
  plan: NetworkPlan,
): Promise<StartCommand> {
  const command: StartCommand = {
    action: 'START',
    commandId: randomUUID(),
    issuedAt: Date.now(),
    issuedBy: issuer(),
    scenario: plan.scenario,
    seed: undefined,
    startTime: plan.startTime,
    speed: plan.speed,
  };
  const producer = await runtime.producer();
  await producer.send('scenario.control', [
    { key: SCENARIO_CONTROL_KEY, value: scenarioControlRecord(command) },
  ]);
  return command;
}

/** The environment both services get: the same day as the command, should it be withdrawn. */
export function networkServiceEnv(plan: NetworkPlan): {
  producer: Record<string, string>;
  feed: Record<string, string>;
} {
  const start = new Date(plan.startTime).toISOString();
  const speed = String(plan.speed);
  return {
    producer: {
      MODE: 'simulate',
      SCENARIO: plan.scenario,
      SIMULATE_START: start,
      SIMULATE_SPEED: speed,
      SCENARIO_CONTROL: 'on',
    },
    feed: {
      OPS_FEED_MODE: 'mock',
      OPS_FEED_SCENARIO: plan.scenario,
      OPS_FEED_START: start,
      OPS_FEED_SPEED: speed,
      SCENARIO_CONTROL: 'on',
    },
  };
}
