import { MEAN_EARTH_RADIUS_KM } from '@overfly/geo';
import type { AirportLookup } from '../distance.js';
import { Eu261Error } from '../errors.js';
import type { Itinerary, Leg } from '../types.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Scheduled departure of the first leg in the made-up itineraries. */
export const T0 = Date.parse('2024-09-17T08:00:00Z');

/**
 * Made-up airports on the equator, `km` east of 0°E, so the great circle between two of them
 * is exactly the difference of their `km` (the arc of the mean-radius sphere): band edges can
 * be tested at 1,499.9 / 1,500 / 1,500.1 km. The code's prefix sets the territory (ED.. and
 * LF.. are in it, K... and OM.. are not), as it does for real airports.
 */
export function equatorAirports(kmEast: Record<string, number>): AirportLookup {
  const kmPerDegree = (Math.PI * MEAN_EARTH_RADIUS_KM) / 180;
  return {
    byIcao(icao) {
      const km = kmEast[icao];
      return km === undefined
        ? undefined
        : { icao, name: `Made-up ${icao}`, lat: 0, lon: km / kmPerDegree };
    },
  };
}

/** An operated leg that left and arrived on time, two hours long, unless told otherwise. */
export function leg(fields: Partial<Leg> & Pick<Leg, 'from' | 'to'>): Leg {
  const scheduledDeparture = fields.scheduledDeparture ?? T0;
  const scheduledArrival = fields.scheduledArrival ?? scheduledDeparture + 2 * HOUR;
  return {
    flightNumber: 'LH100',
    operatingCarrier: { icao: 'DLH', community: true },
    scheduledDeparture,
    scheduledArrival,
    actualDeparture: scheduledDeparture,
    actualArrival: scheduledArrival,
    status: 'OPERATED',
    cancellationNoticeAt: null,
    deniedBoarding: 'NONE',
    missedConnection: false,
    cause: null,
    ...fields,
  };
}

export function itinerary(legs: Leg[], fields: Partial<Itinerary> = {}): Itinerary {
  return { bookingRef: null, legs, rerouting: null, thirdCountryRedress: false, ...fields };
}

/** One leg, `from` → `to`, arriving `lateMs` after its scheduled arrival. */
export function delayed(
  from: string,
  to: string,
  lateMs: number,
  fields: Partial<Leg> = {},
): Itinerary {
  const arrival = T0 + 2 * HOUR;
  return itinerary([leg({ from, to, actualArrival: arrival + lateMs, ...fields })]);
}

/** One leg cancelled on `noticeMs` notice, re-routed to leave and arrive `early`/`late` against the schedule. */
export function cancelled(
  from: string,
  to: string,
  noticeMs: number | null,
  rerouting: { earlyMs: number; lateMs: number } | null,
  fields: Partial<Leg> = {},
): Itinerary {
  const scheduledArrival = T0 + 2 * HOUR;
  return itinerary(
    [
      leg({
        from,
        to,
        status: 'CANCELLED',
        actualDeparture: null,
        actualArrival: null,
        cancellationNoticeAt: noticeMs === null ? null : T0 - noticeMs,
        ...fields,
      }),
    ],
    {
      rerouting: rerouting && {
        flightNumber: 'LH102',
        departure: T0 - rerouting.earlyMs,
        arrival: scheduledArrival + rerouting.lateMs,
        actualArrival: null,
      },
    },
  );
}

/** The error `fn` throws (failing the test when it throws none). */
export function thrown(fn: () => unknown): Eu261Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Eu261Error) return error;
    throw error;
  }
  throw new Error('expected an Eu261Error, nothing was thrown');
}
