import { type IMetar, type ITAF, parseMetar, parseTAF } from 'metar-taf-parser';
import { describe, expect, it } from 'vitest';
import { compileNetworkScenario } from './compile.js';
import type { NetworkDay } from './model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function dayWith(disruptions: unknown[], start = '2024-09-17T06:00:00Z'): NetworkDay {
  return compileNetworkScenario({
    kind: 'network',
    name: 'weather-test',
    seed: 5,
    start,
    duration: '8h',
    network: 'europe',
    disruptions,
  });
}

const storms = dayWith([
  { type: 'weather', airport: 'EDDF', from: '3h', to: '5h', severity: 'thunderstorms' },
  { type: 'weather', airport: 'EGLL', from: '10m', to: '2h', severity: 'fog' },
  { type: 'weather', airport: 'EKCH', from: '4h10m', to: '6h', severity: 'snow' },
]);

/** The report read back by metar-taf-parser (a maintained parser, as ops-feed uses). */
function read(raw: string): IMetar {
  return parseMetar(raw);
}

describe('METARs and SPECIs', () => {
  it('come every half hour at :20 and :50 for every network airport, and parse back as written', () => {
    for (const airport of storms.airports) {
      const routine = storms.weather.filter(
        (r) => r.stationIcao === airport.icao && r.kind === 'METAR',
      );
      // 05:50 (the last before the day starts at 06:00) to 13:50.
      expect(routine.length).toBe(17);
      expect(routine[0]?.observedAt).toBe(storms.start - 10 * MINUTE);
      for (const r of routine) expect([20, 50]).toContain(new Date(r.observedAt).getUTCMinutes());
    }
    for (const r of storms.weather) {
      const m = read(r.rawText);
      const at = new Date(r.observedAt);
      expect(m.type).toBe(r.kind);
      expect(m.station).toBe(r.stationIcao);
      expect([m.day, m.hour, m.minute]).toEqual([
        at.getUTCDate(),
        at.getUTCHours(),
        at.getUTCMinutes(),
      ]);
      expect(m.temperature, r.rawText).toBeTypeOf('number');
      expect(m.dewPoint as number).toBeLessThanOrEqual(m.temperature as number);
      expect(m.altimeter?.unit).toBe('hPa');
      expect(m.altimeter?.value).toBeGreaterThan(980);
      expect(m.wind?.unit).toBe('KT');
      // Every group was understood: nothing left over as remarks or unknown tokens.
      expect(m.remarks).toEqual([]);
      expect(r.rawText).toMatch(/^(METAR|SPECI) [A-Z]{4} \d{6}Z (\d{3}|VRB|000)\d{2}(G\d{2})?KT /);
    }
  });

  it('are sorted by time, then station', () => {
    for (let i = 1; i < storms.weather.length; i++) {
      const [a, b] = [storms.weather[i - 1], storms.weather[i]];
      if (!a || !b) continue;
      expect(
        a.observedAt < b.observedAt ||
          (a.observedAt === b.observedAt && a.stationIcao < b.stationIcao),
      ).toBe(true);
    }
  });

  it('show the injected weather in its window, with a SPECI when it starts and ends', () => {
    const at = (station: string, from: number, to: number) =>
      storms.weather.filter(
        (r) => r.stationIcao === station && r.observedAt >= from && r.observedAt < to,
      );
    const start = storms.start;
    for (const r of at('EDDF', start + 3 * HOUR, start + 5 * HOUR)) {
      const m = read(r.rawText);
      expect(m.weatherConditions.some((w) => w.descriptive === 'TS')).toBe(true);
      expect(m.clouds.some((c) => c.type === 'CB')).toBe(true);
      expect(m.wind?.gust).toBeGreaterThan(m.wind?.speed ?? 0);
    }
    // Fog at Heathrow is LIFR: visibility under 1,600 m, vertical visibility 100–200 ft.
    for (const r of at('EGLL', start + 10 * MINUTE, start + 2 * HOUR)) {
      const m = read(r.rawText);
      expect(m.visibility?.value).toBeLessThan(1_600);
      expect(m.verticalVisibility).toBeLessThanOrEqual(200);
      expect(m.weatherConditions.some((w) => w.phenomenons.includes('FG' as never))).toBe(true);
    }
    for (const r of at('EKCH', start + 4 * HOUR + 10 * MINUTE, start + 6 * HOUR)) {
      const m = read(r.rawText);
      expect(m.weatherConditions.some((w) => w.phenomenons.includes('SN' as never))).toBe(true);
      expect(m.temperature).toBeLessThanOrEqual(0);
    }
    const specis = storms.weather.filter((r) => r.kind === 'SPECI');
    expect(specis.map((r) => [r.stationIcao, r.observedAt - start])).toEqual([
      ['EGLL', 10 * MINUTE],
      ['EGLL', 2 * HOUR],
      ['EDDF', 3 * HOUR],
      ['EKCH', 4 * HOUR + 10 * MINUTE],
      ['EDDF', 5 * HOUR],
      ['EKCH', 6 * HOUR],
    ]);
    // Outside the windows the weather is ordinary again: no thunderstorm, fog or snow.
    for (const r of storms.weather.filter((w) => w.stationIcao === 'LIRF')) {
      expect(read(r.rawText).weatherConditions).toEqual([]);
    }
  });
});

describe('TAFs', () => {
  it('are issued every 6 hours, valid 30 hours, parse back, and forecast the injected weather', () => {
    for (const airport of storms.airports) {
      const tafs = storms.forecasts.filter((f) => f.stationIcao === airport.icao);
      expect(tafs.map((f) => new Date(f.issuedAt).getUTCHours())).toEqual([5, 11]);
      for (const f of tafs) {
        expect(f.validFrom).toBe(f.issuedAt + HOUR);
        expect(f.validTo).toBe(f.validFrom + 30 * HOUR);
        const taf: ITAF = parseTAF(f.rawText);
        expect(taf.station).toBe(airport.icao);
        expect(taf.validity.startHour).toBe(new Date(f.validFrom).getUTCHours());
        expect(taf.validity.endHour).toBe(new Date(f.validTo).getUTCHours());
      }
    }
    const [frankfurt] = storms.forecasts.filter((f) => f.stationIcao === 'EDDF');
    const taf = parseTAF(frankfurt?.rawText ?? '');
    expect(taf.trends).toEqual([
      expect.objectContaining({
        type: 'TEMPO',
        validity: expect.objectContaining({ startDay: 17, startHour: 9, endDay: 17, endHour: 11 }),
        weatherConditions: [expect.objectContaining({ descriptive: 'TS' })],
      }),
    ]);
  });

  it('end a validity at midnight as hour 24 of the day before', () => {
    const late = dayWith([], '2024-09-17T16:00:00Z');
    // Issued 17:00, valid from 18:00 on the 17th to 00:00 on the 19th, written 1824.
    const issued17 = late.forecasts.find((f) => new Date(f.issuedAt).getUTCHours() === 17);
    expect(issued17?.rawText).toMatch(/^TAF [A-Z]{4} 171700Z 1718\/1824 /);
    expect(parseTAF(issued17?.rawText ?? '').validity).toMatchObject({ endDay: 18, endHour: 24 });
  });
});
