import { describe, expect, it } from 'vitest';
import { decodeMetar } from './metar.js';

const context = { source: 'aviationweather', receivedAt: Date.parse('2024-09-17T12:05:00Z') };
const decode = (rawText: string, extra = {}) => decodeMetar({ rawText, ...extra }, context);

describe('decoding a METAR', () => {
  it('reads wind, gusts, visibility, ceiling, temperatures and QNH of a European report', () => {
    const obs = decode('METAR EGLL 171150Z 24015G28KT 9999 -RA BKN012 OVC020 12/09 Q1002');
    expect(obs).toMatchObject({
      observationId: `EGLL-${Date.parse('2024-09-17T11:50:00Z')}`,
      stationIcao: 'EGLL',
      observedAt: Date.parse('2024-09-17T11:50:00Z'),
      reportType: 'METAR',
      windDirectionDeg: 240,
      windSpeedKt: 15,
      windGustKt: 28,
      visibilityM: 9999,
      ceilingFt: 1200,
      temperatureC: 12,
      dewpointC: 9,
      qnhHpa: 1002,
      phenomena: ['-RA'],
      flightCategory: 'MVFR',
      severity: 'LOW',
      source: 'aviationweather',
      receivedAt: context.receivedAt,
    });
  });

  it('takes CAVOK as 10 km or more and no ceiling', () => {
    const obs = decode('EDDF 171150Z AUTO 27008KT CAVOK 18/07 Q1019 NOSIG');
    expect(obs).toMatchObject({
      visibilityM: 9999,
      ceilingFt: null,
      flightCategory: 'VFR',
      severity: 'NONE',
    });
  });

  it('takes vertical visibility as the ceiling (fog, VV001)', () => {
    const obs = decode('LFPG 171200Z 00000KT 0150 R27L/0400N FG VV001 08/08 Q1025');
    expect(obs).toMatchObject({
      windDirectionDeg: null,
      windSpeedKt: 0,
      visibilityM: 150,
      ceilingFt: 100,
      phenomena: ['FG'],
      flightCategory: 'LIFR',
      severity: 'HIGH',
    });
  });

  it('converts an altimeter in inHg (A3042) to hPa and statute miles to metres', () => {
    const obs = decode('KJFK 171156Z 31012G20KT 10SM FEW250 M02/M14 A3042 RMK AO2 SLP310');
    expect(obs.qnhHpa).toBe(1030.1);
    expect(obs.visibilityM).toBe(9999);
    expect(obs.temperatureC).toBe(-2);
    const misty = decode('KHAF 171155Z AUTO 07004KT 1 3/4SM BR OVC003 10/09 A3028 RMK AO2');
    expect(misty).toMatchObject({
      visibilityM: 2816,
      ceilingFt: 300,
      flightCategory: 'LIFR',
      qnhHpa: 1025.4,
    });
  });

  it('reads NSC as no ceiling, and a variable wind as no direction', () => {
    const obs = decode('SPECI LSZH 171213Z VRB02KT 4000 -FZRA NSC M01/M03 Q1010');
    expect(obs).toMatchObject({
      reportType: 'SPECI',
      windDirectionDeg: null,
      windSpeedKt: 2,
      ceilingFt: null,
      phenomena: ['-FZRA'],
      // 4,000 m is 2.5 SM: below 3 SM.
      flightCategory: 'IFR',
      severity: 'SEVERE',
    });
  });

  it('rates a thunderstorm with heavy rain SEVERE', () => {
    const obs = decode('EHAM 171225Z 22018G35KT 3000 +TSRA BKN008CB 15/13 Q0998', {
      observedAt: Date.parse('2024-09-17T12:25:00Z'),
    });
    expect(obs).toMatchObject({
      phenomena: ['+TSRA'],
      flightCategory: 'IFR',
      severity: 'SEVERE',
      windGustKt: 35,
    });
  });

  it('prefers the type and time the API gives', () => {
    const obs = decode('EDDF 171150Z 27008KT CAVOK 18/07 Q1019', {
      observedAt: Date.parse('2024-09-17T11:50:00Z'),
      reportType: 'SPECI',
      stationIcao: 'EDDF',
    });
    expect(obs.reportType).toBe('SPECI');
  });

  it('resolves a report of the 30th fetched on the 1st into the month before', () => {
    const obs = decodeMetar(
      { rawText: 'EDDF 302350Z 27008KT CAVOK 18/07 Q1019' },
      { source: 'x', receivedAt: Date.parse('2024-10-01T00:05:00Z') },
    );
    expect(obs.observedAt).toBe(Date.parse('2024-09-30T23:50:00Z'));
  });

  it.each([
    ['text that is no METAR', 'garbage text here'],
    ['a report without wind or visibility', 'EGLL 171150Z NIL'],
    ['a report without a time', 'EGLL 24015KT 9999 12/09 Q1002'],
    ['an empty line', ''],
  ])('refuses %s with OPS_FEED_METAR_UNPARSEABLE', (_what, raw) => {
    expect(() => decode(raw)).toThrow(
      expect.objectContaining({ code: 'OPS_FEED_METAR_UNPARSEABLE' }),
    );
  });

  it('refuses a report filed under another station than its text names', () => {
    expect(() => decode('EDDF 171150Z 27008KT CAVOK 18/07 Q1019', { stationIcao: 'EGLL' })).toThrow(
      /OPS_FEED_METAR_UNPARSEABLE.*station EDDF where EGLL/,
    );
  });
});
