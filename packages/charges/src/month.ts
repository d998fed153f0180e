import { ChargesError, type ChargesErrorLocation } from './errors.js';

/** A calendar month as YYYY-MM; also an index (year × 12 + month − 1) for ranges. */
export function monthIndex(text: string, location?: ChargesErrorLocation): number {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12)
    throw new ChargesError(
      'CHARGES_MONTH_INVALID',
      `'${text}'`,
      location ? { location } : undefined,
    );
  return year * 12 + month - 1;
}

// The last month asked for: charges come in time order, so nearly every call is a hit.
let lastMonth = { start: Number.NaN, end: Number.NaN, text: '' };

/** UTC month of an epoch-millisecond instant, as YYYY-MM. */
export function utcMonth(epochMs: number): string {
  if (epochMs >= lastMonth.start && epochMs < lastMonth.end) return lastMonth.text;
  const date = new Date(epochMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (!Number.isFinite(year)) throw new RangeError(`${epochMs} is not a time`);
  const text = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`;
  lastMonth = { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1), text };
  return text;
}

/** UTC date as days since 1970-01-01 (the Avro `date` logical type). */
export function utcEpochDay(epochMs: number): number {
  return Math.floor(epochMs / 86_400_000);
}
