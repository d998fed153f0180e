import type { Airport } from '@overfly/geo';
import type { TypePerformance } from './aircraft.js';
import { elevationM } from './airports.js';
import { cruiseSpeedMs, flightLevelToMetres } from './cruise.js';
import type { Rng } from './prng.js';
import { type LegPlan, type LegState, legStateAt, planLeg } from './profile.js';
import { type LatLon, Route, type RoutePoint } from './route.js';

/** Ground time before the take-off roll, and after the landing roll: chosen, a few fixes each. */
export const HOLD_MS = { min: 60_000, max: 180_000 } as const;
export const TAXI_IN_MS = { min: 60_000, max: 120_000 } as const;

export interface LegSpec {
  origin: Airport;
  destination: Airport;
  waypoints?: readonly LatLon[];
  startTime: number;
  performance: TypePerformance;
  cruiseFl: number;
  holdMs: number;
  taxiInMs: number;
}

/** A leg from the ground at its origin to the ground at its destination. */
export function buildLeg(spec: LegSpec): LegPlan {
  const cruiseAltitudeM = flightLevelToMetres(spec.cruiseFl);
  return planLeg({
    route: new Route([spec.origin, ...(spec.waypoints ?? []), spec.destination]),
    startTime: spec.startTime,
    originElevationM: elevationM(spec.origin),
    destinationElevationM: elevationM(spec.destination),
    cruiseAltitudeM,
    cruiseSpeedMs: cruiseSpeedMs(spec.performance, cruiseAltitudeM),
    holdMs: spec.holdMs,
    taxiInMs: spec.taxiInMs,
  });
}

/**
 * The leg from `at` on, flown direct to `to` from where the aircraft is then, keeping its
 * altitude and speed (a climb goes on to the planned level). Null when it is not in the air
 * at `at`: a diversion is decided in flight.
 */
export function divertLeg(
  plan: LegPlan,
  at: number,
  to: Airport,
  taxiInMs: number,
): LegPlan | null {
  const state = legStateAt(plan, at, scratchState());
  if (state.phase !== 'climb' && state.phase !== 'cruise' && state.phase !== 'descent') return null;
  const here = plan.route.at(state.distanceM, scratchPoint());
  const climbing = state.phase === 'climb';
  return planLeg({
    route: new Route([{ lat: here.lat, lon: here.lon }, to]),
    startTime: at,
    originElevationM: state.altitudeM,
    destinationElevationM: elevationM(to),
    cruiseAltitudeM: climbing ? plan.hCruise : state.altitudeM,
    cruiseSpeedMs: climbing ? plan.vCruise : state.speedMs,
    holdMs: 0,
    taxiInMs,
    airborne: { altitudeM: state.altitudeM, speedMs: state.speedMs },
  });
}

/** Four octal digits, never an emergency (7500/7600/7700), VFR (1200, 7000) or 2000 code. */
export function squawkFrom(rng: Rng): string {
  for (;;) {
    const code = `${rng.int(1, 6)}${rng.int(0, 7)}${rng.int(0, 7)}${rng.int(0, 7)}`;
    if (code !== '1200' && code !== '2000') return code;
  }
}

export function scratchState(): LegState {
  return {
    phase: 'ground',
    distanceM: 0,
    altitudeM: 0,
    speedMs: 0,
    verticalRateMs: 0,
    onGround: true,
  };
}

export function scratchPoint(): RoutePoint {
  return { lat: 0, lon: 0, trackDeg: 0 };
}
