import { distance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { defaultAirports, greatCircleKm } from './index.js';

// OpenFlights coordinates (data/airports/airports.csv).
const LIRF = { lon: 12.2388889, lat: 41.8002778 }; // Rome Fiumicino
const LLBG = { lon: 34.88669967651367, lat: 32.01139831542969 }; // Tel Aviv Ben Gurion

/** Spherical law of cosines, same radius: an independent formula for the same distance. */
function lawOfCosinesKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }) {
  const r = Math.PI / 180;
  const c =
    Math.sin(a.lat * r) * Math.sin(b.lat * r) +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.cos((b.lon - a.lon) * r);
  return 6371.0088 * Math.acos(Math.min(1, c));
}

describe('greatCircleKm', () => {
  it('gives 2,279.0 km from Rome Fiumicino to Tel Aviv Ben Gurion', () => {
    const km = greatCircleKm(LIRF, LLBG);
    expect(km).toBeCloseTo(2279.03, 2);
    expect(Math.abs(km - lawOfCosinesKm(LIRF, LLBG))).toBeLessThan(0.1);
    // turf's distance is also haversine on R = 6371.0088 km.
    expect(Math.abs(km - distance([LIRF.lon, LIRF.lat], [LLBG.lon, LLBG.lat]))).toBeLessThan(0.1);
  });

  it('agrees with the airport table it is used with', () => {
    const airports = defaultAirports();
    const rome = airports.byIcao('LIRF');
    const telAviv = airports.byIcao('LLBG');
    expect(rome && telAviv && greatCircleKm(rome, telAviv)).toBeCloseTo(
      greatCircleKm(LIRF, LLBG),
      6,
    );
  });

  it('is zero for one point and symmetric', () => {
    expect(greatCircleKm(LIRF, LIRF)).toBe(0);
    expect(greatCircleKm(LIRF, LLBG)).toBe(greatCircleKm(LLBG, LIRF));
  });
});
