/**
 * The vertical and speed profile of one leg, in closed form: a few numbers per flight and
 * no stored track, so 25,000 aircraft in the air cost 25,000 small objects. Times are epoch
 * ms, distances metres along the route, altitudes metres (pressure altitude in the ISA,
 * which is also the geometric one: the engine has no weather), speeds m/s (true airspeed,
 * which is the ground speed: no wind).
 */
import type { Route } from './route.js';

export const METRES_PER_FOOT = 0.3048; // exact, international foot
export const MS_PER_KNOT = 1852 / 3600; // exact, international nautical mile
const FPM = METRES_PER_FOOT / 60;

/** Average climb rate to cruise: a chosen default typical of jet airliners (~2,000 ft/min). */
export const CLIMB_RATE_MS = 2_000 * FPM;
/**
 * Descent path: 3 nm per 1,000 ft, the pilots' "3 to 1" rule of thumb (a ~3° path:
 * tan 3° × 6,076 ft/nm ≈ 318 ft per nm). Metres flown per metre of height lost.
 */
export const DESCENT_DISTANCE_PER_HEIGHT = (3 * 1852) / (1_000 * METRES_PER_FOOT);
/** Lift-off speed: a chosen default in the 140–160 kt range of narrow- and wide-body jets. */
const LIFT_OFF_MS = 150 * MS_PER_KNOT;
/** Touchdown speed: a chosen default, typical approach speeds are 130–150 kt. */
export const TOUCHDOWN_MS = 140 * MS_PER_KNOT;
/** Mean take-off roll acceleration, chosen: 0 → 150 kt in ~39 s over ~1.5 km. */
const TAKE_OFF_ACCELERATION = 2;
/** Mean braking on the landing roll, chosen (medium autobrake): 140 kt → 0 in ~48 s. */
export const LANDING_DECELERATION = 1.5;

type Phase = 'ground' | 'roll' | 'climb' | 'cruise' | 'descent' | 'rollout' | 'parked';

export interface LegInput {
  route: Route;
  /** When the leg starts: off-block (ground start) or the moment in the air (diversion). */
  startTime: number;
  originElevationM: number;
  destinationElevationM: number;
  /** The level the leg wants; lowered when the route is too short to reach it. */
  cruiseAltitudeM: number;
  cruiseSpeedMs: number;
  /** Ground time before the take-off roll (ground start only). */
  holdMs: number;
  /** Ground time after the landing roll stops, before the aircraft disappears. */
  taxiInMs: number;
  /** Starting in the air (a diversion) at route distance 0, instead of on the ground. */
  airborne?: { altitudeM: number; speedMs: number };
  /**
   * Ending in the air at the route's end, at destinationElevationM and this speed (the
   * entry of a holding, a go-around's decision height), instead of touching down: the leg
   * ends there (tTouchdown = tStop = tEnd).
   */
  arrival?: { speedMs: number };
}

/** A leg's phase boundaries; built once by planLeg, then only read. */
export interface LegPlan {
  readonly route: Route;
  readonly tStart: number;
  readonly tRoll: number;
  readonly tLift: number;
  readonly tTopOfClimb: number;
  readonly tTopOfDescent: number;
  readonly tTouchdown: number;
  readonly tStop: number;
  readonly tEnd: number;
  readonly sLift: number;
  readonly sTopOfClimb: number;
  readonly sTopOfDescent: number;
  readonly hStart: number;
  readonly hCruise: number;
  readonly hEnd: number;
  /** Metres of height lost per metre flown in the descent (1 / 18.2 on the 3:1 path). */
  readonly descentGradient: number;
  readonly vLift: number;
  readonly vCruise: number;
  readonly vTouchdown: number;
}

export interface LegState {
  phase: Phase;
  distanceM: number;
  altitudeM: number;
  speedMs: number;
  verticalRateMs: number;
  onGround: boolean;
}

export function planLeg(input: LegInput): LegPlan {
  const length = input.route.lengthM;
  const hEnd = input.destinationElevationM;
  const air = input.airborne;
  const vEnd = input.arrival ? input.arrival.speedMs : TOUCHDOWN_MS;
  const tStart = input.startTime;
  const tRoll = air ? tStart : tStart + input.holdMs;
  const vLift = air ? air.speedMs : LIFT_OFF_MS;
  const rollS = air ? 0 : LIFT_OFF_MS / TAKE_OFF_ACCELERATION;
  const sLift = air ? 0 : (TAKE_OFF_ACCELERATION * rollS * rollS) / 2;
  const tLift = tRoll + rollS * 1000;
  const hStart = air ? air.altitudeM : input.originElevationM;
  const available = Math.max(0, length - sLift);

  const wanted = Math.max(input.cruiseAltitudeM, hStart);
  // Below the wanted level the aircraft also flies slower: the cruise speed scales with the
  // fraction of the climb done (a short hop at FL150 is not flown at long-haul speed).
  const speedAt = (h: number) =>
    wanted > hStart
      ? vLift + (input.cruiseSpeedMs - vLift) * ((h - hStart) / (wanted - hStart))
      : air
        ? air.speedMs
        : input.cruiseSpeedMs;
  const climbDistance = (h: number) =>
    h <= hStart ? 0 : ((vLift + speedAt(h)) / 2) * ((h - hStart) / CLIMB_RATE_MS);
  const descentDistance = (h: number) => Math.max(0, (h - hEnd) * DESCENT_DISTANCE_PER_HEIGHT);
  const fits = (h: number) => climbDistance(h) + descentDistance(h) <= available;

  let hCruise = wanted;
  if (!fits(wanted)) {
    // Both distances grow with the level: bisect for the highest one that fits.
    let low = hStart;
    let high = wanted;
    for (let i = 0; i < 48; i++) {
      const mid = (low + high) / 2;
      if (fits(mid)) low = mid;
      else high = mid;
    }
    hCruise = low;
  }
  const vCruise = Math.max(speedAt(hCruise), vEnd);
  const climbS = (hCruise - hStart) / CLIMB_RATE_MS;
  const sTopOfClimb = sLift + ((vLift + vCruise) / 2) * climbS;
  // Too close to descend at 3:1 (a diversion near its new aerodrome): descend steeper.
  const descentM = Math.min(descentDistance(hCruise), Math.max(0, length - sTopOfClimb));
  const sTopOfDescent = length - descentM;
  const cruiseS = Math.max(0, sTopOfDescent - sTopOfClimb) / vCruise;
  const descentS = descentM / ((vCruise + vEnd) / 2);
  const tTopOfClimb = tLift + climbS * 1000;
  const tTopOfDescent = tTopOfClimb + cruiseS * 1000;
  const tTouchdown = tTopOfDescent + descentS * 1000;
  const tStop = input.arrival ? tTouchdown : tTouchdown + (vEnd / LANDING_DECELERATION) * 1000;
  return {
    route: input.route,
    tStart,
    tRoll,
    tLift,
    tTopOfClimb,
    tTopOfDescent,
    tTouchdown,
    tStop,
    tEnd: input.arrival ? tStop : tStop + input.taxiInMs,
    sLift,
    sTopOfClimb,
    sTopOfDescent: Math.max(sTopOfDescent, sTopOfClimb),
    hStart,
    hCruise,
    hEnd,
    descentGradient: descentM > 0 ? (hCruise - hEnd) / descentM : 0,
    vLift,
    vCruise,
    vTouchdown: vEnd,
  };
}

/** The leg at time t (clamped to the leg): where along the route, how high, how fast. */
export function legStateAt(plan: LegPlan, t: number, out: LegState): LegState {
  const length = plan.route.lengthM;
  if (t < plan.tRoll) {
    return set(out, 'ground', 0, plan.hStart, 0, 0, true);
  }
  if (t < plan.tLift) {
    const tau = (t - plan.tRoll) / 1000;
    const v = TAKE_OFF_ACCELERATION * tau;
    return set(out, 'roll', (v * tau) / 2, plan.hStart, v, 0, true);
  }
  if (t < plan.tTopOfClimb) {
    const span = (plan.tTopOfClimb - plan.tLift) / 1000;
    const tau = (t - plan.tLift) / 1000;
    const k = tau / span;
    const v = plan.vLift + (plan.vCruise - plan.vLift) * k;
    const s = plan.sLift + plan.vLift * tau + ((plan.vCruise - plan.vLift) * tau * k) / 2;
    const h = plan.hStart + (plan.hCruise - plan.hStart) * k;
    return set(out, 'climb', s, h, v, (plan.hCruise - plan.hStart) / span, false);
  }
  if (t < plan.tTopOfDescent) {
    const s = plan.sTopOfClimb + (plan.vCruise * (t - plan.tTopOfClimb)) / 1000;
    return set(out, 'cruise', s, plan.hCruise, plan.vCruise, 0, false);
  }
  if (t < plan.tTouchdown) {
    // On a fixed path: height falls with distance, so the sink rate falls with the speed.
    const span = (plan.tTouchdown - plan.tTopOfDescent) / 1000;
    const tau = (t - plan.tTopOfDescent) / 1000;
    const k = tau / span;
    const v = plan.vCruise + (plan.vTouchdown - plan.vCruise) * k;
    const s =
      plan.sTopOfDescent + plan.vCruise * tau + ((plan.vTouchdown - plan.vCruise) * tau * k) / 2;
    const h = Math.max(plan.hEnd, plan.hCruise - (s - plan.sTopOfDescent) * plan.descentGradient);
    return set(out, 'descent', s, h, v, -v * plan.descentGradient, false);
  }
  if (t < plan.tStop) {
    const tau = (t - plan.tTouchdown) / 1000;
    const v = Math.max(0, plan.vTouchdown - LANDING_DECELERATION * tau);
    const s = length + plan.vTouchdown * tau - (LANDING_DECELERATION * tau * tau) / 2;
    return set(out, 'rollout', s, plan.hEnd, v, 0, true);
  }
  const stopS = plan.vTouchdown / LANDING_DECELERATION;
  const sStop = length + (plan.vTouchdown * stopS) / 2;
  return set(out, 'parked', sStop, plan.hEnd, 0, 0, true);
}

function set(
  out: LegState,
  phase: Phase,
  distanceM: number,
  altitudeM: number,
  speedMs: number,
  verticalRateMs: number,
  onGround: boolean,
): LegState {
  out.phase = phase;
  out.distanceM = distanceM;
  out.altitudeM = altitudeM;
  out.speedMs = speedMs;
  out.verticalRateMs = verticalRateMs;
  out.onGround = onGround;
  return out;
}
