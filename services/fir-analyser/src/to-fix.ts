import type { PositionUpdate } from '@overfly/schemas';
import type { Fix } from '@overfly/tracking';

/** A flights.updates record as the engine reads it: barometric altitude, else GNSS. */
export function toFix(p: PositionUpdate): Fix {
  return {
    icao24: p.icao24,
    t: p.positionTime,
    lat: p.latitude,
    lon: p.longitude,
    altM: p.baroAltitudeM ?? p.geoAltitudeM,
    onGround: p.onGround,
    velocityMs: p.velocityMs,
    callsign: p.callsign,
  };
}
