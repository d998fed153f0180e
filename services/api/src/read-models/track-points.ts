import type { Queryable } from '@overfly/db';
import type { MessageOf } from '@overfly/kafka';

/**
 * flights.updates → `track_points`, one row per (icao24, position time): a report read
 * again, or a second report of the same instant, changes nothing.
 */
export async function applyTrackPoints(
  db: Queryable,
  messages: readonly MessageOf<'flights.updates'>[],
): Promise<void> {
  const rows = [];
  for (const m of messages) {
    const u = m.value;
    if (u === null) continue;
    rows.push({
      icao24: u.icao24,
      position_time: u.positionTime,
      callsign: u.callsign?.trim() || null,
      latitude: u.latitude,
      longitude: u.longitude,
      baro_altitude_m: u.baroAltitudeM,
      geo_altitude_m: u.geoAltitudeM,
      on_ground: u.onGround,
      velocity_ms: u.velocityMs,
      track_deg: u.trackDeg,
      vertical_rate_ms: u.verticalRateMs,
      source: u.source,
    });
  }
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO track_points
     SELECT * FROM jsonb_populate_recordset(NULL::track_points, $1::jsonb)
     ON CONFLICT (icao24, position_time) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/** Forgets reports older than `before` (epoch ms); returns how many. */
export async function purgeTrackPoints(db: Queryable, before: number): Promise<number> {
  const result = await db.query('DELETE FROM track_points WHERE position_time < $1', [before]);
  return result.rowCount ?? 0;
}
