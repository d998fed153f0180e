import type { Money } from '@overfly/schemas';
import { isGsm7, plainSpaces } from './sms.js';

/** Where a value is shown: SMS values keep to the GSM 7-bit alphabet where they can. */
export type Medium = 'email' | 'sms';

const DAY_MS = 86_400_000;

type Display = 'symbol' | 'code';

/**
 * Intl formatters by their arguments: building one costs far more than using it (it was
 * the notifier's largest cost per message before they were kept).
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | null>();

function kept<T extends Intl.NumberFormat | Intl.DateTimeFormat | null>(
  key: string,
  make: () => T,
): T {
  if (formatters.has(key)) return formatters.get(key) as T;
  const made = make();
  formatters.set(key, made);
  return made;
}

function currencyFormat(locale: string, currency: string, display: Display) {
  return kept(`money|${locale}|${currency}|${display}`, () => {
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        currencyDisplay: display,
      });
    } catch {
      return null; // not a well-formed ISO 4217 code
    }
  });
}

/** `12345` minor units with 2 digits → `"123.45"`, exactly (no float arithmetic). */
function decimal(amountMinor: number, digits: number): `${number}` {
  const sign = amountMinor < 0 ? '-' : '';
  const abs = String(Math.abs(Math.trunc(amountMinor))).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${abs}` as `${number}`;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` as `${number}`;
}

/**
 * An amount in the locale's currency format, with the currency's own number of minor digits
 * (`€400.00`, `400,00 €`, `JP¥40,000`, `KWD 1,234.567`). For SMS the spaces are plain, and a
 * symbol outside GSM-7 is replaced by the ISO code (`1 234,56 PLN`).
 */
export function formatMoney(money: Money, locale: string, medium: Medium = 'email'): string {
  const symbol = currencyFormat(locale, money.currency, 'symbol');
  if (symbol === null) return `${decimal(money.amountMinor, 2)} ${money.currency}`;
  const value = decimal(money.amountMinor, symbol.resolvedOptions().maximumFractionDigits ?? 2);
  const text = symbol.format(value);
  if (medium === 'email') return text;
  if (isGsm7(plainSpaces(text))) return plainSpaces(text);
  return plainSpaces(currencyFormat(locale, money.currency, 'code')?.format(value) ?? text);
}

/** `6,200 km`, `6 200 km`, `6.200 km`: whole kilometres. */
export function formatKm(km: number, locale: string): string {
  const format = kept(
    `km|${locale}`,
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
  );
  return `${format.format(km)} km`;
}

/** A formatter of the UTC calendar date of an epoch-ms instant. */
export function utcDate(
  locale: string,
  options: Intl.DateTimeFormatOptions,
): (ms: number) => Intl.DateTimeFormatPart[] {
  const format = kept(
    `date|${locale}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }),
  );
  return (ms) => format.formatToParts(ms);
}

/** `18:05`: the UTC time of day, 24-hour clock. */
export function utcTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** Whole hours and minutes of a duration in minutes (rounded toward zero, never negative). */
export function hoursMinutes(minutes: number): { hours: number; minutes: number } {
  const total = Math.max(0, Math.trunc(minutes));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** Epoch ms of 00:00 UTC of an Avro `date` (days since 1970-01-01). */
export function epochDayToMs(days: number): number {
  return days * DAY_MS;
}

export const joinParts = (parts: Intl.DateTimeFormatPart[]): string =>
  parts.map((p) => p.value).join('');
