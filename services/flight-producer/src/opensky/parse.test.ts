import { describe, expect, it } from 'vitest';
import { OpenSkyError } from './errors.js';
import { mergeStates, parseRow, parseStatesResponse } from './parse.js';
import { stateRow, T0_SECONDS } from './test-support/fake-opensky.js';
import type { OpenSkyState } from './types.js';

describe('parseStatesResponse', () => {
  it('names every column of a row, in OpenSky’s units', () => {
    const { time, states } = parseStatesResponse({
      time: T0_SECONDS,
      states: [stateRow('3C6444')],
    });
    expect(time).toBe(T0_SECONDS);
    expect(states).toEqual([
      {
        icao24: '3c6444',
        callsign: 'DLH4AB',
        originCountry: 'Germany',
        timePosition: T0_SECONDS - 1,
        lastContact: T0_SECONDS,
        longitude: 8.5622,
        latitude: 50.0379,
        baroAltitudeM: 10_972.8,
        onGround: false,
        velocityMs: 231.4,
        trueTrackDeg: 87.2,
        verticalRateMs: -0.33,
        geoAltitudeM: 11_201.4,
        squawk: '1000',
        spi: false,
        positionSource: 0,
        category: 4,
      } satisfies OpenSkyState,
    ]);
  });

  it('skips malformed rows, counting each by the field that failed, and keeps the rest', () => {
    const rows: unknown[] = [
      stateRow('4b1814'),
      'not a row',
      stateRow('4b1815').slice(0, 10),
      stateRow('zzzzzz'),
      stateRow('4b1816', { 4: '1735732800' }),
      stateRow('4b1817', { 6: 123.4 }),
      stateRow('4b1818', { 8: 'false' }),
      stateRow('4b1819', { 17: 'heavy' }),
      stateRow('4b181a', { 1: null, 3: null, 5: null, 6: null, 7: null, 13: null, 14: null }),
    ];
    const { states, rejected } = parseStatesResponse({ time: T0_SECONDS, states: rows });

    expect(states.map((s) => s.icao24)).toEqual(['4b1814', '4b181a']);
    expect(rejected).toEqual({
      not_an_array: 1,
      too_short: 1,
      icao24: 1,
      last_contact: 1,
      latitude: 1,
      on_ground: 1,
      category: 1,
    });
  });

  it('reads 17-column rows (no extended=1) with an unknown category', () => {
    const state = parseRow(stateRow('abc123').slice(0, 17));
    expect(state).toMatchObject({ icao24: 'abc123', category: null });
  });

  it('treats a blank callsign as none', () => {
    expect(parseRow(stateRow('abc123', { 1: '        ' }))).toMatchObject({ callsign: null });
  });

  it('reads "states": null as no aircraft', () => {
    expect(parseStatesResponse({ time: T0_SECONDS, states: null })).toEqual({
      time: T0_SECONDS,
      states: [],
      rejected: {},
    });
  });

  it.each([
    ['an HTML page', '<html>maintenance</html>'],
    ['an array', []],
    ['a missing time', { states: [] }],
    ['states that are not an array', { time: 1, states: 'none' }],
  ])('rejects %s as FLIGHT_PRODUCER_OPENSKY_INVALID_RESPONSE', (_name, body) => {
    expect(() => parseStatesResponse(body)).toThrow(OpenSkyError);
    expect(() => parseStatesResponse(body)).toThrow(
      expect.objectContaining({
        code: 'FLIGHT_PRODUCER_OPENSKY_INVALID_RESPONSE',
        retriable: true,
      }),
    );
  });
});

describe('mergeStates', () => {
  it('keeps one state per aircraft, the one heard from last', () => {
    const older = parseRow(stateRow('abc123', { 4: T0_SECONDS - 5 })) as OpenSkyState;
    const newer = parseRow(stateRow('abc123', { 4: T0_SECONDS })) as OpenSkyState;
    const other = parseRow(stateRow('def456')) as OpenSkyState;

    expect(mergeStates([[newer, other], [older]])).toEqual([newer, other]);
    expect(mergeStates([[older], [newer]])).toEqual([newer]);
  });
});
