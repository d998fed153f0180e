import { describe, expect, it } from 'vitest';
import { tafOutlook } from './taf.js';

const TAF =
  'TAF EGLL 171100Z 1712/1818 24012KT 9999 SCT030 TEMPO 1714/1718 25020G32KT 4000 TSRA BKN012CB BECMG 1802/1805 0800 FG VV002';
const issuedAt = Date.parse('2024-09-17T11:00:00Z');
const HOUR = 3_600_000;

describe('the outlook of a TAF', () => {
  it('finds the TEMPO thunderstorm as the worst within the horizon', () => {
    const outlook = tafOutlook(
      { rawText: TAF, issuedAt },
      Date.parse('2024-09-17T12:00:00Z'),
      6 * HOUR,
    );
    expect(outlook).toMatchObject({
      stationIcao: 'EGLL',
      worst: 'SEVERE',
      worstCategory: 'IFR',
      worstFrom: Date.parse('2024-09-17T14:00:00Z'),
    });
    expect(outlook.worstGroup).toMatch(/^TEMPO 1714\/1718/);
  });

  it('sees only benign weather before the TEMPO when the horizon ends sooner', () => {
    const outlook = tafOutlook(
      { rawText: TAF, issuedAt },
      Date.parse('2024-09-17T12:00:00Z'),
      HOUR,
    );
    expect(outlook).toMatchObject({ worst: 'NONE', worstCategory: 'VFR' });
  });

  it('reads the BECMG fog with vertical visibility later on', () => {
    const outlook = tafOutlook(
      { rawText: TAF, issuedAt },
      Date.parse('2024-09-18T05:00:00Z'),
      6 * HOUR,
    );
    expect(outlook).toMatchObject({ worst: 'HIGH', worstCategory: 'LIFR' });
  });

  it('resolves the issue time from the text when the API gives none', () => {
    const outlook = tafOutlook({ rawText: TAF }, Date.parse('2024-09-17T12:00:00Z'), HOUR);
    expect(outlook.issuedAt).toBe(issuedAt);
  });

  it('refuses text that is no TAF with OPS_FEED_TAF_UNPARSEABLE', () => {
    expect(() => tafOutlook({ rawText: 'not a forecast' }, issuedAt, HOUR)).toThrow(
      expect.objectContaining({ code: 'OPS_FEED_TAF_UNPARSEABLE' }),
    );
  });
});
