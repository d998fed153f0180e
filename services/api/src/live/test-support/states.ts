import type { AircraftState } from '@overfly/schemas';

/** A state with plausible values; `t` is its position time (epoch ms). */
export function aircraftState(
  icao24: string,
  t: number,
  overrides: Partial<AircraftState> = {},
): AircraftState {
  return {
    icao24,
    callsign: 'AFR123',
    originCountry: 'France',
    positionTime: t,
    lastContact: t,
    latitude: 48.5,
    longitude: 2.5,
    baroAltitudeM: 10_000,
    geoAltitudeM: 10_100,
    onGround: false,
    velocityMs: 230.04,
    trackDeg: 90.01,
    verticalRateMs: 0,
    squawk: '1000',
    source: 'SIMULATED',
    firstSeen: t,
    lastSeen: t,
    updatedAt: t,
    ...overrides,
  };
}

/** A six-hex-digit icao24 for the i-th test aircraft. */
export const icao = (i: number): string => i.toString(16).padStart(6, '0');
