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
    // One passage each (these crossings do not say how they ended), in sequence order.
    expect(charges.map((c) => c.crossingId)).toEqual(['flt-1:XXAA:1', 'flt-1:XXCC:2']);
    expect(charges[0]?.amount?.amountMinor).toBe(32_256); // the 512.4 km version
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
    // Each refusal names its line, the impossible distance included (refused before pricing).
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [1, 'CHARGES_CROSSING_INVALID'],
      [2, 'CHARGES_DISTANCE_INVALID'],
      [3, 'CHARGES_CROSSING_INVALID'],
    ]);
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
