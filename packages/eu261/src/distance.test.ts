import { defaultAirports, MEAN_EARTH_RADIUS_KM } from '@overfly/geo';
import { describe, expect, it } from 'vitest';
import { assessCompensation } from './assess.js';
import { journeyDistanceKm } from './distance.js';
import { delayed, HOUR, itinerary, leg, T0, thrown } from './test-support/itineraries.js';

const RAD = Math.PI / 180;

/** The central angle by Vincenty's formula for the sphere (atan2 form), independent of haversine. */
function sphereKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const [p1, p2, dl] = [a.lat * RAD, b.lat * RAD, (b.lon - a.lon) * RAD];
  const y = Math.hypot(
    Math.cos(p2) * Math.sin(dl),
    Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl),
  );
  const x = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl);
  return MEAN_EARTH_RADIUS_KM * Math.atan2(y, x);
}

/** Vincenty's inverse on the WGS 84 ellipsoid (T. Vincenty, Survey Review 23(176), 1975), km. */
function ellipsoidKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const [A, f] = [6378.137, 1 / 298.257223563];
  const B = A * (1 - f);
  const L = (b.lon - a.lon) * RAD;
  const U1 = Math.atan((1 - f) * Math.tan(a.lat * RAD));
  const U2 = Math.atan((1 - f) * Math.tan(b.lat * RAD));
  let lambda = L;
  for (let i = 0; i < 200; i++) {
    const sinS = Math.hypot(
      Math.cos(U2) * Math.sin(lambda),
      Math.cos(U1) * Math.sin(U2) - Math.sin(U1) * Math.cos(U2) * Math.cos(lambda),
    );
    const cosS = Math.sin(U1) * Math.sin(U2) + Math.cos(U1) * Math.cos(U2) * Math.cos(lambda);
    const sigma = Math.atan2(sinS, cosS);
    const sinAlpha = (Math.cos(U1) * Math.cos(U2) * Math.sin(lambda)) / sinS;
    const cos2Alpha = 1 - sinAlpha ** 2;
    const cos2Sm = cos2Alpha === 0 ? 0 : cosS - (2 * Math.sin(U1) * Math.sin(U2)) / cos2Alpha;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const next =
      L +
      (1 - C) * f * sinAlpha * (sigma + C * sinS * (cos2Sm + C * cosS * (-1 + 2 * cos2Sm ** 2)));
    const done = Math.abs(next - lambda) < 1e-12;
    lambda = next;
    if (done) {
      const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
      const k = u2 / 1024;
      const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const bigB = k * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const dSigma =
        bigB *
        sinS *
        (cos2Sm +
          (bigB / 4) *
            (cosS * (-1 + 2 * cos2Sm ** 2) -
              (bigB / 6) * cos2Sm * (-3 + 4 * sinS ** 2) * (-3 + 4 * cos2Sm ** 2)));
      return B * bigA * (sigma - dSigma);
    }
  }
  throw new Error('Vincenty did not converge');
}

const airports = defaultAirports();
const at = (icao: string) => {
  const a = airports.byIcao(icao);
  if (!a) throw new Error(icao);
  return a;
};

describe('the great circle of Art. 7(4)', () => {
  // Real pairs, each far enough from 1,500 and 3,500 km that the sphere and the ellipsoid agree on the band.
  it.each([
    ['LFPG', 'LIRF', 'A'],
    ['LIRF', 'EDDH', 'A'],
    ['EDDH', 'LPPT', 'B'],
    ['LEMD', 'GCLP', 'B'],
    ['EDDF', 'LLBG', 'B'],
    ['EDDF', 'OMDB', 'C'],
    ['EDDF', 'KJFK', 'C'],
    ['LFPG', 'FMEE', 'B'],
  ] as const)('%s → %s: the formula of the test to the metre, band %s', (from, to, band) => {
    const [a, b] = [at(from), at(to)];
    const km = journeyDistanceKm(a, b);
    expect(Math.abs(km - sphereKm(a, b))).toBeLessThan(0.001);
    // The sphere of mean radius against the WGS 84 ellipsoid: within half a percent.
    expect(Math.abs(km - ellipsoidKm(a, b)) / ellipsoidKm(a, b)).toBeLessThan(0.005);
    const a261 = assessCompensation(delayed(from, to, 3 * HOUR));
    expect(a261.distanceKm).toBe(km);
    expect(a261.band).toBe(band);
  });

  it('rounds to the metre', () => {
    expect(journeyDistanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBe(111.195);
  });

  it('measures a connecting journey first departure to final destination, not leg by leg (Bossen)', () => {
    // Bossen v Brussels Airlines itself: Rome → Brussels → Hamburg, one booking.
    const direct = journeyDistanceKm(at('LIRF'), at('EDDH'));
    const summed =
      journeyDistanceKm(at('LIRF'), at('EBBR')) + journeyDistanceKm(at('EBBR'), at('EDDH'));
    expect(direct).toBeLessThan(1500);
    expect(summed).toBeGreaterThan(1500);
    const a = assessCompensation(
      itinerary([
        leg({ from: 'LIRF', to: 'EBBR', flightNumber: 'SN3174' }),
        leg({
          from: 'EBBR',
          to: 'EDDH',
          flightNumber: 'SN2623',
          scheduledDeparture: T0 + 3 * HOUR,
          actualArrival: T0 + 5 * HOUR + 4 * HOUR,
        }),
      ]),
    );
    expect(a.distanceKm).toBe(direct);
    expect(a.band).toBe('A');
    expect(a.amount.amountMinor).toBe(25_000);
    const step = a.reasoning.find((s) => s.topic === 'DISTANCE');
    expect(step?.basis).toContain('C-559/16 Bossen');
    expect(step?.text).toContain(`not the ${summed.toFixed(1)} km of the 2 legs added up`);
  });

  it('refuses an airport the table does not know, naming the field', () => {
    const error = thrown(() => assessCompensation(itinerary([leg({ from: 'EDDF', to: 'ZZZZ' })])));
    expect(error.code).toBe('EU261_AIRPORT_UNKNOWN');
    expect(error.field).toBe('legs[0].to');
    expect(error.message).toContain('legs[0].to: ZZZZ');
  });
});
