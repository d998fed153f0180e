import { MEAN_EARTH_RADIUS_KM } from '@overfly/geo';
import { ChargesError } from './errors.js';
import type { CrossingInput } from './price.js';

/** Half the Earth's circumference on the mean sphere: no great circle is longer (20,015 km). */
const MAX_GREAT_CIRCLE_KM = Math.PI * MEAN_EARTH_RADIUS_KM;
/** No position is priced before ADS-B positions were recorded at all. */
const EARLIEST_PLAUSIBLE_TIME = Date.UTC(2000, 0, 1);
/** A crossing in the future beyond clock skew is not a flight that happened. */
const FUTURE_SLACK_MS = 24 * 3_600_000;
/** No flight stays in one FIR (or one zone) longer than this. */
const LONGEST_PLAUSIBLE_CROSSING_MS = 48 * 3_600_000;

// UNKNOWN is what a reader makes of a symbol a newer writer added: valid, never priced.
const STATUSES = new Set(['PROVISIONAL', 'FINAL', 'UNKNOWN']);
const EXIT_REASONS = new Set(['BOUNDARY', 'LANDING', 'GAP', 'END_OF_INPUT', 'UNKNOWN']);
const SOURCES = new Set(['OPENSKY_LIVE', 'REPLAY', 'SIMULATED', 'UNKNOWN']);

const invalid = (field: string, problem: string) =>
  new ChargesError('CHARGES_CROSSING_INVALID', `${field} ${problem}`);

/**
 * Refuses a crossing that cannot be a real one, before anything is priced: an impossible
 * distance or position, a time outside [2000, now + 1 day] or an exit before the entry, an
 * enum not spelt as the schema spells it ('final' is not FINAL). Distances throw
 * DISTANCE_INVALID, everything else CROSSING_INVALID, each naming the field and value.
 */
export function validateCrossing(c: CrossingInput, now: number = Date.now()): void {
  distance('greatCircleDistanceKm', c.greatCircleDistanceKm, c.crossingId);
  distance('flownDistanceKm', c.flownDistanceKm, c.crossingId);
  if (c.greatCircleDistanceKm > MAX_GREAT_CIRCLE_KM)
    throw new ChargesError(
      'CHARGES_DISTANCE_INVALID',
      `greatCircleDistanceKm ${c.greatCircleDistanceKm} is more than half the Earth's circumference (${Math.round(MAX_GREAT_CIRCLE_KM)} km) in crossing ${c.crossingId}`,
    );
  if (!STATUSES.has(c.status))
    throw invalid('status', `${JSON.stringify(c.status)} is not PROVISIONAL, FINAL or UNKNOWN`);
  if (c.exitReason != null && !EXIT_REASONS.has(c.exitReason))
    throw invalid(
      'exitReason',
      `${JSON.stringify(c.exitReason)} is not one of ${[...EXIT_REASONS].join(', ')}`,
    );
  if (c.source !== undefined && !SOURCES.has(c.source))
    throw invalid('source', `${JSON.stringify(c.source)} is not one of ${[...SOURCES].join(', ')}`);
  if (!Number.isInteger(c.sequence) || c.sequence < 1)
    throw invalid('sequence', `${c.sequence} is not a whole number from 1`);
  position('entry', c.entryLatitude, c.entryLongitude);
  time('entryTime', c.entryTime, now);
  if (c.status === 'FINAL') {
    if (c.exitTime === null || c.exitLatitude === null || c.exitLongitude === null)
      throw invalid('exitTime', 'and the exit point are required once a crossing is FINAL');
  }
  if (c.exitLatitude !== null || c.exitLongitude !== null)
    position('exit', c.exitLatitude ?? Number.NaN, c.exitLongitude ?? Number.NaN);
  if (c.exitTime !== null) {
    time('exitTime', c.exitTime, now);
    if (c.exitTime < c.entryTime)
      throw invalid('exitTime', `${iso(c.exitTime)} is before entryTime ${iso(c.entryTime)}`);
    if (c.exitTime - c.entryTime > LONGEST_PLAUSIBLE_CROSSING_MS)
      throw invalid(
        'exitTime',
        `${iso(c.exitTime)} is more than 48 h after entryTime ${iso(c.entryTime)}`,
      );
  }
}

function distance(name: string, km: number, crossingId: string): void {
  if (!Number.isFinite(km) || km < 0)
    throw new ChargesError('CHARGES_DISTANCE_INVALID', `${name} ${km} in crossing ${crossingId}`);
}

function position(which: string, lat: number, lon: number): void {
  if (!Number.isFinite(lat) || Math.abs(lat) > 90)
    throw invalid(`${which}Latitude`, `${lat} is not a latitude in [-90, 90]`);
  if (!Number.isFinite(lon) || Math.abs(lon) > 180)
    throw invalid(`${which}Longitude`, `${lon} is not a longitude in [-180, 180]`);
}

function time(field: string, ms: number, now: number): void {
  if (!Number.isFinite(ms)) throw invalid(field, `${ms} is not a time`);
  if (ms < EARLIEST_PLAUSIBLE_TIME || ms > now + FUTURE_SLACK_MS)
    throw invalid(field, `${iso(ms)} is outside 2000-01-01 … now + 1 day`);
}

const iso = (ms: number) =>
  Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
