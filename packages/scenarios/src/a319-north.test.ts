import { describe, expect, it } from 'vitest';
import { run, track } from './test-support/run.js';

describe('the built-in a319-north through the crossings engine', () => {
  const { positions, flights } = run('a319-north');
  const { finals, events, rejected } = track(positions);

  it('is one A319 flight of the registry aircraft, LFPG to ESSA', () => {
    expect(flights).toMatchObject([
      {
        icao24: '3946e9',
        callsign: 'AFR91HL',
        type: 'A319',
        origin: 'LFPG',
        destination: 'ESSA',
        registered: true,
      },
    ]);
    expect(rejected).toEqual([]);
  });

  it('takes off at LFPG and lands at ESSA', () => {
    const points = events.filter((e) => e.type === 'TAKEOFF' || e.type === 'LANDING');
    expect(points.map((e) => [e.type, e.airportIcao])).toEqual([
      ['TAKEOFF', 'LFPG'],
      ['LANDING', 'ESSA'],
    ]);
    expect(finals[0]?.departureAirport).toBe('LFPG');
    expect(finals.at(-1)?.arrivalAirport).toBe('ESSA');
  });

  it('crosses France, Belgium, the Netherlands, Germany, Denmark and Sweden in that order', () => {
    // CDG lies in Reims (LFEE) in the bundled VATSpy layer, not Paris (LFFF).
    expect(finals.map((c) => c.firId)).toEqual([
      'LFEE',
      'EBBU',
      'EHAA',
      'EDWW',
      'EKDK',
      'ESMM',
      'ESOS',
    ]);
    expect(new Set(finals.map((c) => c.flightId)).size).toBe(1);
  });
});
