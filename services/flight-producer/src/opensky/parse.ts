// Turns a /states/all body into OpenSkyState values. The row layout (index → field, units)
// is OpenSky's, from https://openskynetwork.github.io/opensky-api/rest.html#response:
//  0 icao24 (hex string)        6 latitude (°, nullable)          12 sensors (int[], ignored)
//  1 callsign (8 chars, null)   7 baro_altitude (m, nullable)     13 geo_altitude (m, nullable)
//  2 origin_country             8 on_ground (bool)                14 squawk (nullable)
//  3 time_position (s, null)    9 velocity (m/s over ground)      15 spi (bool)
//  4 last_contact (s)          10 true_track (° from north)       16 position_source (0–3)
//  5 longitude (°, nullable)   11 vertical_rate (m/s, + climbs)   17 category (extended=1 only)
// Category and position source 3 (FLARM) are documented in OpenSky's own client,
// https://github.com/openskynetwork/opensky-api/blob/master/python/opensky_api.py
// A bad row is skipped and counted with the first field that failed; it never fails the
// whole response, since one garbled transponder must not hide every other aircraft.
import { OpenSkyError } from './errors.js';
import type { OpenSkyState, RejectReason } from './types.js';

export interface ParsedStates {
  time: number;
  states: OpenSkyState[];
  rejected: Partial<Record<RejectReason, number>>;
}

/** Rows shorter than this lack documented fields; 18 with `extended=1`. */
const MIN_ROW_LENGTH = 17;
const ICAO24 = /^[0-9a-f]{6}$/i;

export function parseStatesResponse(body: unknown): ParsedStates {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_INVALID_RESPONSE', {
      detail: `expected an object, got ${kind(body)}`,
    });
  }
  const { time, states } = body as { time?: unknown; states?: unknown };
  if (!isInteger(time)) {
    throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_INVALID_RESPONSE', {
      detail: `"time" is ${kind(time)}, not Unix seconds`,
    });
  }
  // OpenSky sends `"states": null` when no aircraft is in the box.
  if (states !== null && states !== undefined && !Array.isArray(states)) {
    throw new OpenSkyError('FLIGHT_PRODUCER_OPENSKY_INVALID_RESPONSE', {
      detail: `"states" is ${kind(states)}`,
    });
  }
  const parsed: OpenSkyState[] = [];
  const rejected: Partial<Record<RejectReason, number>> = {};
  for (const row of states ?? []) {
    const result = parseRow(row);
    if (typeof result === 'string') rejected[result] = (rejected[result] ?? 0) + 1;
    else parsed.push(result);
  }
  return { time, states: parsed, rejected };
}

/** The state, or the reason the row was skipped. */
export function parseRow(row: unknown): OpenSkyState | RejectReason {
  if (!Array.isArray(row)) return 'not_an_array';
  if (row.length < MIN_ROW_LENGTH) return 'too_short';
  const r: readonly unknown[] = row;

  const icao24 = r[0];
  if (typeof icao24 !== 'string' || !ICAO24.test(icao24)) return 'icao24';
  const callsign = r[1];
  if (callsign !== null && typeof callsign !== 'string') return 'callsign';
  const originCountry = r[2];
  if (typeof originCountry !== 'string') return 'origin_country';
  const timePosition = r[3];
  if (timePosition !== null && !isInteger(timePosition)) return 'time_position';
  const lastContact = r[4];
  if (!isInteger(lastContact)) return 'last_contact';
  const longitude = r[5];
  if (!nullableInRange(longitude, -180, 180)) return 'longitude';
  const latitude = r[6];
  if (!nullableInRange(latitude, -90, 90)) return 'latitude';
  const baroAltitudeM = r[7];
  if (!nullableNumber(baroAltitudeM)) return 'baro_altitude';
  const onGround = r[8];
  if (typeof onGround !== 'boolean') return 'on_ground';
  const velocityMs = r[9];
  if (!nullableNumber(velocityMs)) return 'velocity';
  const trueTrackDeg = r[10];
  if (!nullableInRange(trueTrackDeg, 0, 360)) return 'true_track';
  const verticalRateMs = r[11];
  if (!nullableNumber(verticalRateMs)) return 'vertical_rate';
  const geoAltitudeM = r[13];
  if (!nullableNumber(geoAltitudeM)) return 'geo_altitude';
  const squawk = r[14];
  if (squawk !== null && typeof squawk !== 'string') return 'squawk';
  const spi = r[15];
  if (typeof spi !== 'boolean') return 'spi';
  const positionSource = r[16];
  if (positionSource !== null && !isInteger(positionSource)) return 'position_source';
  // Absent (17-column rows, no `extended=1`) reads as unknown rather than as a bad row.
  const category = r[17] ?? null;
  if (category !== null && !isInteger(category)) return 'category';

  const trimmed = callsign?.trim() ?? '';
  return {
    icao24: icao24.toLowerCase(),
    // Callsigns arrive space-padded to 8 characters; a blank one means none was received.
    callsign: trimmed === '' ? null : trimmed,
    originCountry,
    timePosition,
    lastContact,
    longitude,
    latitude,
    baroAltitudeM,
    onGround,
    velocityMs,
    trueTrackDeg,
    verticalRateMs,
    geoAltitudeM,
    squawk,
    spi,
    positionSource,
    category,
  };
}

/** Keeps one state per aircraft, the one heard from last (tiles overlap on their edges). */
export function mergeStates(groups: readonly (readonly OpenSkyState[])[]): OpenSkyState[] {
  const byIcao = new Map<string, OpenSkyState>();
  for (const group of groups) {
    for (const state of group) {
      const seen = byIcao.get(state.icao24);
      if (!seen || state.lastContact > seen.lastContact) byIcao.set(state.icao24, state);
    }
  }
  return [...byIcao.values()];
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function nullableNumber(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value));
}

function nullableInRange(value: unknown, min: number, max: number): value is number | null {
  return value === null || (typeof value === 'number' && value >= min && value <= max);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string'
    ? `a string (${JSON.stringify(value.slice(0, 40))})`
    : typeof value;
}
