import { describe, expect, it } from 'vitest';
import type { OpenSkyState } from '../opensky/index.js';
import { createStateTracker } from '../state/state-tracker.js';
import { createLiveStep, toLiveUpdate } from './live-step.js';

function vector(
  icao24: string,
  timePosition: number | null,
  extra: Partial<OpenSkyState> = {},
): OpenSkyState {
  return {
    icao24,
    callsign: 'SWR123  ',
    originCountry: 'Switzerland',
    timePosition,
    lastContact: (timePosition ?? 1_000) + 0.5,
    longitude: 7.5,
    latitude: 46.9,
    baroAltitudeM: 11_277.6,
    onGround: false,
    velocityMs: 231.5,
    trueTrackDeg: 58.2,
    verticalRateMs: -1.3,
    geoAltitudeM: 11_430,
    squawk: '1000',
    spi: false,
    positionSource: 0,
    category: null,
    ...extra,
  };
}

const step = () =>
  createLiveStep({
    staleAfterMs: 15_000,
    forgetAfterMs: 300_000,
    tracker: createStateTracker({ throttleMs: 1_000, tombstoneAfterMs: 300_000 }),
  });

const poll = (time: number, states: OpenSkyState[]) => ({
  time,
  states,
  creditsCharged: 1,
  tiles: 1,
});

describe('one live poll', () => {
  it('maps a state vector to a PositionUpdate in epoch ms, trimmed, OPENSKY_LIVE', () => {
    expect(toLiveUpdate(vector('4B1805', 1_000), 7)).toEqual({
      icao24: '4b1805',
      callsign: 'SWR123',
      originCountry: 'Switzerland',
      positionTime: 1_000_000,
      lastContact: 1_000_500,
      latitude: 46.9,
      longitude: 7.5,
      baroAltitudeM: 11_277.6,
      geoAltitudeM: 11_430,
      onGround: false,
      velocityMs: 231.5,
      trackDeg: 58.2,
      verticalRateMs: -1.3,
      squawk: '1000',
      source: 'OPENSKY_LIVE',
      receivedAt: 7,
    });
    expect(toLiveUpdate(vector('4b1805', null), 7)).toBeNull();
  });

  it('publishes a position older than 15 s as an update but not as current state', () => {
    const out = step()(poll(1_020, [vector('aaaaaa', 1_004), vector('bbbbbb', 1_010)]), 0);
    expect(out.updates.map((u) => u.icao24)).toEqual(['aaaaaa', 'bbbbbb']);
    expect(out.states.map((s) => s.key)).toEqual(['bbbbbb']);
    expect(out.stale).toBe(1);
  });

  it('does not publish a repeated fix twice', () => {
    const live = step();
    live(poll(1_010, [vector('aaaaaa', 1_008)]), 0);
    const out = live(poll(1_020, [vector('aaaaaa', 1_008)]), 0);
    expect(out).toMatchObject({ updates: [], states: [], repeated: 1 });
  });

  it('tombstones an aircraft OpenSky stopped reporting after the idle time', () => {
    const live = step();
    live(poll(1_000, [vector('aaaaaa', 999), vector('bbbbbb', 999)]), 0);
    const out = live(poll(1_300, [vector('bbbbbb', 1_299)]), 0);
    expect(out.states).toEqual([
      expect.objectContaining({ key: 'bbbbbb' }),
      { key: 'aaaaaa', value: null },
    ]);
  });
});
