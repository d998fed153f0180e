import { defaultAirports, defaultFirLayer } from '@overfly/geo';
import type { PositionUpdate } from '@overfly/schemas';
import {
  type CrossingRecord,
  type FlightEventRecord,
  type RejectReason,
  TrackEngine,
} from '@overfly/tracking';
import { type CompileOptions, compileScenario, type Scenario } from '../compile.js';
import { loadScenario } from '../load.js';
import { parseScenario } from '../parse.js';
import { createSimulation, type FlightInfo } from '../simulation.js';

/** A scenario from an inline document (defaults: seed 1, a fixed start, 3 hours). */
export function scenarioOf(
  document: Record<string, unknown>,
  options: CompileOptions = {},
): Scenario {
  return compileScenario(
    parseScenario({ seed: 1, start: '2024-09-17T08:00:00Z', duration: '3h', ...document }),
    options,
  );
}

/** Every position of a scenario, and the flights it announced. */
export function run(scenario: Scenario | string, options: CompileOptions = {}) {
  const compiled = typeof scenario === 'string' ? loadScenario(scenario, options) : scenario;
  const flights: FlightInfo[] = [];
  const simulation = createSimulation(compiled, { onFlight: (f) => flights.push(f) });
  const positions = [...simulation.positions()];
  return { scenario: compiled, positions, flights, stats: simulation.stats };
}

/**
 * Positions through the engine of `pnpm overfly crossings` (@overfly/tracking over the
 * bundled FIR layer and airports), fed as its CLI feeds it, flushed at the end.
 */
export function track(positions: readonly PositionUpdate[]) {
  const engine = new TrackEngine({ layer: defaultFirLayer(), airports: defaultAirports() });
  const crossings = new Map<string, CrossingRecord>();
  const events: FlightEventRecord[] = [];
  const rejected: RejectReason[] = [];
  const out = {
    crossing: (c: CrossingRecord) => crossings.set(c.crossingId, c),
    event: (e: FlightEventRecord) => events.push(e),
    rejected: (_fix: unknown, reason: RejectReason) => rejected.push(reason),
  };
  for (const p of positions) engine.ingest(p, out);
  engine.flush(out);
  const finals = [...crossings.values()]
    .filter((c) => c.status === 'FINAL')
    .sort((a, b) => a.entryTime - b.entryTime);
  return { finals, events, rejected };
}
