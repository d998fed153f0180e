import type { KafkaRuntime } from '@overfly/kafka';
import { createSimulation, loadScenario } from '@overfly/scenarios';
import type { FirCrossing, FlightEvent, PositionUpdate } from '@overfly/schemas';
import { readTrajectory } from '@overfly/trajectories';

/**
 * The accepted rows of the files, in file order; or, with `asStream`, all of them merged
 * in time order as a live feed would deliver them (the Swiss sample is stored flight by
 * flight, so its per-file time check is off then).
 */
export async function positionsOf(
  files: readonly string[],
  options: { asStream?: boolean } = {},
): Promise<PositionUpdate[]> {
  const positions: PositionUpdate[] = [];
  for (const file of files) {
    const rows = readTrajectory(file, options.asStream ? { maxBackwardsMs: null } : {});
    for await (const row of rows) if (row.ok) positions.push(row.position);
  }
  if (options.asStream) positions.sort((a, b) => a.positionTime - b.positionTime);
  return positions;
}

/** Publishes positions to flights.updates keyed by icao24, in order, as a replay would. */
export async function publishPositions(
  runtime: KafkaRuntime,
  positions: readonly PositionUpdate[],
): Promise<void> {
  const producer = await runtime.producer();
  for (let i = 0; i < positions.length; i += 2_000) {
    await producer.send(
      'flights.updates',
      positions.slice(i, i + 2_000).map((p) => ({ key: p.icao24, value: p })),
    );
  }
}

/** The last record of each crossing id: what a consumer that upserts by id holds. */
export function latestById<C extends { crossingId: string }>(records: Iterable<C>): Map<string, C> {
  const latest = new Map<string, C>();
  for (const r of records) latest.set(r.crossingId, r);
  return latest;
}

/** A crossing without its wall-clock field, for comparing runs. */
export function withoutProducedAt({
  producedAt: _ignored,
  ...rest
}: FirCrossing): Omit<FirCrossing, 'producedAt'> {
  return rest;
}

/** A built-in scenario's positions, flown from `start` (to fly beside a recording). */
export function scenarioPositions(name: string, start: number): PositionUpdate[] {
  return [...createSimulation(loadScenario(name, { start })).positions()];
}

/** The flight events the track detectors publish (the rest say where, not what happened). */
export const MANOEUVRES: ReadonlySet<FlightEvent['type']> = new Set([
  'HOLDING',
  'GO_AROUND',
  'RETURN_TO_ORIGIN',
]);

/** An event without its wall-clock field, for comparing runs. */
export function eventWithoutProducedAt({
  producedAt: _ignored,
  ...rest
}: FlightEvent): Omit<FlightEvent, 'producedAt'> {
  return rest;
}
