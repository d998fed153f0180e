import type { Queryable } from '@overfly/db';
import type { Aircraft } from '../schemas/aircraft.js';

export interface FlightFilter {
  bbox?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  callsign?: string;
  operator?: string;
  minAlt?: number;
  maxAlt?: number;
  onGround?: boolean;
}

const COLUMNS = `icao24, callsign, operator, origin_country AS "originCountry", latitude, longitude,
  baro_altitude_m AS "baroAltitudeM", geo_altitude_m AS "geoAltitudeM", on_ground AS "onGround",
  velocity_ms AS "velocityMs", track_deg AS "trackDeg", vertical_rate_ms AS "verticalRateMs",
  squawk, source, position_time::float8 AS "positionTime", last_contact::float8 AS "lastContact",
  updated_at::float8 AS "updatedAt"`;

function where(f: FlightFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.bbox) {
    const { minLon, minLat, maxLon, maxLat } = f.bbox;
    clauses.push(`latitude BETWEEN ${p(minLat)} AND ${p(maxLat)}`);
    // A box across the antimeridian (minLon > maxLon) is two longitude ranges.
    clauses.push(
      minLon <= maxLon
        ? `longitude BETWEEN ${p(minLon)} AND ${p(maxLon)}`
        : `(longitude >= ${p(minLon)} OR longitude <= ${p(maxLon)})`,
    );
  }
  if (f.callsign)
    clauses.push(`callsign LIKE ${p(`${f.callsign.toUpperCase().replace(/[\\%_]/g, '\\$&')}%`)}`);
  if (f.operator) clauses.push(`operator = ${p(f.operator)}`);
  if (f.minAlt !== undefined) clauses.push(`baro_altitude_m >= ${p(f.minAlt)}`);
  if (f.maxAlt !== undefined) clauses.push(`baro_altitude_m <= ${p(f.maxAlt)}`);
  if (f.onGround !== undefined) clauses.push(`on_ground IS ${f.onGround ? 'TRUE' : 'NOT TRUE'}`);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export async function listAircraft(
  db: Queryable,
  filter: FlightFilter,
  page: { limit: number; offset: number },
): Promise<{ items: Aircraft[]; total: number }> {
  const w = where(filter);
  const n = w.params.length;
  const { rows } = await db.query<Aircraft & { total: string }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM aircraft ${w.sql}
     ORDER BY icao24 LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...w.params, page.limit, page.offset],
  );
  let total = rows.length > 0 ? Number(rows[0]?.total) : 0;
  if (rows.length === 0 && page.offset > 0) {
    const count = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM aircraft ${w.sql}`,
      w.params,
    );
    total = Number(count.rows[0]?.n ?? 0);
  }
  return { items: rows.map(({ total: _t, ...r }) => r), total };
}

export async function getAircraft(db: Queryable, icao24: string): Promise<Aircraft | null> {
  const { rows } = await db.query<Aircraft>(`SELECT ${COLUMNS} FROM aircraft WHERE icao24 = $1`, [
    icao24,
  ]);
  return rows[0] ?? null;
}
