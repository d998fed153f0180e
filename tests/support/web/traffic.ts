import type { AircraftState, PositionUpdate } from '@overfly/schemas';

/** One test aircraft: where it is and what it says. */
export interface TestAircraft {
  icao24: string;
  callsign: string;
  lat: number;
  lon: number;
  altM: number;
  onGround: boolean;
}

const OPERATORS = ['BAW', 'AFR', 'DLH', 'SWR', 'EZY', 'RYR'];

/**
 * `n` aircraft spread over western Europe (45–52°N, 0–12°E), deterministic: every sixth
 * of each operator, one in ten on the ground, the rest between 1,000 and 12,000 m.
 */
export function europeTraffic(n: number): TestAircraft[] {
  return Array.from({ length: n }, (_, i) => {
    const onGround = i % 10 === 9;
    return {
      icao24: (0x3c0000 + i).toString(16),
      callsign: `${OPERATORS[i % OPERATORS.length]}${100 + i}`,
      lat: 45 + ((i * 37) % 700) / 100,
      lon: 0 + ((i * 53) % 1200) / 100,
      altM: onGround ? 0 : 1_000 + ((i * 997) % 11_000),
      onGround,
    };
  });
}

/** A `flights.state` record of a test aircraft with its fix at `t`. */
export function stateOf(a: TestAircraft, t: number): AircraftState {
  return {
    icao24: a.icao24,
    callsign: a.callsign,
    originCountry: 'Testland',
    positionTime: t,
    lastContact: t,
    latitude: a.lat,
    longitude: a.lon,
    baroAltitudeM: a.onGround ? null : a.altM,
    geoAltitudeM: a.onGround ? null : a.altM + 60,
    onGround: a.onGround,
    velocityMs: a.onGround ? 5 : 220,
    trackDeg: 90,
    verticalRateMs: 0,
    squawk: '1000',
    source: 'SIMULATED',
    firstSeen: t,
    lastSeen: t,
    updatedAt: t,
  };
}

/** A `flights.updates` report of a test aircraft at `t` (tracks and time travel read these). */
export function updateOf(a: TestAircraft, t: number): PositionUpdate {
  const { firstSeen: _f, lastSeen: _l, updatedAt: _u, ...report } = stateOf(a, t);
  return { ...report, receivedAt: t + 500 };
}
