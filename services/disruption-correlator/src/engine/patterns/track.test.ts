import { describe, expect, it } from 'vitest';
import { airports, Harness, onTopic } from '../../test-support/harness.js';
import { at, flightEvent, schedule, scheduleIdOf } from '../../test-support/records.js';

const LH100 = scheduleIdOf('LH100', 'EDDF');
const where = (icao: string) => {
  const a = airports.byIcao(icao);
  if (!a) throw new Error(icao);
  return { lat: a.lat, lon: a.lon };
};
const leg = (extra: Partial<Parameters<typeof schedule>[0]> = {}) =>
  onTopic.schedule(
    schedule({ flight: 'LH100', from: 'EDDF', to: 'EGLL', dep: '08:00', arr: '09:40', ...extra }),
  );
const event = (
  type: Parameters<typeof flightEvent>[0]['type'],
  time: string,
  airport: string | null,
  extra = {},
) =>
  onTopic.event(
    flightEvent({
      flightId: '3c6444-1',
      icao24: '3c6444',
      callsign: 'DLH100',
      type,
      at: time,
      airport,
      ...(airport ? where(airport) : {}),
      ...extra,
    }),
  );

describe('DIVERSION', () => {
  it('is found from the track alone: the matched flight lands more than 10 km from its destination', () => {
    const h = new Harness();
    h.feedAll([leg(), event('TAKEOFF', '08:12', 'EDDF'), event('LANDING', '09:20', 'EDDM')]);
    h.until(at('09:30'));
    const [diversion] = h.of('DIVERSION');
    expect(diversion).toMatchObject({
      lifecycle: 'DETECTED',
      severity: 'HIGH',
      airportIcao: 'EDDM',
      confidence: 0.85,
      summary: 'LH100 EDDF\u2192EGLL diverted to EDDM at 09:20Z (track)',
    });
    expect(diversion?.affectedFlights[0]).toMatchObject({
      scheduleId: LH100,
      flightId: '3c6444-1',
    });
    expect(diversion?.positions.map((p) => [p.kind, p.airportIcao])).toEqual([
      ['TAKEOFF', 'EDDF'],
      ['LANDING', 'EDDM'],
    ]);
    expect(diversion?.correlatedEventIds).toContain(`3c6444-1-LANDING-${at('09:20')}`);
    // Over one window after the landing.
    h.until(at('11:00'));
    expect(h.lifecycleOf('DIVERSION', LH100)).toEqual(['DETECTED', 'RESOLVED']);
  });

  it('is not found for a landing at the destination, nor for a track that is not the leg', () => {
    const home = new Harness();
    home.feedAll([leg(), event('TAKEOFF', '08:12', 'EDDF'), event('LANDING', '09:31', 'EGLL')]);
    home.until(at('10:00'));
    expect(home.of('DIVERSION')).toEqual([]);

    // The schedule names another airframe: the track is not this leg's.
    const other = new Harness();
    other.feedAll([
      leg({ icao24: '3c0001' }),
      event('TAKEOFF', '08:12', 'EDDF'),
      event('LANDING', '09:20', 'EDDM'),
    ]);
    other.until(at('10:00'));
    expect(other.of('DIVERSION')).toEqual([]);

    // A landing that names no aerodrome and has no position says nothing of where.
    const nowhere = new Harness();
    nowhere.feedAll([leg(), event('TAKEOFF', '08:12', 'EDDF'), event('LANDING', '09:20', null)]);
    nowhere.until(at('10:00'));
    expect(nowhere.of('DIVERSION')).toEqual([]);

    // Taking off more than six hours after the scheduled departure: not this leg either.
    const late = new Harness();
    late.feedAll([leg(), event('TAKEOFF', '14:01', 'EDDF'), event('LANDING', '15:20', 'EDDM')]);
    late.until(at('16:00'));
    expect(late.of('DIVERSION')).toEqual([]);
  });

  it('is found from the airline status, with the diversion aerodrome', () => {
    const h = new Harness();
    h.feedAll([
      leg(),
      leg({ status: 'DIVERTED', diversionAirport: 'EHAM', actDep: '08:05', updatedAt: '09:25' }),
    ]);
    h.until(at('09:40'));
    expect(h.of('DIVERSION')[0]).toMatchObject({ airportIcao: 'EHAM', confidence: 0.95 });
  });

  it('of a flight no leg matches comes from its DIVERTED event, anchored to the flight', () => {
    const h = new Harness();
    h.feedAll([event('TAKEOFF', '08:12', 'EDDF'), event('DIVERTED', '09:20', 'EDDM')]);
    h.until(at('09:30'));
    expect(h.of('DIVERSION')[0]).toMatchObject({
      disruptionId: 'DIVERSION/flight:3c6444-1/20250614T0825Z',
      affectedFlights: [],
      eu261Relevant: false,
    });
  });
});

describe('RETURN_TO_ORIGIN', () => {
  it('is found when the matched flight takes off and lands back at its departure aerodrome', () => {
    const h = new Harness();
    h.feedAll([leg(), event('TAKEOFF', '08:12', 'EDDF'), event('LANDING', '08:50', 'EDDF')]);
    h.until(at('09:00'));
    expect(h.of('RETURN_TO_ORIGIN')[0]).toMatchObject({
      summary: 'LH100 EDDF\u2192EGLL returned to EDDF after take-off at 08:50Z (track)',
      airportIcao: 'EDDF',
    });
    expect(h.of('DIVERSION')).toEqual([]);
  });

  it('is the airline’s DIVERTED status to the departure aerodrome itself, not a diversion', () => {
    // Found scoring network-chaos: the feed says DIVERTED (to LFPG) for AF1002 returning to
    // LFPG, which read as a diversion beside the return (a false DIVERSION).
    const h = new Harness();
    h.feedAll([
      leg(),
      leg({ status: 'DIVERTED', diversionAirport: 'EDDF', actDep: '08:05', updatedAt: '08:30' }),
    ]);
    h.until(at('08:40'));
    expect(h.of('DIVERSION')).toEqual([]);
    expect(h.of('RETURN_TO_ORIGIN')[0]).toMatchObject({
      summary: 'LH100 EDDF→EGLL returned to EDDF after take-off at 08:30Z (airline status)',
      confidence: 0.95,
    });
  });

  it('is found from the track detector’s RETURN_TO_ORIGIN event', () => {
    const h = new Harness();
    h.feedAll([
      leg(),
      event('TAKEOFF', '08:12', 'EDDF'),
      event('RETURN_TO_ORIGIN', '08:30', null, where('EDDF')),
    ]);
    h.until(at('08:40'));
    expect(h.of('RETURN_TO_ORIGIN')[0]).toMatchObject({ confidence: 0.9 });
  });
});

describe('HOLDING and GO_AROUND', () => {
  it('come from the track detector’s events, anchored to the flight, with their positions', () => {
    const h = new Harness();
    h.feedAll([
      leg(),
      event('TAKEOFF', '08:12', 'EDDF'),
      event('HOLDING', '09:20', null, { lat: 51.6, lon: -0.3 }),
      event('HOLDING', '09:32', null, { lat: 51.6, lon: -0.3 }),
      event('GO_AROUND', '09:45', 'EGLL'),
    ]);
    h.until(at('09:50'));
    const holding = h.of('HOLDING');
    expect(holding.map((d) => d.lifecycle)).toEqual(['DETECTED', 'UPDATED']);
    expect(holding[1]).toMatchObject({
      severity: 'LOW',
      airportIcao: 'EGLL',
      summary: 'LH100 EDDF\u2192EGLL held near EGLL 2 times, last at 09:32Z',
      eu261Relevant: false,
    });
    expect(holding[1]?.positions.map((p) => [p.kind, p.latitude])).toEqual([
      ['HOLDING', 51.6],
      ['HOLDING', 51.6],
    ]);
    expect(h.of('GO_AROUND')[0]?.disruptionId).toBe('GO_AROUND/flight:3c6444-1/20250614T0850Z');
    h.until(at('11:00'));
    expect(h.lifecycleOf('HOLDING', 'flight:3c6444-1')).toEqual([
      'DETECTED',
      'UPDATED',
      'RESOLVED',
    ]);
  });
});
