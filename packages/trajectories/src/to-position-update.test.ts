import { describe, expect, it } from 'vitest';
import { toPositionUpdate } from './to-position-update.js';
import type { TrajectoryPosition } from './types.js';

const position: TrajectoryPosition = {
  icao24: '738043',
  t: 1_572_783_280_000,
  lat: 33.9469145,
  lon: 29.511996,
  baroAltitudeM: 4_488.18,
  geoAltitudeM: null,
  onGround: null,
  velocityMs: 220.7,
  trackDeg: 117,
  verticalRateMs: -14.6304,
  callsign: 'ELY1747',
  squawk: '1203',
  lastContact: null,
  originCountry: null,
  line: 1_000,
};

describe('a position as a flights.updates record', () => {
  it('keeps SI values, an unknown onGround as null, and times lastContact by the fix when unknown', () => {
    expect(toPositionUpdate(position, 'REPLAY', 42)).toEqual({
      icao24: '738043',
      callsign: 'ELY1747',
      originCountry: null,
      positionTime: 1_572_783_280_000,
      lastContact: 1_572_783_280_000,
      latitude: 33.9469145,
      longitude: 29.511996,
      baroAltitudeM: 4_488.18,
      geoAltitudeM: null,
      onGround: null,
      velocityMs: 220.7,
      trackDeg: 117,
      verticalRateMs: -14.6304,
      squawk: '1203',
      source: 'REPLAY',
      receivedAt: 42,
    });
  });

  it('shifts both times for a looping replay', () => {
    const update = toPositionUpdate(
      { ...position, lastContact: position.t + 500 },
      'REPLAY',
      0,
      1_000,
    );
    expect([update.positionTime, update.lastContact]).toEqual([
      position.t + 1_000,
      position.t + 1_500,
    ]);
  });
});
