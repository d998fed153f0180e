import { describe, expect, it } from 'vitest';
import { ChargesError } from './errors.js';
import {
  chargeableDistanceKm,
  distanceFactorHundredths,
  lineAmountMinor,
  mtowTenthsOfTonne,
  weightFactorHundredths,
} from './formula.js';

describe('the distance factor d (Annex VIII 1.2)', () => {
  it('bills the take-off FIR 20 km less, and 20 km more off for a landing in it', () => {
    // 100 km − 20 (take-off) = 80 km; − 20 (landing) more = 60 km.
    expect(chargeableDistanceKm(100, 1, 0)).toBe(80);
    expect(chargeableDistanceKm(100, 0, 1)).toBe(80);
    expect(chargeableDistanceKm(100, 1, 1)).toBe(60);
  });

  it('never goes below zero for a hop shorter than its deductions', () => {
    expect(chargeableDistanceKm(30, 1, 1)).toBe(0);
  });

  it('is taken to two decimals: d × 100 is the whole km, rounded half up', () => {
    expect(distanceFactorHundredths(512.4)).toBe(512); // d = 5.12
    expect(distanceFactorHundredths(512.5)).toBe(513); // d = 5.13
    expect(distanceFactorHundredths(0)).toBe(0);
  });

  it('refuses a negative or non-finite distance with CHARGES_DISTANCE_INVALID', () => {
    expect(() => chargeableDistanceKm(-1, 0, 0)).toThrow(ChargesError);
    try {
      chargeableDistanceKm(Number.NaN, 0, 0);
    } catch (e) {
      expect((e as ChargesError).code).toBe('CHARGES_DISTANCE_INVALID');
    }
  });
});

describe('the weight factor p (Annex VIII 1.3)', () => {
  it('rounds MTOW 79,000 kg to p = sqrt(79.0 / 50) = sqrt(1.58) = 1.2570 → 1.26', () => {
    expect(weightFactorHundredths(79_000)).toBe(126);
  });

  it('takes the MTOW in tonnes to one decimal first (79,016 kg → 79.0 t)', () => {
    expect(mtowTenthsOfTonne(79_016)).toBe(790);
    expect(mtowTenthsOfTonne(73_450)).toBe(735); // 73.45 t → 73.5 t, half up
    expect(weightFactorHundredths(79_016)).toBe(126);
  });

  it('gives a B747-400 (396,894 kg → 396.9 t) p = sqrt(7.938) = 2.8174 → 2.82', () => {
    expect(weightFactorHundredths(396_894)).toBe(282);
  });

  it('gives 2 t exactly p = sqrt(0.04) = 0.20 and 50 t p = 1.00', () => {
    expect(weightFactorHundredths(2_000)).toBe(20);
    expect(weightFactorHundredths(50_000)).toBe(100);
  });

  it('agrees with the float formula rounded half up over a sweep of masses', () => {
    for (let kg = 2_000; kg <= 600_000; kg += 997) {
      const t = Math.round(kg / 100) / 10;
      const exact = Math.sqrt(t / 50) * 100;
      // Far from a .5 boundary the float answer is unambiguous.
      if (Math.abs((exact % 1) - 0.5) > 1e-6)
        expect(weightFactorHundredths(kg), `${kg} kg`).toBe(Math.round(exact));
    }
  });
});

describe('the line amount r = t × d × p (× exchange rate)', () => {
  it('is rounded once, half away from zero, in minor units', () => {
    // t = 73.24 EUR, d = 5.12, p = 1.26: N = 6.4512, r = 73.24 × 6.4512 = 472.485888 EUR.
    // In cents: 7324 × 512 × 126 / 10,000 = 47,248.5888 → 47,249 cents (472.49 EUR).
    expect(
      lineAmountMinor({
        dHundredths: 512,
        pHundredths: 126,
        unitRateMinor: 7324n,
        tariffDigits: 2,
        billingDigits: 2,
        rateNum: 1n,
        rateDen: 1n,
      }),
    ).toBe(47_249);
  });

  it('rounds an exact half cent up: 0.5 cent → 1 cent', () => {
    // t = 0.01 EUR (1 cent), d = 0.50, p = 1.00: 1 × 50 × 100 / 10,000 = 0.5 cent → 1.
    expect(
      lineAmountMinor({
        dHundredths: 50,
        pHundredths: 100,
        unitRateMinor: 1n,
        tariffDigits: 2,
        billingDigits: 2,
        rateNum: 1n,
        rateDen: 1n,
      }),
    ).toBe(1);
  });

  it('converts between currencies of different minor units exactly', () => {
    // 100 JPY (0 digits) × d 1.00 × p 1.00 × 0.0061 EUR/JPY = 0.61 EUR = 61 cents.
    expect(
      lineAmountMinor({
        dHundredths: 100,
        pHundredths: 100,
        unitRateMinor: 100n,
        tariffDigits: 0,
        billingDigits: 2,
        rateNum: 61n,
        rateDen: 10_000n,
      }),
    ).toBe(61);
  });
});
