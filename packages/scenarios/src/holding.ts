/**
 * A standard holding pattern as ICAO Doc 8168 (PANS-OPS) describes it — Vol I, "Holding
 * procedures" (entry, timing, speeds, bank) and Vol II, Part II, Section 4, Chapter 1 (the
 * shape, Figure II-4-1-1; the speeds, Table II-4-1-2): a racetrack entered at the fix on the
 * inbound course (a direct entry), right-hand turns at a rate of 3°/s or a 25° bank,
 * whichever needs the lesser bank, outbound legs of 1 minute at or below 14,000 ft and 1.5
 * minutes above, flown level at a holding speed. No wind, so the inbound leg is as long as
 * the outbound one and the aircraft is back over the fix after each lap.
 */
import { trueAirspeedMs } from './cruise.js';
import { LocalPath } from './local-path.js';
import { METRES_PER_FOOT, MS_PER_KNOT } from './profile.js';
import type { LatLon, RoutePoint } from './route.js';

const RAD = Math.PI / 180;
/** Standard gravity (m/s²). */
const G0 = 9.80665;
/** PANS-OPS turns: rate one (3°/s) or 25° of bank, whichever requires the lesser bank. */
const RATE_ONE_RAD_S = 3 * RAD;
const MAX_BANK_RAD = 25 * RAD;
/** Outbound timing: 1 min at or below 14,000 ft, 1.5 min above (PANS-OPS). */
const OUTBOUND_S_LOW = 60;
const OUTBOUND_S_HIGH = 90;
const TIMING_CHANGE_FT = 14_000;
/**
 * Holding speed, indicated: 220 kt, below PANS-OPS' maximum of 230 kt up to FL140 (240 kt
 * to FL200); what airliners typically fly in a stack. Chosen.
 */
const HOLDING_IAS_MS = 220 * MS_PER_KNOT;

/** The rate of a PANS-OPS turn at a true airspeed: rate one, unless that needs more than 25° of bank. */
export function standardTurnRateRadS(speedMs: number): number {
  return Math.min(RATE_ONE_RAD_S, (G0 * Math.tan(MAX_BANK_RAD)) / speedMs);
}

/** The true airspeed a holding is flown at, at this altitude. */
export function holdingSpeedMs(altitudeM: number): number {
  return trueAirspeedMs(HOLDING_IAS_MS, altitudeM);
}

export interface Holding {
  readonly tFrom: number;
  readonly tTo: number;
  readonly altitudeM: number;
  readonly speedMs: number;
  readonly laps: number;
  readonly lapMs: number;
  readonly fix: LatLon;
  readonly inboundCourseDeg: number;
  readonly path: LocalPath;
}

/**
 * The pattern over `fix`, entered at `tFrom` on `inboundCourseDeg`, flown for the whole
 * number of laps nearest `durationMs` (at least one): it is left over the fix.
 */
export function planHolding(
  fix: LatLon,
  inboundCourseDeg: number,
  altitudeM: number,
  tFrom: number,
  durationMs: number,
): Holding {
  const speedMs = holdingSpeedMs(altitudeM);
  const radiusM = speedMs / standardTurnRateRadS(speedMs);
  const outboundS =
    altitudeM <= TIMING_CHANGE_FT * METRES_PER_FOOT ? OUTBOUND_S_LOW : OUTBOUND_S_HIGH;
  const legM = speedMs * outboundS;
  const path = new LocalPath(fix, inboundCourseDeg, [
    { kind: 'arc', radiusM, angleRad: Math.PI },
    { kind: 'line', lengthM: legM },
    { kind: 'arc', radiusM, angleRad: Math.PI },
    { kind: 'line', lengthM: legM },
  ]);
  const lapMs = (path.lengthM / speedMs) * 1000;
  const laps = Math.max(1, Math.round(durationMs / lapMs));
  return {
    tFrom,
    tTo: tFrom + laps * lapMs,
    altitudeM,
    speedMs,
    laps,
    lapMs,
    fix,
    inboundCourseDeg,
    path,
  };
}

/** Where the aircraft is in the pattern at t (clamped to the pattern's time). */
export function holdingPointAt(holding: Holding, t: number, out: RoutePoint): RoutePoint {
  const elapsed = Math.min(Math.max(0, t - holding.tFrom), holding.tTo - holding.tFrom);
  const s = (holding.speedMs * elapsed) / 1000;
  return holding.path.at(s % holding.path.lengthM, out);
}
