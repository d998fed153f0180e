import type { PositionUpdate } from '@overfly/schemas';

/** icao24 of the n-th synthetic aircraft: six lowercase hex digits, as on the wire. */
export function icao24Of(n: number): string {
  return (0x400000 + n).toString(16).padStart(6, '0');
}

/**
 * A realistic `flights.updates` record (an airliner in cruise over Europe, OpenSky-like
 * fields): what the benchmark and tests move through Kafka. `seq` rides in positionTime
 * so order per aircraft can be checked on the other side.
 */
export function samplePosition(
  aircraft: number,
  seq: number,
  baseTime = 1_700_000_000_000,
): PositionUpdate {
  const t = baseTime + seq * 5_000;
  return {
    icao24: icao24Of(aircraft),
    callsign: `OVF${(aircraft % 9000) + 100}`,
    originCountry: 'Switzerland',
    positionTime: t,
    lastContact: t + 120,
    latitude: 46.5 + ((aircraft * 7) % 100) / 100 + seq * 0.0005,
    longitude: 7.5 + ((aircraft * 13) % 100) / 100 + seq * 0.0008,
    baroAltitudeM: 11_277.6,
    geoAltitudeM: 11_430,
    onGround: false,
    velocityMs: 231.5,
    trackDeg: 58.2,
    verticalRateMs: 0,
    squawk: '1000',
    source: 'SIMULATED',
    receivedAt: t + 900,
  };
}
