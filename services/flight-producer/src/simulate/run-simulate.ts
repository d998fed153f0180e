import { createSimulation, type FlightInfo, type Scenario } from '@overfly/scenarios';
import type { PublishCounters, PublishStats } from '../publish/counters.js';
import { type Clock, systemClock } from '../publish/pacer.js';
import { createPositionPublisher, type PublishOptions } from '../publish/publisher.js';
import type { PositionSink } from '../publish/sink.js';

export interface SimulateOptions extends PublishOptions {
  /** At the end: 'tombstone' removes every aircraft from flights.state. */
  atEnd: 'keep' | 'tombstone';
  /**
   * Positions earlier than this event time are not published: a run that joins a
   * scenario.control day late (a restart) starts where the day is, not with a burst of
   * the hours it missed.
   */
  skipBefore?: number;
}

/** What a simulation counts; the same numbers feed the progress log and the final line. */
export interface SimulateStats extends PublishStats {
  /** Flights started (diversions are not new flights). */
  flights: number;
  /** Aircraft the engine holds now. */
  activeAircraft: number;
  /** positionTime of the latest position published, or null before the first. */
  simulatedTime: number | null;
}

export function emptySimulateStats(): SimulateStats {
  return {
    published: 0,
    states: 0,
    tombstones: 0,
    flights: 0,
    activeAircraft: 0,
    simulatedTime: null,
  };
}

export interface SimulateDeps {
  sink: PositionSink;
  clock?: Clock;
  counters?: PublishCounters;
  signal?: AbortSignal;
  onFlight?: (flight: FlightInfo) => void;
  /** Decides flights.state's end when the run ends (default options.atEnd): a stopped run tombstones. */
  atEnd?: () => 'keep' | 'tombstone';
}

/**
 * Runs a scenario into flights.updates and flights.state with the replay's publisher:
 * paced by positionTime × speed, states throttled and tombstoned by event time. Resolves
 * with its counts when the scenario ends (or `signal` aborts).
 */
export async function runSimulate(
  scenario: Scenario,
  options: SimulateOptions,
  deps: SimulateDeps,
  stats: SimulateStats = emptySimulateStats(),
): Promise<SimulateStats> {
  const { signal } = deps;
  const simulation = createSimulation(scenario, deps.onFlight ? { onFlight: deps.onFlight } : {});
  const publisher = createPositionPublisher(options, {
    sink: deps.sink,
    clock: deps.clock ?? systemClock,
    stats,
    ...(deps.counters ? { counters: deps.counters } : {}),
    ...(signal ? { signal } : {}),
  });
  const skipBefore = options.skipBefore ?? Number.NEGATIVE_INFINITY;
  for (const update of simulation.positions()) {
    if (signal?.aborted) break;
    if (update.positionTime < skipBefore) continue;
    await publisher.publish(update);
    stats.flights = simulation.stats.flights;
    stats.activeAircraft = simulation.stats.active;
    stats.simulatedTime = update.positionTime;
  }
  await publisher.finish(deps.atEnd ? deps.atEnd() : options.atEnd);
  stats.activeAircraft = 0;
  return stats;
}
