import { describe, expect, it } from 'vitest';
import { flightRecord } from './flight-record.js';
import { aviationstackTime } from './local-time.js';
import { mapFlight } from './map-flight.js';

// The shape of a /v1/flights record as aviationstack documents it; the values of this one
// follow the example in apilayer/aviationstack issue #1 (Swiss LX3047 into Heathrow).
const landed = {
  flight_date: '2020-06-30',
  flight_status: 'landed',
  departure: {
    airport: 'Zurich',
    timezone: 'Europe/Zurich',
    iata: 'ZRH',
    icao: 'LSZH',
    terminal: null,
    gate: 'A50',
    delay: 9,
    scheduled: '2020-06-30T07:40:00+00:00',
    estimated: '2020-06-30T07:40:00+00:00',
    actual: '2020-06-30T07:49:00+00:00',
    estimated_runway: '2020-06-30T07:49:00+00:00',
    actual_runway: '2020-06-30T07:49:00+00:00',
  },
  arrival: {
    airport: 'Heathrow',
    timezone: 'Europe/London',
    iata: 'LHR',
    icao: 'EGLL',
    terminal: '2',
    gate: 'B48',
    baggage: '8',
    delay: null,
    scheduled: '2020-06-30T08:30:00+00:00',
    estimated: '2020-06-30T08:30:00+00:00',
    actual: '2020-06-30T08:23:00+00:00',
    estimated_runway: '2020-06-30T08:17:00+00:00',
    actual_runway: '2020-06-30T08:17:00+00:00',
  },
  airline: { name: 'Swiss', iata: 'LX', icao: 'SWR' },
  flight: { number: '3047', iata: 'LX3047', icao: 'SWR3047', codeshared: null },
  aircraft: { registration: 'HB-JLT', iata: 'A320', icao: 'A320', icao24: '4B1A1D' },
  live: null,
};

const map = (record: unknown) => mapFlight(flightRecord.parse(record), 'aviationstack');
const utc = (s: string) => Date.parse(s);

describe("aviationstack's local times marked +00:00", () => {
  it('are read as wall time in the airport’s zone (BST is UTC+1 in June)', () => {
    expect(aviationstackTime('2020-06-30T07:40:00+00:00', 'Europe/London')).toBe(
      utc('2020-06-30T06:40:00Z'),
    );
    expect(aviationstackTime('2020-01-30T07:40:00+00:00', 'Europe/London')).toBe(
      utc('2020-01-30T07:40:00Z'),
    );
    expect(aviationstackTime('2020-02-04T20:25:00+00:00', 'Asia/Singapore')).toBe(
      utc('2020-02-04T12:25:00Z'),
    );
  });

  it('take a real offset as written, and an unknown zone at face value', () => {
    expect(aviationstackTime('2020-06-30T07:40:00+01:00', 'Europe/London')).toBe(
      utc('2020-06-30T06:40:00Z'),
    );
    expect(aviationstackTime('2020-06-30T07:40:00+00:00', 'Not/AZone')).toBe(
      utc('2020-06-30T07:40:00Z'),
    );
    expect(aviationstackTime('2020-06-30T07:40:00+00:00', null)).toBe(utc('2020-06-30T07:40:00Z'));
    expect(aviationstackTime(null, 'UTC')).toBeNull();
    expect(aviationstackTime('soon', 'UTC')).toBeNull();
  });
});

describe('an aviationstack flight as a schedule', () => {
  it('maps a landed flight, with UTC times and the deterministic scheduleId', () => {
    expect(map(landed)).toEqual({
      scheduleId: 'LX3047-20200630-LSZH',
      flightNumber: 'LX3047',
      operatorIcao: 'SWR',
      callsign: 'SWR3047',
      icao24: '4b1a1d',
      registration: 'HB-JLT',
      aircraftType: 'A320',
      departureAirport: 'LSZH',
      arrivalAirport: 'EGLL',
      scheduledDeparture: utc('2020-06-30T05:40:00Z'),
      scheduledArrival: utc('2020-06-30T07:30:00Z'),
      estimatedDeparture: utc('2020-06-30T05:40:00Z'),
      estimatedArrival: utc('2020-06-30T07:30:00Z'),
      actualDeparture: utc('2020-06-30T05:49:00Z'),
      actualArrival: utc('2020-06-30T07:23:00Z'),
      status: 'LANDED',
      diversionAirport: null,
      delayCode: null,
      source: 'aviationstack',
    });
  });

  it('marks a scheduled flight 15 minutes late DELAYED, 14 minutes SCHEDULED', () => {
    const at = (delay: number) =>
      map({
        ...landed,
        flight_status: 'scheduled',
        departure: { ...landed.departure, delay, actual: null },
      });
    expect(at(15)?.status).toBe('DELAYED');
    expect(at(14)?.status).toBe('SCHEDULED');
  });

  it('tells an airborne flight from one that has only left the gate', () => {
    const active = { ...landed, flight_status: 'active' };
    expect(
      map({ ...active, departure: { ...landed.departure, actual_runway: null } })?.status,
    ).toBe('DEPARTED');
    expect(map(active)?.status).toBe('AIRBORNE');
  });

  it('maps a cancelled flight whose times and aircraft are null', () => {
    const cancelled = {
      ...landed,
      flight_status: 'cancelled',
      departure: {
        ...landed.departure,
        delay: null,
        estimated: null,
        actual: null,
        actual_runway: null,
      },
      arrival: { ...landed.arrival, estimated: null, actual: null, actual_runway: null },
      aircraft: null,
    };
    expect(map(cancelled)).toMatchObject({
      status: 'CANCELLED',
      icao24: null,
      registration: null,
      aircraftType: null,
      estimatedDeparture: null,
      actualDeparture: null,
    });
  });

  it('maps a diverted flight without inventing the aerodrome the API does not name', () => {
    expect(map({ ...landed, flight_status: 'diverted' })).toMatchObject({
      status: 'DIVERTED',
      diversionAirport: null,
    });
  });

  it('maps incident and unknown statuses to UNKNOWN', () => {
    expect(map({ ...landed, flight_status: 'incident' })?.status).toBe('UNKNOWN');
    expect(map({ ...landed, flight_status: null })?.status).toBe('UNKNOWN');
  });

  it('skips a marketing codeshare: the operating flight comes on its own', () => {
    const codeshare = {
      ...landed,
      airline: { name: 'Lufthansa', iata: 'LH', icao: 'DLH' },
      flight: {
        number: '5786',
        iata: 'LH5786',
        icao: 'DLH5786',
        codeshared: { airline_iata: 'lx', flight_iata: 'lx3047', flight_icao: 'swr3047' },
      },
    };
    expect(map(codeshare)).toBeNull();
  });

  it('builds the flight number from the airline code when flight.iata is null', () => {
    const record = {
      ...landed,
      flight: { number: '3047', iata: null, icao: null, codeshared: null },
    };
    expect(map(record)).toMatchObject({ flightNumber: 'LX3047', callsign: null });
  });

  it.each([
    ['no departure ICAO code', { departure: { ...landed.departure, icao: null } }],
    ['no airline ICAO code', { airline: { name: 'Swiss', iata: 'LX', icao: null } }],
    ['no scheduled departure', { departure: { ...landed.departure, scheduled: null } }],
    ['no arrival', { arrival: null }],
  ])('refuses a flight with %s (OPS_FEED_FLIGHT_UNMAPPABLE)', (why, change) => {
    expect(() => map({ ...landed, ...change })).toThrow(
      expect.objectContaining({
        code: 'OPS_FEED_FLIGHT_UNMAPPABLE',
        message: expect.stringContaining(why),
      }),
    );
  });
});
