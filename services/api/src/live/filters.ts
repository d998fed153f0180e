import { operatorFromCallsign } from '@overfly/charges';
import type { FirLayer } from '@overfly/geo';
import type { AircraftEntry } from './aircraft-table.js';

/** Longitudes may wrap: `minLon > maxLon` is a box across the antimeridian. */
interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** What a client wants to see; every part is optional and all given parts must hold. */
export interface LiveFilter {
  bbox?: BBox;
  /** Metres, inclusive, on the barometric altitude (geometric when baro is missing). */
  minAlt?: number;
  maxAlt?: number;
  onGround?: boolean;
  /** Upper-case callsign prefixes, any of which matches. */
  callsigns?: string[];
  /** ICAO airline designators (3 letters). */
  operators?: string[];
  /** FIR ids of the layer. */
  firs?: string[];
}

export interface FieldError {
  field: string;
  message: string;
}

export type FilterParse =
  | { ok: true; filter: LiveFilter; key: string }
  | { ok: false; errors: FieldError[] };

/** The query parameters (and filter-message fields) that make a filter. */
export const FILTER_FIELDS = [
  'bbox',
  'minAlt',
  'maxAlt',
  'onGround',
  'callsign',
  'operator',
  'fir',
] as const;

const MAX_LIST = 50;

/** A query value as fastify gives it (a repeated parameter is an array), or a message field. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value).trim();
}

function list(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s) => s !== ''),
    ),
  ].sort();
}

function number(value: string): number | null {
  if (!/^-?\d+(\.\d+)?$/.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function parseBBox(value: string, errors: FieldError[]): BBox | undefined {
  const parts = value.split(',').map((s) => number(s.trim()));
  const fail = (message: string) => {
    errors.push({ field: 'bbox', message });
    return undefined;
  };
  if (parts.length !== 4 || parts.some((p) => p === null))
    return fail('expected four numbers: minLon,minLat,maxLon,maxLat');
  const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
  if ([minLon, maxLon].some((l) => l < -180 || l > 180))
    return fail('longitudes must be within -180..180');
  if ([minLat, maxLat].some((l) => l < -90 || l > 90))
    return fail('latitudes must be within -90..90');
  if (minLat > maxLat) return fail('minLat is greater than maxLat');
  return { minLon, minLat, maxLon, maxLat };
}

function parseList(
  field: string,
  value: string,
  pattern: RegExp,
  what: string,
  errors: FieldError[],
): string[] | undefined {
  const items = list(value);
  if (items.length === 0) {
    errors.push({ field, message: 'is empty' });
    return undefined;
  }
  if (items.length > MAX_LIST) {
    errors.push({ field, message: `at most ${MAX_LIST} values` });
    return undefined;
  }
  const bad = items.filter((i) => !pattern.test(i));
  if (bad.length > 0) {
    errors.push({ field, message: `${bad.join(', ')}: not ${what}` });
    return undefined;
  }
  return items;
}

/**
 * A filter from the upgrade URL's query (or a `{"type":"filter"}` message), validated;
 * every bad parameter is named. `firs` is the layer FIR ids are checked against (null:
 * the FIR filter is unavailable). Parameters it does not know (a token, `format`) are left
 * to others.
 */
export function parseFilter(input: Record<string, unknown>, firs: FirLayer | null): FilterParse {
  const errors: FieldError[] = [];
  const filter: LiveFilter = {};
  const bbox = text(input.bbox);
  if (bbox !== undefined) {
    const parsed = parseBBox(bbox, errors);
    if (parsed) filter.bbox = parsed;
  }
  for (const field of ['minAlt', 'maxAlt'] as const) {
    const raw = text(input[field]);
    if (raw === undefined) continue;
    const n = number(raw);
    if (n === null) errors.push({ field, message: 'expected a number of metres' });
    else filter[field] = n;
  }
  if (filter.minAlt !== undefined && filter.maxAlt !== undefined && filter.minAlt > filter.maxAlt)
    errors.push({ field: 'minAlt', message: 'minAlt is greater than maxAlt' });
  const onGround = text(input.onGround);
  if (onGround !== undefined) {
    if (onGround === 'true' || onGround === 'false') filter.onGround = onGround === 'true';
    else errors.push({ field: 'onGround', message: 'expected true or false' });
  }
  const callsign = text(input.callsign);
  if (callsign !== undefined) {
    const items = parseList('callsign', callsign, /^[A-Z0-9]{1,8}$/, 'a callsign prefix', errors);
    if (items) filter.callsigns = items;
  }
  const operator = text(input.operator);
  if (operator !== undefined) {
    const items = parseList(
      'operator',
      operator,
      /^[A-Z]{3}$/,
      'an ICAO airline designator (3 letters)',
      errors,
    );
    if (items) filter.operators = items;
  }
  const fir = text(input.fir);
  if (fir !== undefined) {
    if (firs === null) {
      errors.push({ field: 'fir', message: 'FIR filtering is not available on this server' });
    } else {
      const items = parseList('fir', fir, /^[A-Z0-9]{2,8}$/, 'a FIR id', errors);
      const unknown = items?.filter((id) => !firs.byId(id)) ?? [];
      if (unknown.length > 0)
        errors.push({ field: 'fir', message: `${unknown.join(', ')}: no such FIR` });
      else if (items) filter.firs = items;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, filter, key: filterKey(filter) };
}

/** Equal filters give equal keys (fixed field order, sorted de-duplicated lists). */
export function filterKey(filter: LiveFilter): string {
  return JSON.stringify([
    filter.bbox
      ? [filter.bbox.minLon, filter.bbox.minLat, filter.bbox.maxLon, filter.bbox.maxLat]
      : null,
    filter.minAlt ?? null,
    filter.maxAlt ?? null,
    filter.onGround ?? null,
    filter.callsigns ?? null,
    filter.operators ?? null,
    filter.firs ?? null,
  ]);
}

export function altitudeOf(entry: AircraftEntry): number | null {
  return entry.state.baroAltitudeM ?? entry.state.geoAltitudeM;
}

/**
 * The filter as a predicate. Cheap tests first; the FIR lookup (a point-in-polygon) last,
 * and cached on the entry so each aircraft is located once per change for all clients.
 */
export function matcherFor(
  filter: LiveFilter,
  firs: FirLayer | null,
): (entry: AircraftEntry) => boolean {
  const { bbox, minAlt, maxAlt, onGround, callsigns, operators } = filter;
  const firIds = filter.firs && firs ? new Set(filter.firs) : null;
  return (entry) => {
    const s = entry.state;
    if (bbox) {
      if (s.latitude < bbox.minLat || s.latitude > bbox.maxLat) return false;
      const inLon =
        bbox.minLon <= bbox.maxLon
          ? s.longitude >= bbox.minLon && s.longitude <= bbox.maxLon
          : s.longitude >= bbox.minLon || s.longitude <= bbox.maxLon;
      if (!inLon) return false;
    }
    if (minAlt !== undefined || maxAlt !== undefined) {
      const alt = altitudeOf(entry);
      if (alt === null) return false;
      if (minAlt !== undefined && alt < minAlt) return false;
      if (maxAlt !== undefined && alt > maxAlt) return false;
    }
    // Unknown (null) counts as not on the ground: most recorded sources never say.
    if (onGround !== undefined && (s.onGround === true) !== onGround) return false;
    if (callsigns) {
      const cs = (s.callsign ?? '').toUpperCase();
      if (!callsigns.some((p) => cs.startsWith(p))) return false;
    }
    if (operators) {
      const op = operatorFromCallsign(s.callsign);
      if (op === null || !operators.includes(op)) return false;
    }
    if (firIds && firs) {
      if (entry.fir === undefined) entry.fir = firs.firAt(s.longitude, s.latitude)?.id ?? null;
      if (entry.fir === null || !firIds.has(entry.fir)) return false;
    }
    return true;
  };
}
