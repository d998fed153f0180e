import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseItinerary, readItinerary } from './input.js';
import { thrown } from './test-support/itineraries.js';

const example = readFileSync(
  new URL('../examples/missed-connection.json', import.meta.url),
  'utf8',
);
/** The JSON as a file would hold it, loosely typed so a test can break any field. */
type Json = {
  legs: (Record<string, unknown> & { operatingCarrier: Record<string, unknown> })[];
  rerouting?: unknown;
};

const minimal = (): Json => ({
  legs: [
    {
      flightNumber: 'AF1234',
      operatingCarrier: { icao: 'AFR', community: true },
      from: 'LFPG',
      to: 'LIRF',
      scheduledDeparture: '2024-12-03T18:30:00+01:00',
      scheduledArrival: '2024-12-03T20:35+01:00',
      actualArrival: '2024-12-03T19:40:00Z',
      status: 'OPERATED',
    },
  ],
});

describe('the JSON itinerary', () => {
  it('turns ISO 8601 times with a zone into UTC epoch milliseconds', () => {
    const itinerary = readItinerary(example);
    expect(itinerary.bookingRef).toBe('K7XQ2M');
    expect(itinerary.legs[1]?.scheduledArrival).toBe(Date.UTC(2024, 8, 17, 9, 55));
    expect(itinerary.rerouting?.actualArrival).toBe(Date.UTC(2024, 8, 17, 13, 41));
    expect(itinerary.legs[0]?.cause?.evidence).toEqual(['disruption:DLH-EDDH-20240917-tech-1']);
  });

  it('fills what is left out with its default', () => {
    const itinerary = parseItinerary(minimal());
    expect(itinerary).toEqual({
      bookingRef: null,
      rerouting: null,
      thirdCountryRedress: false,
      legs: [
        {
          flightNumber: 'AF1234',
          operatingCarrier: { icao: 'AFR', community: true },
          from: 'LFPG',
          to: 'LIRF',
          scheduledDeparture: Date.UTC(2024, 11, 3, 17, 30),
          scheduledArrival: Date.UTC(2024, 11, 3, 19, 35),
          actualDeparture: null,
          actualArrival: Date.UTC(2024, 11, 3, 19, 40),
          status: 'OPERATED',
          cancellationNoticeAt: null,
          deniedBoarding: 'NONE',
          missedConnection: false,
          cause: null,
        },
      ],
    });
  });

  it.each([
    [
      'a time without a zone',
      (v: Json) => {
        v.legs[0]!.scheduledArrival = '2024-12-03T20:35:00';
      },
      'legs[0].scheduledArrival',
      'with a zone',
    ],
    [
      'a missing status',
      (v: Json) => {
        delete v.legs[0]!.status;
      },
      'legs[0].status',
      'Required',
    ],
    [
      'an unknown status',
      (v: Json) => {
        v.legs[0]!.status = 'LATE';
      },
      'legs[0].status',
      "'OPERATED'",
    ],
    [
      'a misspelt field',
      (v: Json) => {
        v.legs[0]!.actualArival = v.legs[0]!.actualArrival;
      },
      'legs[0]',
      "'actualArival'",
    ],
    [
      'a bad airport code',
      (v: Json) => {
        v.legs[0]!.to = 'FCO';
      },
      'legs[0].to',
      '4-character ICAO',
    ],
    [
      'an unknown cause',
      (v: Json) => {
        v.legs[0]!.cause = { kind: 'VOLCANO' };
      },
      'legs[0].cause.kind',
      "'WEATHER'",
    ],
    [
      'a carrier without its Community flag',
      (v: Json) => {
        delete v.legs[0]!.operatingCarrier.community;
      },
      'legs[0].operatingCarrier.community',
      'Required',
    ],
    [
      'no legs',
      (v: Json) => {
        v.legs = [];
      },
      'legs',
      'at least 1',
    ],
    [
      'a re-routing arriving before it leaves',
      (v: Json) => {
        v.rerouting = { departure: '2024-12-04T09:00:00Z', arrival: '2024-12-04T08:00:00Z' };
      },
      'rerouting.arrival',
      'after departure',
    ],
  ])('refuses %s, naming the field', (_, change, field, text) => {
    const value = minimal();
    change(value);
    const error = thrown(() => parseItinerary(value));
    expect(error.code).toBe('EU261_INPUT_INVALID');
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${field}: `);
    expect(error.message).toContain(text);
  });

  it('refuses text that is not JSON', () => {
    expect(thrown(() => readItinerary('{ legs: ')).message).toContain('not JSON');
  });
});
