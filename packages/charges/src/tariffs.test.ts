import { describe, expect, it } from 'vitest';
import { ChargesError, type ChargesErrorCode } from './errors.js';
import { parseTariff, type TariffSources } from './tariffs.js';

const manifest = {
  version: 't.v1',
  billingCurrency: 'EUR',
  files: { zones: 'z', unitRates: 'r', exchangeRates: 'x', zoneExemptions: 'e' },
};
const good: TariffSources = {
  manifest,
  zones: 'fir,zone,zone_name,source\nXXAA,XE,Test,TEST FIXTURE',
  unitRates:
    '# comment\nzone,from_month,to_month,unit_rate,currency,source\nXE,2024-01,2024-06,50.00,EUR,TEST FIXTURE',
  exchangeRates: 'month,from_currency,to_currency,rate,source',
  zoneExemptions: 'zone,exemption,source',
};

function codeOf(sources: Partial<TariffSources>): ChargesErrorCode | undefined {
  try {
    parseTariff({ ...good, ...sources });
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ChargesError);
    return (e as ChargesError).code;
  }
}

describe('a tariff table', () => {
  it('loads zones, month ranges and the version', () => {
    const t = parseTariff(good);
    expect(t.version).toBe('t.v1');
    expect(t.zoneOf('XXAA')).toEqual({ zone: 'XE', name: 'Test' });
    expect(t.unitRate('XE', '2024-06')?.minor).toBe(5000n);
    expect(t.unitRate('XE', '2024-07')).toBeUndefined();
  });

  it.each<[string, Partial<TariffSources>, ChargesErrorCode]>([
    [
      'an unknown currency',
      {
        unitRates:
          'zone,from_month,to_month,unit_rate,currency,source\nXE,2024-01,2024-06,50.00,EUX,s',
      },
      'CHARGES_CURRENCY_UNKNOWN',
    ],
    [
      'an unknown billing currency',
      { manifest: { ...manifest, billingCurrency: 'EURO' } },
      'CHARGES_CURRENCY_UNKNOWN',
    ],
    [
      'a malformed CSV row (missing field)',
      { unitRates: 'zone,from_month,to_month,unit_rate,currency,source\nXE,2024-01,50.00,EUR,s' },
      'CHARGES_CSV_MALFORMED',
    ],
    [
      'an unterminated quote',
      { zones: 'fir,zone,zone_name,source\nXXAA,XE,"Test,s' },
      'CHARGES_CSV_MALFORMED',
    ],
    ['a wrong header', { zones: 'fir,zone,source\nXXAA,XE,s' }, 'CHARGES_CSV_HEADER_INVALID'],
    [
      'a rate with too many decimals',
      {
        unitRates:
          'zone,from_month,to_month,unit_rate,currency,source\nXE,2024-01,2024-06,50.001,EUR,s',
      },
      'CHARGES_UNIT_RATE_INVALID',
    ],
    [
      'a comma decimal',
      {
        unitRates:
          'zone,from_month,to_month,unit_rate,currency,source\nXE,2024-01,2024-06,"73,24",EUR,s',
      },
      'CHARGES_UNIT_RATE_INVALID',
    ],
    [
      'a bad month',
      {
        unitRates:
          'zone,from_month,to_month,unit_rate,currency,source\nXE,2024-13,2024-06,50.00,EUR,s',
      },
      'CHARGES_MONTH_INVALID',
    ],
    [
      'overlapping rates',
      {
        unitRates:
          'zone,from_month,to_month,unit_rate,currency,source\nXE,2024-01,2024-06,50.00,EUR,s\nXE,2024-06,2024-12,51.00,EUR,s',
      },
      'CHARGES_UNIT_RATE_OVERLAP',
    ],
    [
      'a rate without source',
      {
        unitRates:
          'zone,from_month,to_month,unit_rate,currency,source\nXE,2024-01,2024-06,50.00,EUR,',
      },
      'CHARGES_SOURCE_MISSING',
    ],
    [
      'a FIR in two zones',
      { zones: 'fir,zone,zone_name,source\nXXAA,XE,T,s\nXXAA,XF,T,s' },
      'CHARGES_ZONE_INVALID',
    ],
    [
      'a bad exchange rate',
      { exchangeRates: 'month,from_currency,to_currency,rate,source\n2024-03,CHF,EUR,abc,s' },
      'CHARGES_EXCHANGE_RATE_INVALID',
    ],
    [
      'a mandatory exemption made optional',
      { zoneExemptions: 'zone,exemption,source\nXE,EXEMPT_UNDER_2T,s' },
      'CHARGES_EXEMPTION_UNKNOWN',
    ],
    [
      'a manifest without version',
      { manifest: { ...manifest, version: '' } },
      'CHARGES_TARIFF_MANIFEST_INVALID',
    ],
  ])('refuses %s', (_what, sources, code) => {
    expect(codeOf(sources)).toBe(code);
  });

  it('names the file and line of a bad row', () => {
    try {
      parseTariff({
        ...good,
        paths: { unitRates: 'unit-rates.csv' },
        unitRates: `${good.unitRates}\nXE,2025-01,2025-02,1.234,EUR,s`,
      });
      expect.unreachable();
    } catch (e) {
      expect((e as ChargesError).message).toMatch(/unit-rates\.csv, line 4/);
    }
  });
});
