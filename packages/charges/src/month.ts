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

/** UTC month of an epoch-millisecond instant, as YYYY-MM. */
export function utcMonth(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

/** UTC date as days since 1970-01-01 (the Avro `date` logical type). */
export function utcEpochDay(epochMs: number): number {
  return Math.floor(epochMs / 86_400_000);
}
