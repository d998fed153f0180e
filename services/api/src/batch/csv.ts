import { currencyExponent } from '@overfly/charges';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; a text
 * starting with = + - @ (a formula to a spreadsheet) is prefixed with an apostrophe.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvRow = (fields: ReadonlyArray<string | number | null>) =>
  `${fields.map(csvField).join(',')}\r\n`;

/** Integer minor units as a decimal of the currency's exponent (ISO 4217), never through a float. */
export function decimalOf(amountMinor: number, currency: string): string {
  const digits = currencyExponent(currency) ?? 2;
  const negative = amountMinor < 0;
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${text.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
