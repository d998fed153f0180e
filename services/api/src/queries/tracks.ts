import type { Queryable } from '@overfly/db';
import type { TrackPoint } from '../schemas/track.js';

const COLUMNS = `icao24, position_time::float8 AS "positionTime", callsign, latitude, longitude,
  baro_altitude_m AS "baroAltitudeM", geo_altitude_m AS "geoAltitudeM", on_ground AS "onGround",
  velocity_ms AS "velocityMs", track_deg AS "trackDeg"`;

/** One aircraft's reports in [from, to), oldest first, at most `limit` (the newest kept). */
export async function getTrack(
  db: Queryable,
  icao24: string,
  range: { from: number; to: number },
  limit: number,
): Promise<{ points: TrackPoint[]; truncated: boolean }> {
  const { rows } = await db.query<TrackPoint>(
    `SELECT * FROM (
       SELECT ${COLUMNS} FROM track_points
        WHERE icao24 = $1 AND position_time >= $2 AND position_time < $3
        ORDER BY position_time DESC LIMIT $4) newest
     ORDER BY "positionTime"`,
    [icao24, range.from, range.to, limit + 1],
  );
  const truncated = rows.length > limit;
  return { points: truncated ? rows.slice(1) : rows, truncated };
}

/**
 * Traffic as it was at `at`: each aircraft's last report in (at − window, at], the moment a
 * time-travel slider shows.
 */
export async function trafficAt(
  db: Queryable,
  at: number,
  windowMs: number,
  limit: number,
): Promise<{ items: TrackPoint[]; truncated: boolean }> {
  const { rows } = await db.query<TrackPoint>(
    `SELECT DISTINCT ON (icao24) ${COLUMNS} FROM track_points
      WHERE position_time > $1 AND position_time <= $2
      ORDER BY icao24, position_time DESC LIMIT $3`,
    [at - windowMs, at, limit + 1],
  );
  const truncated = rows.length > limit;
  return { items: truncated ? rows.slice(0, limit) : rows, truncated };
}
