import { describe, expect, it } from 'vitest';
import { de } from './de.js';
import { en } from './en.js';
import { formatKm, formatMoney, utcTime } from './format.js';
import { fr } from './fr.js';

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

describe('formatMoney', () => {
  it('writes euros as each language does', () => {
    expect(formatMoney(eur(40_000), 'en-GB')).toBe('€400.00');
    expect(formatMoney(eur(40_000), 'fr-FR')).toBe('400,00\u00a0€');
    expect(formatMoney(eur(40_000), 'de-DE')).toBe('400,00\u00a0€');
    expect(formatMoney(eur(123_456_789), 'en-GB')).toBe('€1,234,567.89');
    expect(formatMoney(eur(123_456_789), 'fr-FR')).toBe('1\u202f234\u202f567,89\u00a0€');
    expect(formatMoney(eur(123_456_789), 'de-DE')).toBe('1.234.567,89\u00a0€');
  });

  it("uses the currency's own number of minor digits", () => {
    expect(formatMoney({ amountMinor: 40_000, currency: 'JPY' }, 'en-GB')).toBe('JP¥40,000');
    expect(formatMoney({ amountMinor: 1_234_567, currency: 'KWD' }, 'en-GB')).toBe(
      'KWD\u00a01,234.567',
    );
    expect(formatMoney({ amountMinor: 52_000, currency: 'GBP' }, 'en-GB')).toBe('£520.00');
    expect(formatMoney({ amountMinor: 5, currency: 'CHF' }, 'de-DE')).toBe('0,05\u00a0CHF');
  });

  it('is exact for large amounts and negative for credits', () => {
    expect(formatMoney(eur(9_007_199_254_740_991), 'en-GB')).toBe('€90,071,992,547,409.91');
    expect(formatMoney(eur(-123_456), 'en-GB')).toBe('-€1,234.56');
    expect(formatMoney(eur(-123_456), 'de-DE')).toBe('-1.234,56\u00a0€');
  });

  it('keeps to GSM-7 for SMS: plain spaces, and the ISO code for a symbol outside it', () => {
    expect(formatMoney(eur(123_456_789), 'fr-FR', 'sms')).toBe('1 234 567,89 €');
    expect(formatMoney({ amountMinor: 123_456, currency: 'INR' }, 'en-GB', 'sms')).toBe(
      'INR 1,234.56',
    );
    expect(formatMoney({ amountMinor: 123_456, currency: 'INR' }, 'en-GB')).toBe('₹1,234.56');
  });

  it('still shows an amount for a malformed currency code', () => {
    expect(formatMoney({ amountMinor: 1_050, currency: 'EURO' }, 'en-GB')).toBe('10.50 EURO');
  });
});

describe('dates, times and durations', () => {
  const firstOfSeptember = Date.parse('2025-09-01T21:30:00Z');

  it('writes the UTC date long in each language, the French first day as 1er', () => {
    expect(en.formats.date(firstOfSeptember)).toBe('1 September 2025');
    expect(fr.formats.date(firstOfSeptember)).toBe('1er septembre 2025');
    expect(de.formats.date(firstOfSeptember)).toBe('1. September 2025');
    expect(fr.formats.date(Date.parse('2025-08-14T00:00:00Z'))).toBe('14 août 2025');
  });

  it('names UTC with every time', () => {
    expect(en.formats.dateTime(firstOfSeptember)).toBe('1 September 2025 at 21:30 UTC');
    expect(fr.formats.dateTime(firstOfSeptember)).toBe('1er septembre 2025 à 21:30 UTC');
    expect(de.formats.dateTime(firstOfSeptember)).toBe('1. September 2025 um 21:30 UTC');
  });

  it('uses the UTC date, not the local one, just before midnight', () => {
    const late = Date.parse('2025-06-14T23:59:00Z');
    expect(en.formats.date(late)).toBe('14 June 2025');
    expect(utcTime(late)).toBe('23:59');
  });

  it('writes short SMS dates in GSM-7 (no « août »)', () => {
    const august = Date.parse('2025-08-04T06:05:00Z');
    expect(en.formats.smsDateTime(august)).toBe('4 Aug 2025 06:05 UTC');
    expect(fr.formats.smsDateTime(august)).toBe('04/08/2025 06:05 UTC');
    expect(de.formats.smsDateTime(august)).toBe('04.08.2025 06:05 UTC');
  });

  it('writes durations', () => {
    expect([en, fr, de].map((s) => s.formats.duration(250))).toEqual([
      '4 h 10 min',
      '4 h 10 min',
      '4 Std. 10 Min.',
    ]);
    expect(en.formats.duration(45)).toBe('45 min');
    expect(de.formats.duration(180)).toBe('3 Std.');
  });

  it('writes distances in whole kilometres', () => {
    expect(formatKm(6199.6, 'en-GB')).toBe('6,200 km');
    expect(formatKm(6199.6, 'fr-FR')).toBe('6\u202f200 km');
    expect(formatKm(6199.6, 'de-DE')).toBe('6.200 km');
  });
});
