import { describe, expect, it } from 'vitest';
import { CorrelatorError } from '../errors.js';
import { airports } from '../test-support/harness.js';
import { at, flightEvent, manifest, schedule, weatherReport } from '../test-support/records.js';
import { normalize } from './normalize.js';

const options = {
  now: at('12:00'),
  maxFutureMs: 3_600_000,
  knownAirport: (icao: string) => airports.byIcao(icao) !== undefined,
};
const event = flightEvent({
  flightId: '3c6444-1',
  icao24: '3C6444',
  callsign: ' dlh 100 ',
  type: 'TAKEOFF',
  at: '08:12',
  airport: 'eddf',
});
const leg = schedule({ flight: 'LH100', from: 'EDDF', to: 'EGLL', dep: '08:00', arr: '09:40' });

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof CorrelatorError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

describe('normalizing an input', () => {
  it('keeps what the patterns read, callsigns and codes written one way', () => {
    expect(normalize('flight.events', event, options)).toEqual({
      kind: 'event',
      event: {
        eventId: event.eventId,
        flightId: '3c6444-1',
        icao24: '3c6444',
        callsign: 'DLH100',
        type: 'TAKEOFF',
        occurredAt: at('08:12'),
        latitude: null,
        longitude: null,
        airportIcao: 'EDDF',
        delayMinutes: null,
        evidence: [],
      },
    });
    expect(
      normalize('passenger.manifests', manifest(leg.scheduleId, '06:00', 3), options),
    ).toMatchObject({
      kind: 'manifest',
      manifest: { scheduleId: leg.scheduleId, passengerCount: 3 },
    });
  });

  it('refuses a flight event without a flight id, naming the field', () => {
    expect(refusal(() => normalize('flight.events', { ...event, flightId: ' ' }, options))).toEqual(
      {
        code: 'DISRUPTION_CORRELATOR_MISSING_ID',
        message: `flight event ${event.eventId} without flightId`,
      },
    );
    expect(
      refusal(() => normalize('flight.schedules', { ...leg, scheduleId: '' }, options)).code,
    ).toBe('DISRUPTION_CORRELATOR_MISSING_ID');
    expect(
      refusal(() =>
        normalize(
          'passenger.manifests',
          { ...manifest(leg.scheduleId, '06:00', 1), scheduleId: '' },
          options,
        ),
      ).code,
    ).toBe('DISRUPTION_CORRELATOR_MISSING_ID');
  });

  it('refuses a time further ahead of the clock than allowed, and accepts one just within it', () => {
    const ahead = (t: number) => normalize('flight.events', { ...event, occurredAt: t }, options);
    expect(() => ahead(at('13:00'))).not.toThrow();
    expect(refusal(() => ahead(at('13:00') + 1))).toEqual({
      code: 'DISRUPTION_CORRELATOR_TIME_IN_FUTURE',
      message: `flight event ${event.eventId}: occurredAt 2025-06-14T13:00:00.001Z is more than 60 min ahead of the clock (2025-06-14T12:00:00.000Z)`,
    });
    // A schedule may be for next week; only the time it was changed is checked.
    expect(() =>
      normalize(
        'flight.schedules',
        {
          ...leg,
          scheduledDeparture: at('08:00') + 7 * 86_400_000,
          scheduledArrival: at('10:00') + 7 * 86_400_000,
        },
        options,
      ),
    ).not.toThrow();
    expect(
      refusal(() => normalize('flight.schedules', { ...leg, updatedAt: at('14:00') }, options))
        .code,
    ).toBe('DISRUPTION_CORRELATOR_TIME_IN_FUTURE');
  });

  it('refuses impossible times', () => {
    expect(
      refusal(() =>
        normalize(
          'external.weather',
          { ...weatherReport({ station: 'EDDF', at: '08:00' }), observedAt: 0 },
          options,
        ),
      ).code,
    ).toBe('DISRUPTION_CORRELATOR_TIME_INVALID');
    expect(
      refusal(() =>
        normalize(
          'flight.schedules',
          { ...leg, scheduledArrival: leg.scheduledDeparture - 1 },
          options,
        ),
      ),
    ).toEqual({
      code: 'DISRUPTION_CORRELATOR_TIME_INVALID',
      message: `schedule ${leg.scheduleId}: scheduledArrival is before scheduledDeparture`,
    });
  });

  it('refuses an aerodrome the airport table does not know', () => {
    expect(
      refusal(() => normalize('flight.schedules', { ...leg, arrivalAirport: 'ZZZZ' }, options)),
    ).toEqual({
      code: 'DISRUPTION_CORRELATOR_UNKNOWN_AIRPORT',
      message: `schedule ${leg.scheduleId}: arrivalAirport ZZZZ is not in the airport table`,
    });
    expect(
      refusal(() =>
        normalize('external.weather', weatherReport({ station: 'QZQZ', at: '08:00' }), options),
      ).code,
    ).toBe('DISRUPTION_CORRELATOR_UNKNOWN_AIRPORT');
    expect(
      refusal(() => normalize('flight.events', { ...event, airportIcao: 'QQQQ' }, options)).code,
    ).toBe('DISRUPTION_CORRELATOR_UNKNOWN_AIRPORT');
    // No aerodrome at all is fine: most events are not at one.
    expect(() =>
      normalize('flight.events', { ...event, airportIcao: null }, options),
    ).not.toThrow();
  });
});
