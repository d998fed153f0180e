import { describe, expect, it } from 'vitest';
import { normalize } from '../inputs/normalize.js';
import { airports } from '../test-support/harness.js';
import { at, flightEvent, type LegSpec, schedule } from '../test-support/records.js';
import { World } from './world.js';

const HOUR = 3_600_000;
const options = {
  now: Date.UTC(2100, 0, 1),
  maxFutureMs: 0,
  knownAirport: (icao: string) => airports.byIcao(icao) !== undefined,
};
const leg = (extra: Partial<LegSpec> = {}) =>
  normalize(
    'flight.schedules',
    schedule({ flight: 'LH100', from: 'EDDF', to: 'EGLL', dep: '08:00', arr: '09:40', ...extra }),
    options,
  );
const event = (
  flightId: string,
  type: Parameters<typeof flightEvent>[0]['type'],
  time: string | number,
  icao24 = '3c6444',
) =>
  normalize(
    'flight.events',
    flightEvent({ flightId, icao24, callsign: 'DLH100', type, at: time }),
    options,
  );

describe('the world', () => {
  it('matches a track to the leg of its callsign whose scheduled departure is nearest its take-off', () => {
    const w = new World();
    w.apply(leg());
    w.apply(leg({ day: 1 }));
    w.apply(event('tomorrow', 'TAKEOFF', at('08:10+1')));
    w.apply(event('late', 'TAKEOFF', '13:00'));
    expect(w.flights.get('tomorrow')?.scheduleId).toBe('LH100-20250615-EDDF');
    expect(w.flights.get('late')?.scheduleId).toBe('LH100-20250614-EDDF');
  });

  it('does not match a track of another airframe, nor one more than six hours late', () => {
    const w = new World();
    w.apply(leg({ icao24: '3c0001' }));
    w.apply(event('other', 'TAKEOFF', '08:10'));
    expect(w.flights.get('other')?.scheduleId).toBeNull();
    const v = new World();
    v.apply(leg());
    v.apply(event('six', 'TAKEOFF', '14:00'));
    v.apply(event('more', 'TAKEOFF', at('14:00') + 1, '3c6445'));
    expect(v.flights.get('six')?.scheduleId).toBe('LH100-20250614-EDDF');
    expect(v.flights.get('more')?.scheduleId).toBeNull();
  });

  it('matches a track seen before its schedule once the schedule comes', () => {
    const w = new World();
    w.apply(event('f1', 'TAKEOFF', '08:10'));
    expect(w.flights.get('f1')?.scheduleId).toBeNull();
    w.apply(leg());
    expect(w.flights.get('f1')?.scheduleId).toBe('LH100-20250614-EDDF');
    expect(w.flightsOf('LH100-20250614-EDDF').map((f) => f.flightId)).toEqual(['f1']);
  });

  it('keeps only the later view of a leg, and ignores a repeated event', () => {
    const w = new World();
    expect(w.apply(leg({ estDep: '08:30', updatedAt: '07:00' }))).toBe(true);
    expect(w.apply(leg({ estDep: '08:20', updatedAt: '06:00' }))).toBe(false);
    expect(w.legs.get('LH100-20250614-EDDF')?.estimatedDeparture).toBe(at('08:30'));
    expect(w.apply(event('f1', 'TAKEOFF', '08:40'))).toBe(true);
    expect(w.apply(event('f1', 'TAKEOFF', '08:40'))).toBe(false);
    // FIR crossings only move the watermark.
    expect(w.apply(event('f1', 'FIR_ENTRY', '08:50'))).toBe(false);
  });

  it('forgets a track no leg matched six hours after its last event, unless it shows an anomaly', () => {
    const w = new World();
    w.apply(event('plain', 'TAKEOFF', '08:00', '4b0001'));
    w.apply(event('held', 'HOLDING', '08:00', '4b0002'));
    const keepNone = () => false;
    w.evict(at('00:00'), at('00:00'), keepNone, at('08:00') + 6 * HOUR);
    expect([...w.flights.keys()].sort()).toEqual(['held', 'plain']);
    w.evict(at('00:00'), at('00:00'), keepNone, at('08:00') + 6 * HOUR + 1);
    expect([...w.flights.keys()]).toEqual(['held']);
  });
});
