import type { TrackedPosition } from '../types.js';

const KM_PER_DEG = 111.195; // the mean-earth-radius sphere of @overfly/geo
export const FT = 0.3048;

/** One stretch of a flight: so long, turning this fast (right positive), climbing this fast. */
export interface Stretch {
  seconds: number;
  turnDegS?: number;
  climbMs?: number;
  speedMs?: number;
  onGround?: boolean;
}

export interface Aircraft {
  icao24: string;
  t: number;
  lon: number;
  lat: number;
  headingDeg: number;
  altitudeM: number;
  speedMs: number;
}

/**
 * Fixes every `stepS` seconds of an aircraft flying the stretches in turn (dead reckoning on
 * a flat earth near the equator: the test boxes are a few degrees wide). `aircraft` is
 * moved along, so the next call goes on from where this one ended.
 */
export function fly(
  aircraft: Aircraft,
  stretches: readonly Stretch[],
  stepS = 10,
): TrackedPosition[] {
  const fixes: TrackedPosition[] = [];
  for (const stretch of stretches) {
    if (stretch.speedMs !== undefined) aircraft.speedMs = stretch.speedMs;
    for (let s = 0; s < stretch.seconds; s += stepS) {
      aircraft.t += stepS * 1000;
      aircraft.headingDeg += (stretch.turnDegS ?? 0) * stepS;
      aircraft.altitudeM += (stretch.climbMs ?? 0) * stepS;
      const km = (aircraft.speedMs * stepS) / 1000;
      const rad = (aircraft.headingDeg * Math.PI) / 180;
      aircraft.lat += (km * Math.cos(rad)) / KM_PER_DEG;
      aircraft.lon +=
        (km * Math.sin(rad)) / (KM_PER_DEG * Math.cos((aircraft.lat * Math.PI) / 180));
      const ground = stretch.onGround ?? false;
      fixes.push({
        icao24: aircraft.icao24,
        positionTime: aircraft.t,
        latitude: aircraft.lat,
        longitude: aircraft.lon,
        baroAltitudeM: ground ? null : aircraft.altitudeM,
        geoAltitudeM: null,
        onGround: ground,
        velocityMs: aircraft.speedMs,
        callsign: 'TEST1',
      });
    }
  }
  return fixes;
}

/**
 * One standard racetrack lap at `speedMs`: a 180° right turn at 2°/s (a 25° bank at about
 * 250 kt), a 1-minute leg, another turn, another leg.
 */
export function racetrackLap(direction: 1 | -1 = 1): Stretch[] {
  return [
    { seconds: 90, turnDegS: 2 * direction },
    { seconds: 60 },
    { seconds: 90, turnDegS: 2 * direction },
    { seconds: 60 },
  ];
}
