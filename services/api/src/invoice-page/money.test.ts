import { describe, expect, it } from 'vitest';
import { minorDigits } from '../server/money.js';
import { formatMoney } from './money.js';

const eur = (amountMinor: number) => formatMoney({ amountMinor, currency: 'EUR' });

describe('formatMoney', () => {
  it('places the decimal point from the integer, padding small amounts', () => {
    expect(eur(23817)).toBe('238.17 EUR');
    expect(eur(5)).toBe('0.05 EUR');
    expect(eur(0)).toBe('0.00 EUR');
    expect(eur(100)).toBe('1.00 EUR');
  });

  it('groups thousands and keeps the sign of a credit', () => {
    expect(eur(123456789)).toBe('1,234,567.89 EUR');
    expect(eur(-123456)).toBe('-1,234.56 EUR');
    expect(eur(-7)).toBe('-0.07 EUR');
  });

  it('is exact where floating point is not', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in minor units 10 + 20 is 30.
    expect(eur(10 + 20)).toBe('0.30 EUR');
    expect(eur(Number.MAX_SAFE_INTEGER)).toBe('90,071,992,547,409.91 EUR');
  });

  it('uses each currency’s minor unit', () => {
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(formatMoney({ amountMinor: 1500, currency: 'JPY' })).toBe('1,500 JPY');
    expect(formatMoney({ amountMinor: 1500, currency: 'KWD' })).toBe('1.500 KWD');
    expect(formatMoney({ amountMinor: 1500, currency: 'GBP' })).toBe('15.00 GBP');
    expect(formatMoney({ amountMinor: 1500, currency: '???' })).toBe('15.00 ???');
  });
});
