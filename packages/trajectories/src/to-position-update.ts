import type { PositionSource, PositionUpdate } from '@overfly/schemas';
import type { TrajectoryPosition } from './types.js';

/**
 * A file's position as a `flights.updates` record (what a replay publishes). `lastContact`
 * falls back to the position time when the file has none; `timeShiftMs` moves both
 * times (a looping replay keeps time increasing).
 */
export function toPositionUpdate(
  position: TrajectoryPosition,
  source: PositionSource,
  receivedAt: number,
  timeShiftMs = 0,
): PositionUpdate {
  return {
    icao24: position.icao24,
    callsign: position.callsign,
    originCountry: position.originCountry,
    positionTime: position.t + timeShiftMs,
    lastContact: (position.lastContact ?? position.t) + timeShiftMs,
    latitude: position.lat,
    longitude: position.lon,
    baroAltitudeM: position.baroAltitudeM,
    geoAltitudeM: position.geoAltitudeM,
    onGround: position.onGround,
    velocityMs: position.velocityMs,
    trackDeg: position.trackDeg,
    verticalRateMs: position.verticalRateMs,
    squawk: position.squawk,
    source,
    receivedAt,
  };
}
