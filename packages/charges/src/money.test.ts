import { describe, expect, it } from 'vitest';
import { ChargesError } from './errors.js';
import { assertCurrency, parseDecimal, roundHalfAwayFromZero, toMinorUnits } from './money.js';

describe('currency validation (ISO 4217)', () => {
  it('knows each code with its minor-unit exponent', () => {
    expect(assertCurrency('EUR')).toBe(2);
    expect(assertCurrency('CHF')).toBe(2);
    expect(assertCurrency('JPY')).toBe(0);
    expect(assertCurrency('KWD')).toBe(3);
  });

  it('refuses an unknown, lower-case or unbillable code with CHARGES_CURRENCY_UNKNOWN', () => {
    for (const code of ['EUX', 'eur', 'EURO', '', 'XAU', 'XTS', 'XDR']) {
      try {
        assertCurrency(code);
        expect.unreachable(code);
      } catch (e) {
        expect(e).toBeInstanceOf(ChargesError);
        expect((e as ChargesError).code).toBe('CHARGES_CURRENCY_UNKNOWN');
      }
    }
  });
});

describe('decimals and minor units', () => {
  it('reads a published rate exactly', () => {
    expect(toMinorUnits('73.24', 2)).toBe(7324n);
    expect(toMinorUnits('73.2', 2)).toBe(7320n);
    expect(toMinorUnits('73', 2)).toBe(7300n);
    expect(toMinorUnits('73.245', 2)).toBeUndefined();
    expect(toMinorUnits('73,24', 2)).toBeUndefined();
    expect(parseDecimal('1.0412')).toEqual({ num: 10412n, den: 10000n, text: '1.0412' });
    expect(parseDecimal('-1')).toBeUndefined();
  });
});

describe('the one rounding rule: half away from zero', () => {
  it.each([
    [25n, 10n, 3n],
    [24n, 10n, 2n],
    [-25n, 10n, -3n],
    [-24n, 10n, -2n],
    [35n, 10n, 4n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
  ])('%i / %i → %i', (n, d, expected) => {
    expect(roundHalfAwayFromZero(n, d)).toBe(expected);
  });
});
