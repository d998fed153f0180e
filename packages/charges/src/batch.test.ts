import { describe, expect, it } from 'vitest';
import { priceCrossings } from './batch.js';
import { crossing, fixtureContext } from './test-support/pricing.js';

const ctx = fixtureContext();
const line = (over: Record<string, unknown> = {}) => JSON.stringify({ ...crossing(), ...over });

describe('priceCrossings (the offline CLI core)', () => {
  it('prices each crossing line, keyed by crossingId: a later line replaces an earlier one', () => {
    const { charges, errors } = priceCrossings(
      [
        line({ greatCircleDistanceKm: 100 }),
        '',
        line({ crossingId: 'flt-1:XXCC:2', firId: 'XXCC', sequence: 2 }),
        line(),
      ],
      ctx,
    );
    expect(errors).toEqual([]);
    expect(charges.map((c) => c.crossingId)).toEqual(['flt-1:XXCC:2', 'flt-1:XXAA:1']);
    expect(charges[1]?.amount?.amountMinor).toBe(32_256); // the 512.4 km version
  });

  it('reports bad lines with a code and line number, and prices the others', () => {
    const { charges, errors } = priceCrossings(
      [
        '{not json',
        line({ greatCircleDistanceKm: -3 }),
        line({ icao24: 42 }),
        line({ crossingId: 'ok' }),
      ],
      ctx,
    );
    expect(charges.map((c) => c.crossingId)).toEqual(['ok']);
    expect(errors.map((e) => e.code)).toEqual([
      'CHARGES_CROSSING_INVALID',
      'CHARGES_CROSSING_INVALID',
      'CHARGES_DISTANCE_INVALID',
    ]);
    expect(errors[0]?.line).toBe(1);
    expect(errors[1]?.line).toBe(3);
  });

  it('sees a circular flight across its crossings', () => {
    const { charges } = priceCrossings(
      [
        line({ crossingId: 'c1', departureAirport: 'XXA1' }),
        line({ crossingId: 'c2', firId: 'XXAB', sequence: 2 }),
        line({ crossingId: 'c3', firId: 'XXAA', sequence: 3, arrivalAirport: 'XXA1' }),
      ],
      ctx,
    );
    expect(charges.map((c) => c.exemptionCode)).toEqual([
      'EXEMPT_CIRCULAR',
      'EXEMPT_CIRCULAR',
      'EXEMPT_CIRCULAR',
    ]);
  });

  it('takes flight-type facts carried on the line', () => {
    const { charges } = priceCrossings([line({ facts: { state: true } })], ctx);
    expect(charges[0]?.exemptionCode).toBe('EXEMPT_STATE');
  });
});
