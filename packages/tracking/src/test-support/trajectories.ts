import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { dataFile } from '../../../../tests/support/data-files.js';
import type { TrackedPosition } from '../types.js';

const FT = 0.3048;
const KT = 1852 / 3600;

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Reads a traffic-library sample (a path under data/, .json.gz, records or pandas orient=columns) as fixes in
 * flights.updates units. The position time is `last_position` when present (the row's
 * `timestamp` repeats a stale position), else `timestamp`. Rows without a position are skipped.
 */
export function readTrafficJson(path: string): TrackedPosition[] {
  const json: unknown = JSON.parse(gunzipSync(readFileSync(dataFile(path))).toString('utf8'));
  let rows: Row[];
  if (Array.isArray(json)) rows = json as Row[];
  else {
    const columns = json as Record<string, Record<string, unknown>>;
    const index = Object.keys(columns.timestamp ?? {});
    rows = index.map((i) =>
      Object.fromEntries(Object.keys(columns).map((c) => [c, columns[c]?.[i]])),
    );
  }
  const fixes: TrackedPosition[] = [];
  for (const r of rows) {
    const lat = num(r.latitude);
    const lon = num(r.longitude);
    const ts = num(r.timestamp);
    if (lat === null || lon === null || ts === null) continue;
    const lp = num(r.last_position);
    const baro = num(r.altitude);
    const geo = num(r.geoaltitude);
    const gs = num(r.groundspeed);
    fixes.push({
      icao24: String(r.icao24),
      positionTime: Math.round(lp ?? ts),
      latitude: lat,
      longitude: lon,
      baroAltitudeM: baro === null ? null : baro * FT,
      geoAltitudeM: geo === null ? null : geo * FT,
      onGround: typeof r.onground === 'boolean' ? r.onground : null,
      velocityMs: gs === null ? null : gs * KT,
      callsign: str(r.callsign),
    });
  }
  return fixes.sort((a, b) => a.positionTime - b.positionTime);
}

/** Reads openap's flight CSV (ISO timestamps, ft, kt). */
export function readOpenapCsv(path: string): TrackedPosition[] {
  const rows: Record<string, string>[] = parse(readFileSync(dataFile(path)), {
    bom: true,
    columns: true,
    skip_empty_lines: true,
  });
  return rows.map((row) => {
    const get = (name: string) => row[name] ?? '';
    return {
      icao24: get('icao24'),
      positionTime: Date.parse(get('timestamp').replace(' ', 'T')),
      latitude: Number(get('latitude')),
      longitude: Number(get('longitude')),
      baroAltitudeM: Number(get('altitude')) * FT,
      geoAltitudeM: null,
      onGround: null,
      velocityMs: Number(get('groundspeed')) * KT,
      callsign: get('callsign') || null,
    };
  });
}
