import { describe, expect, it } from 'vitest';
import { assessCompensation } from './assess.js';
import { bandAmount, bandOf } from './bands.js';
import { delayed, equatorAirports, HOUR } from './test-support/itineraries.js';

describe('the Art. 7(1) band', () => {
  it.each([
    [1499.9, false, 'A'],
    [1500, false, 'A'],
    [1500.1, false, 'B'],
    [3499.9, false, 'B'],
    [3500, false, 'B'],
    [3500.1, false, 'C'],
    [1500, true, 'A'],
    [1500.1, true, 'B'],
    [3500.1, true, 'B'],
    [9360, true, 'B'],
  ] as const)('puts %f km (intra-Community %s) in band %s', (km, intra, band) => {
    expect(bandOf(km, intra)).toBe(band);
  });

  it('pays EUR 250, 400 and 600 in minor units', () => {
    expect([bandAmount('A'), bandAmount('B'), bandAmount('C')]).toEqual([
      { amountMinor: 25_000, currency: 'EUR' },
      { amountMinor: 40_000, currency: 'EUR' },
      { amountMinor: 60_000, currency: 'EUR' },
    ]);
  });
});

describe('the band of an assessed journey, at the edges of the great circle', () => {
  // Made-up airports on the equator: EDAA at 0 km; EU (LF..) and third-country (K...) ends.
  const airports = equatorAirports({
    EDAA: 0,
    LFAA: 1499.9,
    LFAB: 1500,
    LFAC: 1500.1,
    KAAA: 3500,
    KAAB: 3500.1,
    LFAD: 3500.1,
  });
  const owed = (to: string) => assessCompensation(delayed('EDAA', to, 3 * HOUR), { airports });

  it.each([
    ['LFAA', 1499.9, 'A', 25_000],
    ['LFAB', 1500, 'A', 25_000],
    ['LFAC', 1500.1, 'B', 40_000],
    ['KAAA', 3500, 'B', 40_000],
    ['KAAB', 3500.1, 'C', 60_000],
    ['LFAD', 3500.1, 'B', 40_000],
  ] as const)('EDAA → %s, %f km: band %s, full amount %i', (to, km, band, minor) => {
    const a = owed(to);
    expect(a.distanceKm).toBe(km);
    expect(a.band).toBe(band);
    expect(a.bandAmount.amountMinor).toBe(minor);
  });

  it('names the point of Art. 7(1) in the reasoning', () => {
    const step = owed('LFAD').reasoning.find((s) => s.topic === 'BAND');
    expect(step?.basis).toEqual(['Art. 7(1)(b)']);
    expect(step?.text).toContain('intra-Community flight of more than 1,500 km');
  });
});
