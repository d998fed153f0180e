import type { ChargeCalculated } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { formatCharge, money } from '../../scripts/demo/format.js';

const base: ChargeCalculated = {
  chargeId: 'c1',
  crossingId: 'x1',
  flightId: 'f1',
  icao24: '3946e9',
  callsign: 'AFR91HL',
  operatorIcao: 'AFR',
  aircraftType: 'A319',
  mtowKg: 73_500,
  mtowSource: null,
  firId: 'LFEE',
  chargingZone: 'LF',
  flightDate: 17_533,
  tariffMonth: '2018-01',
  distanceKm: 163,
  distanceBasis: 'GREAT_CIRCLE',
  distanceFactor: 1.63,
  weightFactor: 1.21,
  serviceUnits: 1.97,
  unitRate: { amountMinor: 6361, currency: 'EUR' },
  unitRateSource: null,
  exchangeRate: null,
  exchangeRateSource: null,
  amount: { amountMinor: 12_546, currency: 'EUR' },
  tariffVersion: '2026-11.v2',
  status: 'PRICED',
  exemptionCode: null,
  reason: null,
  calculatedAt: 0,
  passage: null,
};
const at = Date.UTC(2018, 0, 2, 20, 15, 7);

describe('the demo’s CHARGE line', () => {
  it('shows a priced charge with its amount, rate and service units', () => {
    expect(formatCharge(base, at)).toBe(
      '20:15:07  AFR91HL  3946e9  CHARGE      LFEE   PRICED    125.46 EUR  t 63.61 EUR  × N 1.97',
    );
  });

  it('shows an unpriced charge by its reason code, an exempt one by its exemption', () => {
    const unpriced = {
      ...base,
      status: 'UNPRICED' as const,
      amount: null,
      reason: 'NO_UNIT_RATE: no unit rate for zone LF in 2026-11',
    };
    expect(formatCharge(unpriced, at)).toMatch(/ UNPRICED {2}NO_UNIT_RATE$/);
    const exempt = { ...base, status: 'EXEMPT' as const, exemptionCode: 'EXEMPT_STATE' };
    expect(formatCharge(exempt, at)).toMatch(/ EXEMPT {4}EXEMPT_STATE$/);
  });

  it('writes money with the minor digits of its currency', () => {
    expect(money({ amountMinor: 5, currency: 'EUR' })).toBe('0.05 EUR');
    expect(money({ amountMinor: 1234, currency: 'JPY' })).toBe('1234 JPY');
    expect(money({ amountMinor: -12_345, currency: 'KWD' })).toBe('-12.345 KWD');
  });
});
