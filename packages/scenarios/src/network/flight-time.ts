/**
 * How long a leg takes, from the scenario engine's own flight model (leg.ts, cruise.ts):
 * the same climb, cruise at the type's design Mach from the pycontrails table and 3:1
 * descent that flight-producer's simulate mode flies, so a schedule built from these times
 * and the positions of its flights tell one story.
 */
import type { Airport } from '@overfly/geo';
import type { TypePerformance } from '../aircraft.js';
import { typePerformance } from '../aircraft.js';
import { cruiseLevel } from '../cruise.js';
import { buildLeg, divertLeg, HOLD_MS, TAXI_IN_MS } from '../leg.js';
import type { Rng } from '../prng.js';
import type { LegPlan } from '../profile.js';
import { initialCourseDeg } from '../route.js';

/**
 * The engine draws the ground time before the roll and after the landing roll per flight
 * (HOLD_MS, TAXI_IN_MS); a schedule uses their middles, so the engine's flight ends within
 * a minute of the time computed here.
 */
const HOLD_MID_MS = (HOLD_MS.min + HOLD_MS.max) / 2;
const TAXI_IN_MID_MS = (TAXI_IN_MS.min + TAXI_IN_MS.max) / 2;

export function performanceOf(type: string): TypePerformance {
  const performance = typePerformance().get(type);
  if (!performance) throw new Error(`no performance data for type ${type}`);
  return performance;
}

/** A cruise level by the semicircular rule, drawn as the engine draws it. */
export function drawCruiseFl(
  origin: Airport,
  destination: Airport,
  performance: TypePerformance,
  rng: Rng,
): number {
  return cruiseLevel(initialCourseDeg(origin, destination), performance, rng);
}

/** The leg as the engine flies it from off-block at `start`. */
export function flightPlan(
  origin: Airport,
  destination: Airport,
  performance: TypePerformance,
  cruiseFl: number,
  start: number,
): LegPlan {
  return buildLeg({
    origin,
    destination,
    startTime: start,
    performance,
    cruiseFl,
    holdMs: HOLD_MID_MS,
    taxiInMs: TAXI_IN_MID_MS,
  });
}

/** The leg turned toward `to` at `at` (a diversion or a return); null when not in the air then. */
export function turnedPlan(plan: LegPlan, at: number, to: Airport): LegPlan | null {
  return divertLeg(plan, at, to, TAXI_IN_MID_MS);
}
