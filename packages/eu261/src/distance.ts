import { haversineKm } from '@overfly/geo';
import { Eu261Error } from './errors.js';

/** What the assessment needs of an airport; @overfly/geo's `defaultAirports()` is one. */
export interface AirportLookup {
  byIcao(icao: string): { icao: string; name: string; lat: number; lon: number } | undefined;
}

export type AirportFound = NonNullable<ReturnType<AirportLookup['byIcao']>>;

/** The airport of `icao`, or EU261_AIRPORT_UNKNOWN naming the input field that gave it. */
export function airportAt(airports: AirportLookup, icao: string, field: string): AirportFound {
  const airport = airports.byIcao(icao);
  if (!airport) throw new Eu261Error('EU261_AIRPORT_UNKNOWN', `${icao}`, { field });
  return airport;
}

/**
 * The distance that sets the band: "the great circle route method" (Art. 7(4)) from the first
 * departure to the final destination, "the last destination at which the denial of boarding or
 * cancellation will delay the passenger's arrival" (Art. 7(1), last sentence). For connecting
 * flights that is the direct great circle, not the sum of the legs (Bossen, C-559/16).
 *
 * Rounded to the metre, which is also what the edges are compared at: airport coordinates are
 * not better than that, and 1,500 km computed as 1,499.9999999999998 must still be 1,500.
 */
export function journeyDistanceKm(
  from: { lat: number; lon: number },
  to: { lat: number; lon: number },
): number {
  return Math.round(haversineKm(from.lat, from.lon, to.lat, to.lon) * 1000) / 1000;
}
