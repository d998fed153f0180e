// What ops-feed derives from decoded weather, shared by METARs and TAF periods: the
// units the schema asks for, the FAA-style flight category, and Overfly's severity rule.
import type { FlightCategory, WeatherSeverity } from '@overfly/schemas';
import {
  type ICloud,
  type IWeatherCondition,
  type IWind,
  SpeedUnit,
  type Visibility,
} from 'metar-taf-parser';

/** One statute mile in metres (international mile, exactly 1,609.344 m). */
const METRES_PER_SM = 1609.344;
/** 1, 3 and 5 SM in whole metres, the unit visibility is published in. */
const ONE_SM_M = Math.round(METRES_PER_SM);
const THREE_SM_M = Math.round(3 * METRES_PER_SM);
const FIVE_SM_M = Math.round(5 * METRES_PER_SM);
/** 1 inHg = 33.8639 hPa (standard conversion, WMO No. 8 Annex 1.B). */
const HPA_PER_INHG = 33.8639;
/** The schema's "10 km or more", as METARs write it. */
const TEN_KM_OR_MORE = 9999;

/** Visibility in metres; 9999 for 10 km or more, as ICAO METARs write it. */
export function visibilityMetres(
  visibility: Visibility | undefined,
  cavok: boolean,
): number | null {
  if (cavok) return TEN_KM_OR_MORE;
  if (!visibility) return null;
  const metres =
    visibility.unit === 'SM' ? visibility.value * METRES_PER_SM : Number(visibility.value);
  if (!Number.isFinite(metres) || metres < 0) return null;
  return metres >= 10_000 || (visibility.indicator === 'P' && metres >= TEN_KM_OR_MORE)
    ? TEN_KM_OR_MORE
    : Math.round(metres);
}

/** Lowest broken or overcast layer, or vertical visibility, in feet; null when none. */
export function ceilingFeet(
  clouds: readonly ICloud[],
  verticalVisibility: number | undefined,
): number | null {
  const heights = clouds
    .filter((c) => (c.quantity === 'BKN' || c.quantity === 'OVC') && c.height !== undefined)
    .map((c) => c.height as number);
  if (verticalVisibility !== undefined) heights.push(verticalVisibility);
  return heights.length === 0 ? null : Math.min(...heights);
}

function knots(speed: number | undefined, unit: SpeedUnit): number | null {
  if (speed === undefined || !Number.isFinite(speed)) return null;
  // 1 m/s = 1.943844 kt, 1 km/h = 0.539957 kt (1 kt = 1,852 m/h exactly).
  if (unit === SpeedUnit.MetersPerSecond) return Math.round((speed * 3600) / 1852);
  if (unit === SpeedUnit.KilometersPerHour) return Math.round((speed * 1000) / 1852);
  return Math.round(speed);
}

export interface DecodedWind {
  directionDeg: number | null;
  speedKt: number | null;
  gustKt: number | null;
}

export function decodeWind(wind: IWind | undefined): DecodedWind {
  if (!wind) return { directionDeg: null, speedKt: null, gustKt: null };
  const speedKt = knots(wind.speed, wind.unit);
  // The schema: null when variable (VRB, no degrees) or calm.
  const directionDeg = wind.degrees === undefined || speedKt === 0 ? null : wind.degrees;
  return { directionDeg, speedKt, gustKt: knots(wind.gust, wind.unit) };
}

export function hpa(altimeter: { value: number; unit: string } | undefined): number | null {
  if (!altimeter || !Number.isFinite(altimeter.value)) return null;
  const value = altimeter.unit === 'inHg' ? altimeter.value * HPA_PER_INHG : altimeter.value;
  return Math.round(value * 10) / 10;
}

/** Present-weather groups in METAR notation: '+TSRA', '-FZRA', 'VCSH', 'FG'. */
export function phenomenaOf(conditions: readonly IWeatherCondition[]): string[] {
  return conditions.map(
    (c) => `${c.intensity ?? ''}${c.descriptive ?? ''}${c.phenomenons.join('')}`,
  );
}

/**
 * Flight category from ceiling and visibility, as the Aviation Weather Center defines them
 * ("Aviation Flight Categories", aviationweather.gov; NWS training, "Flight Rule
 * Categories"): LIFR ceiling < 500 ft and/or visibility < 1 SM; IFR 500 to < 1,000 ft and/or
 * 1 to < 3 SM; MVFR 1,000 to 3,000 ft and/or 3 to 5 SM; VFR > 3,000 ft and > 5 SM. The worse
 * of the two decides. No ceiling counts as unlimited; without a visibility only a ceiling
 * that alone makes it worse than VFR decides, otherwise UNKNOWN.
 */
export function flightCategory(
  ceilingFt: number | null,
  visibilityM: number | null,
): FlightCategory {
  const byCeiling: FlightCategory =
    ceilingFt === null
      ? 'VFR'
      : ceilingFt < 500
        ? 'LIFR'
        : ceilingFt < 1000
          ? 'IFR'
          : ceilingFt <= 3000
            ? 'MVFR'
            : 'VFR';
  if (visibilityM === null) return byCeiling === 'VFR' ? 'UNKNOWN' : byCeiling;
  const byVisibility: FlightCategory =
    visibilityM < ONE_SM_M
      ? 'LIFR'
      : visibilityM < THREE_SM_M
        ? 'IFR'
        : visibilityM <= FIVE_SM_M
          ? 'MVFR'
          : 'VFR';
  return CATEGORY_RANK[byCeiling] >= CATEGORY_RANK[byVisibility] ? byCeiling : byVisibility;
}

const CATEGORY_RANK: Record<FlightCategory, number> = {
  UNKNOWN: -1,
  VFR: 0,
  MVFR: 1,
  IFR: 2,
  LIFR: 3,
};

export const SEVERITY_RANK: Record<WeatherSeverity, number> = {
  UNKNOWN: -1,
  NONE: 0,
  LOW: 1,
  MODERATE: 2,
  HIGH: 3,
  SEVERE: 4,
};

export interface SeverityInput {
  flightCategory: FlightCategory;
  windSpeedKt: number | null;
  windGustKt: number | null;
  phenomena: readonly string[];
}

/**
 * Overfly's severity rule: the operational impact on an aerodrome, for the disruption
 * correlator. It is our own rule, not a regulation; each threshold is tested at its edge
 * (conditions.test.ts) and listed in the README. The highest level any clause reaches wins:
 *
 * - SEVERE: a thunderstorm at the aerodrome (TS, not VCTS), freezing precipitation (FZRA,
 *   FZDZ), hail with a thunderstorm, heavy snow (+SN), squall (SQ), funnel cloud (FC),
 *   volcanic ash (VA), a heavy sand or dust storm (+SS, +DS); gusts of 50 kt or more; LIFR
 *   with a mean wind or gusts of 30 kt or more.
 * - HIGH: LIFR; gusts of 40 kt or more or a mean wind of 30 kt or more; snow (SN), freezing
 *   fog (FZFG), hail or ice pellets (GR, GS, PL), a thunderstorm in the vicinity (VCTS),
 *   heavy rain or drizzle (+RA, +DZ, +SHRA).
 * - MODERATE: IFR; gusts of 30 kt or more or a mean wind of 20 kt or more; light snow
 *   (-SN), snow grains (SG), fog (FG), blowing snow (BLSN), moderate rain (RA, SHRA).
 * - LOW: MVFR; gusts of 20 kt or more; any other present weather (-RA, DZ, BR, HZ, …).
 * - NONE: VFR, calm enough, nothing present.
 * - UNKNOWN: the category is unknown and nothing else says more.
 */
export function severity(input: SeverityInput): WeatherSeverity {
  const wind = input.windSpeedKt ?? 0;
  const gust = input.windGustKt ?? 0;
  const strongest = Math.max(wind, gust);
  const levels: WeatherSeverity[] = [];
  const cat = input.flightCategory;
  if (cat === 'LIFR') levels.push(strongest >= 30 ? 'SEVERE' : 'HIGH');
  else if (cat === 'IFR') levels.push('MODERATE');
  else if (cat === 'MVFR') levels.push('LOW');
  else if (cat === 'VFR') levels.push('NONE');

  if (gust >= 50) levels.push('SEVERE');
  else if (gust >= 40 || wind >= 30) levels.push('HIGH');
  else if (gust >= 30 || wind >= 20) levels.push('MODERATE');
  else if (gust >= 20) levels.push('LOW');

  for (const group of input.phenomena) levels.push(phenomenonSeverity(group));

  if (levels.length === 0) return 'UNKNOWN';
  return levels.reduce((worst, level) =>
    SEVERITY_RANK[level] > SEVERITY_RANK[worst] ? level : worst,
  );
}

function phenomenonSeverity(group: string): WeatherSeverity {
  const vicinity = group.startsWith('VC');
  const heavy = group.startsWith('+');
  const light = group.startsWith('-');
  const body = group.replace(/^(\+|-|VC)/, '');
  if (vicinity) return body.includes('TS') ? 'HIGH' : 'LOW';
  if (body.includes('TS')) return 'SEVERE';
  if (/^FZ(RA|DZ|UP)/.test(body)) return 'SEVERE';
  if (/(SQ|FC|VA)/.test(body)) return 'SEVERE';
  if (heavy && /(SS|DS)/.test(body)) return 'SEVERE';
  if (body.includes('SN') && !body.startsWith('DRSN') && !body.startsWith('BLSN')) {
    if (heavy) return 'SEVERE';
    return light ? 'MODERATE' : 'HIGH';
  }
  if (body === 'FZFG' || /(GR|GS|PL)/.test(body)) return 'HIGH';
  if (/(RA|DZ)/.test(body)) return heavy ? 'HIGH' : light ? 'LOW' : 'MODERATE';
  if (body === 'FG' || body === 'SG' || body === 'BLSN') return 'MODERATE';
  return 'LOW';
}
