// TAFs are not published: the catalogue has no forecast topic, and external.weather holds
// observations only. ops-feed decodes each TAF and derives its outlook (the worst severity
// it forecasts within a horizon, TEMPO and PROB groups included), which the service reports
// as a gauge and logs when it is worse than what is observed now: expected deterioration.
import type { FlightCategory, WeatherSeverity } from '@overfly/schemas';
import { type Forecast, getCompositeForecastForDate, parseTAFAsForecast } from 'metar-taf-parser';
import { OpsFeedError } from '../errors.js';
import {
  ceilingFeet,
  decodeWind,
  flightCategory,
  phenomenaOf,
  SEVERITY_RANK,
  severity,
  visibilityMetres,
} from './conditions.js';
import { resolveDayTime } from './report-time.js';

export interface TafInput {
  rawText: string;
  stationIcao?: string;
  /** Issue time the API gives (UTC ms); else resolved from the text. */
  issuedAt?: number;
}

export interface TafOutlook {
  stationIcao: string;
  issuedAt: number;
  /** Worst severity forecast between now and now + horizon; NONE when all is benign. */
  worst: WeatherSeverity;
  worstCategory: FlightCategory;
  /** When the worst conditions are first forecast; null when nothing is forecast in the horizon. */
  worstFrom: number | null;
  /** The TAF group that forecasts them ('TEMPO 1714/1718 25020G32KT 4000 TSRA BKN012CB'). */
  worstGroup: string | null;
}

const SAMPLE_STEP_MS = 30 * 60 * 1000;

export function tafOutlook(input: TafInput, now: number, horizonMs: number): TafOutlook {
  const rawText = input.rawText.trim().replace(/\s+/g, ' ');
  const fail = (why: string, cause?: unknown): never => {
    throw new OpsFeedError('OPS_FEED_TAF_UNPARSEABLE', `${why}: "${rawText}"`, { cause });
  };
  const issuedAt = input.issuedAt ?? issuedFromText(rawText, now) ?? fail('no DDHHMMZ issue time');
  let container: ReturnType<typeof parseTAFAsForecast>;
  try {
    container = parseTAFAsForecast(rawText, { issued: new Date(issuedAt) });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), error);
  }
  const station = container.station;
  if (!/^[A-Z]{4}$/.test(station)) fail('no ICAO station');
  if (input.stationIcao && station !== input.stationIcao) {
    fail(`station ${station} where ${input.stationIcao} was asked for`);
  }
  const outlook: TafOutlook = {
    stationIcao: station,
    issuedAt,
    worst: 'NONE',
    worstCategory: 'UNKNOWN',
    worstFrom: null,
    worstGroup: null,
  };
  const from = Math.max(now, container.start.getTime());
  const to = Math.min(now + horizonMs, container.end.getTime() - 1);
  for (let t = from; t <= to; t += SAMPLE_STEP_MS) {
    let composite: ReturnType<typeof getCompositeForecastForDate>;
    try {
      composite = getCompositeForecastForDate(new Date(t), container);
    } catch {
      continue;
    }
    const periods = [
      composite.prevailing,
      ...composite.supplemental.map((s) => ({ ...composite.prevailing, ...definedOf(s) })),
    ];
    for (const period of periods) {
      const judged = judge(period);
      if (
        outlook.worstFrom === null ||
        SEVERITY_RANK[judged.severity] > SEVERITY_RANK[outlook.worst]
      ) {
        outlook.worst = judged.severity;
        outlook.worstCategory = judged.category;
        outlook.worstFrom = t;
        outlook.worstGroup = period.raw;
      }
    }
  }
  return outlook;
}

function issuedFromText(rawText: string, now: number): number | null {
  const match = /\b(\d{2})(\d{2})(\d{2})Z\b/.exec(rawText);
  if (!match) return null;
  return resolveDayTime(Number(match[1]), Number(match[2]), Number(match[3]), now);
}

/** A change group's own fields: what it leaves out stays as the prevailing period has it. */
function definedOf(forecast: Forecast): Partial<Forecast> {
  const out: Partial<Forecast> = {};
  for (const [key, value] of Object.entries(forecast)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0 && key !== 'remarks') continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** What judging a period reads; a merged change group may leave any of it out. */
interface Period {
  visibility?: Forecast['visibility'] | undefined;
  cavok?: true | undefined;
  clouds: Forecast['clouds'];
  verticalVisibility?: number | undefined;
  wind?: Forecast['wind'] | undefined;
  weatherConditions: Forecast['weatherConditions'];
}

function judge(period: Period): { severity: WeatherSeverity; category: FlightCategory } {
  const visibilityM = visibilityMetres(period.visibility, period.cavok === true);
  const ceilingFt = period.cavok ? null : ceilingFeet(period.clouds, period.verticalVisibility);
  const category = flightCategory(ceilingFt, visibilityM);
  const wind = decodeWind(period.wind);
  return {
    category,
    severity: severity({
      flightCategory: category,
      windSpeedKt: wind.speedKt,
      windGustKt: wind.gustKt,
      phenomena: phenomenaOf(period.weatherConditions),
    }),
  };
}
