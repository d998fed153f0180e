/**
 * A go-around and the circuit back to land: the approach is discontinued at the decision
 * height, the aircraft climbs straight ahead to the circuit altitude, flies a left-hand
 * circuit (turns to the left unless told otherwise: ICAO Annex 2, 3.2.5) — downwind, then a
 * turn onto final — and lands on the same runway, descending on the 3:1 path measured along
 * the circuit. From the decision height to touchdown it takes 7–8 minutes at the engine's
 * speeds. Turns as in a holding (rate one or 25° of bank).
 */
import { trueAirspeedMs } from './cruise.js';
import { standardTurnRateRadS } from './holding.js';
import { LocalPath } from './local-path.js';
import {
  CLIMB_RATE_MS,
  DESCENT_DISTANCE_PER_HEIGHT,
  LANDING_DECELERATION,
  METRES_PER_FOOT,
  MS_PER_KNOT,
  TOUCHDOWN_MS,
} from './profile.js';
import type { LatLon } from './route.js';

/**
 * Where the approach is discontinued: 200 ft above the aerodrome, the lowest decision height
 * of a category I approach (ICAO Annex 6, Part I: "not lower than 60 m (200 ft)").
 */
export const DECISION_HEIGHT_M = 200 * METRES_PER_FOOT;
/** Climb to 3,000 ft above the aerodrome, a usual missed-approach altitude. Chosen. */
const CIRCUIT_HEIGHT_M = 3_000 * METRES_PER_FOOT;
/**
 * Circuit speed, indicated: 180 kt, the highest visual-manoeuvring (circling) speed of
 * category C aircraft in Doc 8168 (PANS-OPS), Table I-4-1-2 "Speeds for procedure
 * calculations". Chosen.
 */
const CIRCUIT_IAS_MS = 180 * MS_PER_KNOT;
/** The turn onto final ends this far before the aerodrome reference point (4.3 nm). Chosen. */
const FINAL_M = 8_000;

type CircuitPhase = 'climb' | 'level' | 'descent' | 'rollout' | 'parked';

export interface Circuit {
  readonly tFrom: number;
  readonly tTouchdown: number;
  readonly tStop: number;
  readonly tEnd: number;
  readonly path: LocalPath;
  readonly elevationM: number;
  readonly hFrom: number;
  readonly hCircuit: number;
  readonly vFrom: number;
  readonly vCircuit: number;
  /** Seconds of the climb, the level part and the descent. */
  readonly climbS: number;
  readonly levelS: number;
  readonly descentS: number;
  /** Path distance of the end of the climb, of the top of descent, and of touchdown. */
  readonly sClimb: number;
  readonly sDescent: number;
  readonly sTouchdown: number;
  readonly gradient: number;
}

/**
 * The circuit from the go-around point `from` (at the decision height, `distanceToGoM`
 * before the aerodrome reference point on the final course `courseDeg`, flying `speedMs`)
 * to touchdown at the reference point, the landing roll and `taxiInMs` on the ground.
 */
export function planCircuit(
  from: LatLon,
  courseDeg: number,
  distanceToGoM: number,
  elevationM: number,
  speedMs: number,
  tFrom: number,
  taxiInMs: number,
): Circuit {
  const hFrom = elevationM + DECISION_HEIGHT_M;
  const hCircuit = elevationM + CIRCUIT_HEIGHT_M;
  const vCircuit = trueAirspeedMs(CIRCUIT_IAS_MS, hCircuit);
  const climbS = (hCircuit - hFrom) / CLIMB_RATE_MS;
  const sClimb = ((speedMs + vCircuit) / 2) * climbS;
  const radiusM = vCircuit / standardTurnRateRadS(vCircuit);
  // Downwind from abeam the end of the climb back to abeam the start of final.
  const downwindM = sClimb - distanceToGoM + FINAL_M;
  const path = new LocalPath(from, courseDeg, [
    { kind: 'line', lengthM: sClimb },
    { kind: 'arc', radiusM, angleRad: -Math.PI },
    { kind: 'line', lengthM: downwindM },
    { kind: 'arc', radiusM, angleRad: -Math.PI },
    { kind: 'line', lengthM: FINAL_M },
  ]);
  const sTouchdown = path.lengthM;
  const sDescent = Math.max(sClimb, sTouchdown - CIRCUIT_HEIGHT_M * DESCENT_DISTANCE_PER_HEIGHT);
  const levelS = (sDescent - sClimb) / vCircuit;
  const descentS = (sTouchdown - sDescent) / ((vCircuit + TOUCHDOWN_MS) / 2);
  const tTouchdown = tFrom + (climbS + levelS + descentS) * 1000;
  const tStop = tTouchdown + (TOUCHDOWN_MS / LANDING_DECELERATION) * 1000;
  return {
    tFrom,
    tTouchdown,
    tStop,
    tEnd: tStop + taxiInMs,
    path,
    elevationM,
    hFrom,
    hCircuit,
    vFrom: speedMs,
    vCircuit,
    climbS,
    levelS,
    descentS,
    sClimb,
    sDescent,
    sTouchdown,
    gradient: (hCircuit - elevationM) / (sTouchdown - sDescent),
  };
}

export interface CircuitState {
  phase: CircuitPhase;
  distanceM: number;
  altitudeM: number;
  speedMs: number;
  verticalRateMs: number;
  onGround: boolean;
}

/** The circuit at time t (clamped to it): how far along its path, how high, how fast. */
export function circuitStateAt(c: Circuit, t: number, out: CircuitState): CircuitState {
  const tau = Math.max(0, (t - c.tFrom) / 1000);
  if (tau < c.climbS) {
    const k = tau / c.climbS;
    out.phase = 'climb';
    out.distanceM = c.vFrom * tau + ((c.vCircuit - c.vFrom) * tau * k) / 2;
    out.altitudeM = c.hFrom + (c.hCircuit - c.hFrom) * k;
    out.speedMs = c.vFrom + (c.vCircuit - c.vFrom) * k;
    out.verticalRateMs = CLIMB_RATE_MS;
    out.onGround = false;
    return out;
  }
  const level = tau - c.climbS;
  if (level < c.levelS) {
    out.phase = 'level';
    out.distanceM = c.sClimb + c.vCircuit * level;
    out.altitudeM = c.hCircuit;
    out.speedMs = c.vCircuit;
    out.verticalRateMs = 0;
    out.onGround = false;
    return out;
  }
  const descent = level - c.levelS;
  if (descent < c.descentS) {
    const k = descent / c.descentS;
    const v = c.vCircuit + (TOUCHDOWN_MS - c.vCircuit) * k;
    const s = c.sDescent + c.vCircuit * descent + ((TOUCHDOWN_MS - c.vCircuit) * descent * k) / 2;
    out.phase = 'descent';
    out.distanceM = s;
    out.altitudeM = Math.max(c.elevationM, c.hCircuit - (s - c.sDescent) * c.gradient);
    out.speedMs = v;
    out.verticalRateMs = -v * c.gradient;
    out.onGround = false;
    return out;
  }
  out.altitudeM = c.elevationM;
  out.verticalRateMs = 0;
  out.onGround = true;
  if (t < c.tStop) {
    const roll = (t - c.tTouchdown) / 1000;
    out.phase = 'rollout';
    out.distanceM = c.sTouchdown + TOUCHDOWN_MS * roll - (LANDING_DECELERATION * roll * roll) / 2;
    out.speedMs = Math.max(0, TOUCHDOWN_MS - LANDING_DECELERATION * roll);
    return out;
  }
  out.phase = 'parked';
  out.distanceM = c.sTouchdown + (TOUCHDOWN_MS * TOUCHDOWN_MS) / (2 * LANDING_DECELERATION);
  out.speedMs = 0;
  return out;
}
