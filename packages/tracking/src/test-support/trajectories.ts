import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { Fix } from '../types.js';

const FT = 0.3048;
const KT = 1852 / 3600;

/** A path under shared/data (the folder beside the repository). */
export function sharedData(path: string): URL {
  return new URL(`../../../../../shared/data/${path}`, import.meta.url);
}

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Reads a traffic-library sample (.json.gz, records or pandas orient=columns) as fixes in
 * flights.updates units. The position time is `last_position` when present (the row's
 * `timestamp` repeats a stale position), else `timestamp`. Rows without a position are skipped.
 */
export function readTrafficJson(path: string): Fix[] {
  const json: unknown = JSON.parse(gunzipSync(readFileSync(sharedData(path))).toString('utf8'));
  let rows: Row[];
  if (Array.isArray(json)) rows = json as Row[];
  else {
    const columns = json as Record<string, Record<string, unknown>>;
    const index = Object.keys(columns.timestamp ?? {});
    rows = index.map((i) =>
      Object.fromEntries(Object.keys(columns).map((c) => [c, columns[c]?.[i]])),
    );
  }
  const fixes: Fix[] = [];
  for (const r of rows) {
    const lat = num(r.latitude);
    const lon = num(r.longitude);
    const ts = num(r.timestamp);
    if (lat === null || lon === null || ts === null) continue;
    const lp = num(r.last_position);
    const alt = num(r.altitude) ?? num(r.geoaltitude);
    const gs = num(r.groundspeed);
    fixes.push({
      icao24: String(r.icao24),
      t: Math.round(lp ?? ts),
      lat,
      lon,
      altM: alt === null ? null : alt * FT,
      onGround: typeof r.onground === 'boolean' ? r.onground : null,
      velocityMs: gs === null ? null : gs * KT,
      callsign: str(r.callsign),
    });
  }
  return fixes.sort((a, b) => a.t - b.t);
}

/** Reads openap's flight CSV (ISO timestamps, ft, kt). */
export function readOpenapCsv(path: string): Fix[] {
  const rows: Record<string, string>[] = parse(readFileSync(sharedData(path)), {
    bom: true,
    columns: true,
    skip_empty_lines: true,
  });
  return rows.map((row) => {
    const get = (name: string) => row[name] ?? '';
    return {
      icao24: get('icao24'),
      t: Date.parse(get('timestamp').replace(' ', 'T')),
      lat: Number(get('latitude')),
      lon: Number(get('longitude')),
      altM: Number(get('altitude')) * FT,
      onGround: null,
      velocityMs: Number(get('groundspeed')) * KT,
      callsign: get('callsign') || null,
    };
  });
}
