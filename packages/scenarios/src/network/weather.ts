/**
 * The weather of the day at every network airport, as the aviation weather services publish
 * it: routine METARs at :20 and :50 (the half-hourly times of most European airports), a
 * SPECI when the weather changes significantly (the onset and the end of each injected
 * weather window), and TAFs issued every 6 hours (23, 05, 11, 17 UTC) valid for 30 hours,
 * which carry the injected weather as TEMPO groups. Texts follow the ICAO Annex 3 / WMO FM 15
 * and FM 51 code forms: "METAR EDDF 170820Z 24008KT 9999 FEW030 18/09 Q1018 NOSIG".
 *
 * Ordinary weather is drawn plausibly, not from climatological records: temperature from
 * the latitude and the date (about 17 °C mean at 40° N falling 0.55 °C per degree north,
 * a seasonal swing of 8–10 °C peaking in late July, ±4 °C through the day), westerly winds
 * of 3–16 kt wandering slowly, a few cloud layers, QNH near 1015 hPa. Chosen figures.
 */
import type { Rng } from '../prng.js';
import { rngFor } from '../prng.js';
import type { NetworkAirportData } from './data.js';
import type { ResolvedDisruption } from './disruptions.js';
import type { ForecastReport, WeatherReport } from './model.js';
import { STREAM } from './streams.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Routine observations at these minutes past the hour. */
const ROUTINE_MINUTES = [20, 50] as const;
const TAF_ISSUE_HOURS = [5, 11, 17, 23] as const;
const TAF_VALIDITY_HOURS = 30;

type Severity = 'thunderstorms' | 'fog' | 'snow';

interface Cloud {
  cover: 'FEW' | 'SCT' | 'BKN' | 'OVC';
  baseFt: number;
  cb?: boolean;
}

/** One observation, before it is written as text. */
interface Observation {
  windDeg: number | null;
  windKt: number;
  gustKt: number | null;
  visibilityM: number;
  weather: readonly string[];
  clouds: readonly Cloud[];
  verticalVisibilityFt: number | null;
  temperatureC: number;
  dewPointC: number;
  qnhHpa: number;
}

interface WeatherWindow {
  from: number;
  to: number;
  severity: Severity;
}

export interface WeatherDay {
  reports: WeatherReport[];
  forecasts: ForecastReport[];
}

export function weatherOfDay(
  airports: readonly NetworkAirportData[],
  disruptions: readonly ResolvedDisruption[],
  context: { seed: number; start: number; end: number },
): WeatherDay {
  const reports: WeatherReport[] = [];
  const forecasts: ForecastReport[] = [];
  airports.forEach((airport, index) => {
    const windows: WeatherWindow[] = disruptions.flatMap((d) =>
      d.spec.type === 'weather' && d.spec.airport === airport.icao
        ? [{ from: d.from, to: d.to, severity: d.spec.severity }]
        : [],
    );
    const ordinary = ordinaryWeather(airport, context, rngFor(context.seed, STREAM.weather, index));
    const observe = (t: number): Observation => {
      const window = windows.find((w) => t >= w.from && t < w.to);
      const base = ordinary(t);
      return window
        ? severe(base, window, t, rngFor(context.seed, STREAM.weather, index, t / MINUTE))
        : base;
    };
    const times = routineTimes(context.start - 30 * MINUTE, context.end);
    for (const t of times) {
      reports.push({
        stationIcao: airport.icao,
        observedAt: t,
        kind: 'METAR',
        rawText: metar('METAR', airport.icao, t, observe(t)),
      });
    }
    // A SPECI at each onset and end, unless a routine report falls within five minutes of it.
    for (const w of windows) {
      for (const t of [w.from, w.to]) {
        if (t > context.end || times.some((r) => Math.abs(r - t) <= 5 * MINUTE)) continue;
        reports.push({
          stationIcao: airport.icao,
          observedAt: t,
          kind: 'SPECI',
          rawText: metar('SPECI', airport.icao, t, observe(t)),
        });
      }
    }
    for (const issuedAt of tafIssueTimes(context.start, context.end)) {
      const validFrom = issuedAt + HOUR;
      const validTo = validFrom + TAF_VALIDITY_HOURS * HOUR;
      forecasts.push({
        stationIcao: airport.icao,
        issuedAt,
        validFrom,
        validTo,
        rawText: taf(airport.icao, issuedAt, validFrom, validTo, ordinary(validFrom), windows),
      });
    }
  });
  reports.sort((a, b) => a.observedAt - b.observedAt || compare(a.stationIcao, b.stationIcao));
  forecasts.sort((a, b) => a.issuedAt - b.issuedAt || compare(a.stationIcao, b.stationIcao));
  return { reports, forecasts };
}

function routineTimes(from: number, to: number): number[] {
  const times: number[] = [];
  for (let hour = Math.floor(from / HOUR) * HOUR; hour <= to; hour += HOUR) {
    for (const minute of ROUTINE_MINUTES) {
      const t = hour + minute * MINUTE;
      if (t >= from && t <= to) times.push(t);
    }
  }
  return times;
}

/** The last issue time at or before `start` (one falls in every 6 hours), then each up to `end`. */
function tafIssueTimes(start: number, end: number): number[] {
  const times: number[] = [];
  for (let hour = Math.floor(start / HOUR) * HOUR - 5 * HOUR; hour <= end; hour += HOUR) {
    if ((TAF_ISSUE_HOURS as readonly number[]).includes(new Date(hour).getUTCHours()))
      times.push(hour);
  }
  return times;
}

/**
 * The airport's ordinary weather as a function of time: a slow random walk drawn once per
 * half hour (wind, cloud, pressure), temperatures from the latitude, date and hour.
 */
function ordinaryWeather(
  airport: NetworkAirportData,
  context: { start: number; end: number },
  rng: Rng,
): (t: number) => Observation {
  const from = Math.floor(context.start / HOUR) * HOUR - 24 * HOUR;
  const slots = Math.ceil((context.end + 48 * HOUR - from) / (30 * MINUTE));
  const prevailing = rng.int(20, 28) * 10;
  let direction = prevailing;
  let speed = rng.int(4, 12);
  let qnh = rng.int(1_005, 1_025);
  let clouds = drawClouds(rng);
  let spread = rng.int(3, 9);
  const walk: Array<
    Omit<Observation, 'temperatureC' | 'dewPointC'> & { spread: number; jitter: number }
  > = [];
  for (let i = 0; i < slots; i++) {
    direction = clampNumber(direction + rng.int(-2, 2) * 10, prevailing - 60, prevailing + 60);
    speed = clampNumber(speed + rng.int(-2, 2), 3, 16);
    if (i % 4 === 0) qnh = clampNumber(qnh + rng.int(-1, 1), 995, 1_035);
    if (i % 4 === 0 && rng.next() < 0.5) clouds = drawClouds(rng);
    if (i % 6 === 0) spread = clampNumber(spread + rng.int(-1, 1), 2, 10);
    walk.push({
      windDeg: ((direction % 360) + 360) % 360 || 360,
      windKt: speed,
      gustKt: speed >= 14 && rng.next() < 0.5 ? speed + rng.int(10, 14) : null,
      visibilityM: 9_999,
      weather: [],
      clouds,
      verticalVisibilityFt: null,
      qnhHpa: qnh,
      spread,
      jitter: rng.between(-1, 1),
    });
  }
  const date = new Date(context.start);
  const dayOfYear =
    (Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) -
      Date.UTC(date.getUTCFullYear(), 0, 0)) /
    (24 * HOUR);
  const mean = 17 - 0.55 * (airport.lat - 40);
  const swing = 8 + 0.1 * (airport.lat - 40);
  const seasonal = mean + swing * Math.sin((2 * Math.PI * (dayOfYear - 105)) / 365);
  return (t) => {
    const slot = walk[clampNumber(Math.floor((t - from) / (30 * MINUTE)), 0, walk.length - 1)];
    if (!slot) throw new Error('weather slot out of range');
    const hour = (t % (24 * HOUR)) / HOUR;
    // Warmest near 14 UTC, coolest near 02 UTC (the sun over central Europe, roughly).
    const temperatureC = Math.round(
      seasonal + 4 * Math.sin((2 * Math.PI * (hour - 8)) / 24) + slot.jitter,
    );
    const { spread, jitter: _jitter, ...rest } = slot;
    return { ...rest, temperatureC, dewPointC: temperatureC - spread };
  };
}

function drawClouds(rng: Rng): Cloud[] {
  const x = rng.next();
  const base = rng.int(15, 50) * 100;
  if (x < 0.25) return [];
  if (x < 0.5) return [{ cover: 'FEW', baseFt: base }];
  if (x < 0.8)
    return [
      { cover: 'SCT', baseFt: base },
      ...(rng.next() < 0.5
        ? [{ cover: 'BKN' as const, baseFt: base + rng.int(20, 60) * 100 }]
        : []),
    ];
  return [{ cover: 'BKN', baseFt: base }];
}

/** The injected weather over the ordinary one, drawn per observation. */
function severe(base: Observation, window: WeatherWindow, t: number, rng: Rng): Observation {
  const early = t < (window.from + window.to) / 2;
  switch (window.severity) {
    case 'thunderstorms': {
      const windKt = rng.int(16, 24);
      const temperatureC = base.temperatureC - 3;
      return {
        windDeg: ((base.windDeg ?? 270) + 30) % 360 || 360,
        windKt,
        gustKt: windKt + rng.int(12, 18),
        visibilityM: rng.int(5, 12) * 500,
        weather: [early ? '+TSRA' : 'TSRA'],
        clouds: [
          { cover: 'FEW', baseFt: rng.int(15, 30) * 100, cb: true },
          { cover: 'BKN', baseFt: rng.int(50, 80) * 100 },
        ],
        verticalVisibilityFt: null,
        temperatureC,
        dewPointC: Math.min(temperatureC, base.dewPointC + 2),
        qnhHpa: base.qnhHpa + 2,
      };
    }
    case 'fog': {
      // Radiation fog: the air cools to its dew point, the wind drops.
      const temperatureC = base.temperatureC - 2;
      return {
        windDeg: null,
        windKt: rng.int(0, 3),
        gustKt: null,
        visibilityM: rng.int(2, 8) * 50,
        weather: ['FG'],
        clouds: [],
        verticalVisibilityFt: rng.int(1, 2) * 100,
        temperatureC,
        dewPointC: temperatureC - rng.int(0, 1),
        qnhHpa: base.qnhHpa,
      };
    }
    case 'snow': {
      const temperatureC = rng.int(-3, 0);
      return {
        windDeg: base.windDeg,
        windKt: rng.int(6, 14),
        gustKt: null,
        visibilityM: rng.int(6, 15) * 100,
        weather: [early ? 'SN' : rng.next() < 0.5 ? '-SN' : 'SN'],
        clouds: [
          { cover: 'BKN', baseFt: rng.int(4, 8) * 100 },
          { cover: 'OVC', baseFt: rng.int(10, 15) * 100 },
        ],
        verticalVisibilityFt: null,
        temperatureC,
        dewPointC: temperatureC - rng.int(0, 1),
        qnhHpa: base.qnhHpa - 3,
      };
    }
  }
}

/** An observation as METAR or SPECI text (FM 15 / FM 16). */
function metar(kind: 'METAR' | 'SPECI', station: string, t: number, o: Observation): string {
  const groups = [kind, station, `${ddhhmm(t)}Z`, wind(o), ...sky(o)];
  groups.push(
    `${temperature(o.temperatureC)}/${temperature(o.dewPointC)}`,
    `Q${String(o.qnhHpa).padStart(4, '0')}`,
  );
  if (o.weather.length === 0) groups.push('NOSIG');
  return groups.join(' ');
}

/** A TAF (FM 51): the ordinary weather, then a TEMPO group for each injected window it covers. */
function taf(
  station: string,
  issuedAt: number,
  validFrom: number,
  validTo: number,
  o: Observation,
  windows: readonly WeatherWindow[],
): string {
  const groups = [
    'TAF',
    station,
    `${ddhhmm(issuedAt)}Z`,
    `${ddhh(validFrom)}/${ddhh(validTo, true)}`,
    wind(o),
    ...sky(o),
  ];
  for (const w of windows) {
    if (w.to <= validFrom || w.from >= validTo) continue;
    const from = Math.max(validFrom, Math.floor(w.from / HOUR) * HOUR);
    const to = Math.min(validTo, Math.ceil(w.to / HOUR) * HOUR);
    groups.push('TEMPO', `${ddhh(from)}/${ddhh(to, true)}`, ...tempo(w.severity));
  }
  return groups.join(' ');
}

function tempo(severity: Severity): string[] {
  switch (severity) {
    case 'thunderstorms':
      return ['27020G35KT', '3000', 'TSRA', 'BKN020CB'];
    case 'fog':
      return ['0200', 'FG', 'VV001'];
    case 'snow':
      return ['0800', 'SN', 'BKN005'];
  }
}

function wind(o: Observation): string {
  if (o.windKt === 0) return '00000KT';
  const direction = o.windDeg === null ? 'VRB' : String(o.windDeg).padStart(3, '0');
  const gust = o.gustKt === null ? '' : `G${String(o.gustKt).padStart(2, '0')}`;
  return `${direction}${String(o.windKt).padStart(2, '0')}${gust}KT`;
}

/** Visibility, weather and cloud groups; CAVOK when all allow it (Annex 3, 4.5.4.6). */
function sky(o: Observation): string[] {
  const lowCloud = o.clouds.some((c) => c.baseFt < 5_000 || c.cb);
  if (
    o.visibilityM >= 9_999 &&
    o.weather.length === 0 &&
    !lowCloud &&
    o.verticalVisibilityFt === null
  ) {
    return ['CAVOK'];
  }
  const groups = [String(Math.min(o.visibilityM, 9_999)).padStart(4, '0'), ...o.weather];
  if (o.verticalVisibilityFt !== null) {
    groups.push(`VV${String(Math.round(o.verticalVisibilityFt / 100)).padStart(3, '0')}`);
  } else if (o.clouds.length === 0) {
    groups.push('NSC');
  } else {
    for (const c of o.clouds)
      groups.push(
        `${c.cover}${String(Math.round(c.baseFt / 100)).padStart(3, '0')}${c.cb ? 'CB' : ''}`,
      );
  }
  return groups;
}

function temperature(c: number): string {
  return `${c < 0 ? 'M' : ''}${String(Math.abs(c)).padStart(2, '0')}`;
}

function ddhhmm(t: number): string {
  const d = new Date(t);
  return [d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]
    .map((n) => String(n).padStart(2, '0'))
    .join('');
}

/** Day and hour; an end at midnight is hour 24 of the day before (Annex 3, Appendix 5). */
function ddhh(t: number, end = false): string {
  const d = new Date(end && new Date(t).getUTCHours() === 0 ? t - HOUR : t);
  const hour = end && new Date(t).getUTCHours() === 0 ? 24 : d.getUTCHours();
  return `${String(d.getUTCDate()).padStart(2, '0')}${String(hour).padStart(2, '0')}`;
}

function clampNumber(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
