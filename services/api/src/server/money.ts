import { currencyExponent } from '@overfly/charges';

// Money written from its integer minor units: no float ever touches the amount, so 0.1 +
// 0.2 cannot show up on an invoice or in an export.

/** ISO 4217 minor-unit digits of `currency` (EUR 2, JPY 0, KWD 3; packages/charges); 2 for a code it does not know. */
export const minorDigits = (currency: string): number => currencyExponent(currency) ?? 2;

/** -123456 EUR → `-1234.56` (`-1,234.56` grouped); a JPY amount has no decimals. */
export function decimalOf(amountMinor: number, currency: string, grouped = false): string {
  const digits = minorDigits(currency);
  const minor = BigInt(amountMinor);
  const sign = minor < 0n ? '-' : '';
  const text = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const units = grouped ? whole.replace(/\B(?=(\d{3})+$)/g, ',') : whole;
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${sign}${units}${fraction}`;
}
