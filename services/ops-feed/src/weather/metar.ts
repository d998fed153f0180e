// A METAR (or SPECI) as the weather API gives it → the WeatherObservation ops-feed publishes.
// Decoded with metar-taf-parser; anything it cannot decode into the groups an observation
// needs is refused whole (OPS_FEED_METAR_UNPARSEABLE), never published half-decoded.
import type { WeatherObservation, WeatherReportType } from '@overfly/schemas';
import { type IMetar, parseMetar } from 'metar-taf-parser';
import { OpsFeedError } from '../errors.js';
import {
  ceilingFeet,
  decodeWind,
  flightCategory,
  hpa,
  phenomenaOf,
  severity,
  visibilityMetres,
} from './conditions.js';
import { resolveDayTime } from './report-time.js';

export interface MetarInput {
  /** The report text, with or without its leading METAR/SPECI word. */
  rawText: string;
  /** The station the API filed it under, checked against the text. */
  stationIcao?: string;
  /** Observation time the API gives (UTC ms); else resolved from the text's DDHHMMZ. */
  observedAt?: number;
  /** The API's report type; else the text's. */
  reportType?: 'METAR' | 'SPECI';
}

const ICAO = /^[A-Z]{4}$/;

export function decodeMetar(
  input: MetarInput,
  context: { source: string; receivedAt: number },
): WeatherObservation {
  const rawText = input.rawText.trim().replace(/\s+/g, ' ');
  const fail = (why: string, cause?: unknown): never => {
    throw new OpsFeedError('OPS_FEED_METAR_UNPARSEABLE', `${why}: "${rawText}"`, { cause });
  };
  let metar: IMetar;
  try {
    metar = parseMetar(rawText);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), error);
  }
  if (!ICAO.test(metar.station)) fail('no ICAO station');
  if (input.stationIcao && metar.station !== input.stationIcao) {
    fail(`station ${metar.station} where ${input.stationIcao} was asked for`);
  }
  if (metar.day === undefined || metar.hour === undefined || metar.minute === undefined) {
    fail('no DDHHMMZ observation time');
  }
  // A METAR without wind or visibility (a NIL report, a truncated line) says too little to
  // judge an aerodrome by; publishing it would read as "nothing reported" = fine.
  if (!metar.wind) fail('no wind group');
  if (!metar.visibility && !metar.cavok) fail('no visibility group and no CAVOK');

  const observedAt =
    input.observedAt ??
    resolveDayTime(metar.day ?? 0, metar.hour ?? 0, metar.minute ?? 0, context.receivedAt) ??
    fail('an observation day no month near the fetch time has');

  const wind = decodeWind(metar.wind);
  const visibilityM = visibilityMetres(metar.visibility, metar.cavok === true);
  // CAVOK: no cloud below 5,000 ft or the highest minimum sector altitude, so no ceiling.
  const ceilingFt = metar.cavok ? null : ceilingFeet(metar.clouds, metar.verticalVisibility);
  const phenomena = phenomenaOf(metar.weatherConditions);
  const category = flightCategory(ceilingFt, visibilityM);
  const reportType: WeatherReportType = input.reportType ?? metar.type ?? 'METAR';
  return {
    observationId: `${metar.station}-${observedAt}`,
    stationIcao: metar.station,
    observedAt,
    reportType,
    rawText,
    windDirectionDeg: wind.directionDeg,
    windSpeedKt: wind.speedKt,
    windGustKt: wind.gustKt,
    visibilityM,
    ceilingFt,
    temperatureC: metar.temperature ?? null,
    dewpointC: metar.dewPoint ?? null,
    qnhHpa: hpa(metar.altimeter),
    phenomena,
    flightCategory: category,
    severity: severity({
      flightCategory: category,
      windSpeedKt: wind.speedKt,
      windGustKt: wind.gustKt,
      phenomena,
    }),
    source: context.source,
    receivedAt: context.receivedAt,
  };
}
