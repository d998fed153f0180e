import currencyCodes from 'currency-codes';
import { ChargesError, type ChargesErrorLocation } from './errors.js';

/**
 * ISO 4217 alphabetic code → number of minor-unit digits (EUR 2, JPY 0, KWD 3), from the
 * `currency-codes` package (MIT; ISO 4217 List One, published 2024-06-25). Codes whose minor
 * unit List One gives as "N.A." cannot be billed and are left out; the package reports them
 * as 0 digits, so they are recognised instead by ISO's "ZZ" entity (gold, silver, bond-market
 * units, test and no-currency codes) and by the three supranational units below.
 */
const NO_MINOR_UNIT = new Set(['XDR', 'XSU', 'XUA']);
const minorDigits = new Map<string, number>(
  currencyCodes.data
    .filter(
      (c) =>
        Number.isInteger(c.digits) &&
        c.digits >= 0 &&
        !NO_MINOR_UNIT.has(c.code) &&
        !c.countries.some((country) => /^zz\d/i.test(country)),
    )
    .map((c) => [c.code, c.digits]),
);

/** The minor-unit exponent of an ISO 4217 code, or undefined when it is not one. */
export function currencyExponent(code: string): number | undefined {
  return minorDigits.get(code);
}

/**
 * Throws CHARGES_CURRENCY_UNKNOWN unless `code` is an upper-case ISO 4217 code with minor
 * units.
 */
export function assertCurrency(code: string, location?: ChargesErrorLocation): number {
  const digits = /^[A-Z]{3}$/.test(code) ? minorDigits.get(code) : undefined;
  if (digits === undefined)
    throw new ChargesError(
      'CHARGES_CURRENCY_UNKNOWN',
      `'${code}'`,
      location ? { location } : undefined,
    );
  return digits;
}

/** An exact decimal as a fraction num / den, den a power of ten. */
export interface Decimal {
  num: bigint;
  den: bigint;
  /** The text it was read from, kept so the published figure survives verbatim. */
  text: string;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Reads a plain non-negative decimal ("73.24", "1.0412") exactly; undefined if it is not one. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  return { num: BigInt(whole + frac), den: 10n ** BigInt(frac.length), text };
}

/** A decimal amount ("73.24") in minor units of a currency with `digits` minor digits (7324). */
export function toMinorUnits(text: string, digits: number): bigint | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  if (frac.length > digits) return undefined;
  return BigInt((m[1] ?? '') + frac.padEnd(digits, '0'));
}

/**
 * THE rounding rule of this package, applied once per charge line: round half away from
 * zero to a whole number (for the positive amounts billed, the same as the "half-up" the
 * charges.calculated schema names). Exact on a fraction n / d of BigInts, so no float ever
 * touches money: 2.5 → 3, 2.4999… → 2, -2.5 → -3.
 */
export function roundHalfAwayFromZero(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('denominator must be positive');
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}
