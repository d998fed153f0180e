import type { Queryable } from '@overfly/db';
import type { PositionSource } from '@overfly/schemas';
import type { TrackedPosition } from '@overfly/tracking';

/** fir-analyser's flightId: the icao24 and the time of the flight's first fix (epoch ms). */
export const FLIGHT_ID = /^([0-9a-f]{6})-(\d{1,15})$/;

export function parseFlightId(flightId: string): { icao24: string; startMs: number } | null {
  const m = FLIGHT_ID.exec(flightId);
  return m ? { icao24: m[1] as string, startMs: Number(m[2]) } : null;
}

/**
 * The longest a flight is read for: 24 h, above the longest scheduled flight (Singapore
 * Airlines SQ24 Newark–Singapore, about 18 h 50 min block time, singaporeair.com schedule).
 */
const MAX_FLIGHT_MS = 24 * 3_600_000;

const SOURCES: ReadonlySet<string> = new Set(['OPENSKY_LIVE', 'REPLAY', 'SIMULATED', 'UNKNOWN']);
export const sourceOf = (s: string | undefined): PositionSource =>
  s !== undefined && SOURCES.has(s) ? (s as PositionSource) : 'UNKNOWN';

/** What track_points holds of an aircraft from a moment: its first report then, the oldest kept, a callsign. */
export async function trackHead(
  db: Queryable,
  icao24: string,
  fromMs: number,
): Promise<{
  first: { time: number; source: string } | null;
  oldest: number | null;
  callsign: string | null;
}> {
  const { rows } = await db.query<{
    first_time: number | null;
    first_source: string | null;
    oldest: number | null;
    callsign: string | null;
  }>(
    `SELECT
       (SELECT position_time FROM track_points WHERE icao24 = $1 AND position_time >= $2
         ORDER BY position_time LIMIT 1) AS first_time,
       (SELECT source FROM track_points WHERE icao24 = $1 AND position_time >= $2
         ORDER BY position_time LIMIT 1) AS first_source,
       (SELECT min(position_time) FROM track_points WHERE icao24 = $1) AS oldest,
       (SELECT btrim(callsign) FROM track_points WHERE icao24 = $1 AND position_time >= $2
         AND position_time < $3 AND btrim(callsign) <> '' ORDER BY position_time LIMIT 1) AS callsign`,
    [icao24, fromMs, fromMs + MAX_FLIGHT_MS],
  );
  const r = rows[0];
  return {
    first:
      r?.first_time == null ? null : { time: r.first_time, source: r.first_source ?? 'UNKNOWN' },
    oldest: r?.oldest ?? null,
    callsign: r?.callsign ?? null,
  };
}

const PAGE = 5_000;

/**
 * An aircraft's recorded positions from `fromMs`, oldest first, read a page at a time. It
 * ends at a silence longer than `gapMs` (the engine ends a flight there: nothing after it
 * belongs to the flight), after MAX_FLIGHT_MS, or once `enough()` says so.
 */
export async function* trackFrom(
  db: Queryable,
  icao24: string,
  fromMs: number,
  gapMs: number,
  enough: () => boolean,
): AsyncGenerator<TrackedPosition> {
  const until = fromMs + MAX_FLIGHT_MS;
  let after = fromMs - 1;
  for (;;) {
    const { rows } = await db.query<TrackedPosition>(
      `SELECT icao24, position_time AS "positionTime", latitude, longitude,
              baro_altitude_m AS "baroAltitudeM", geo_altitude_m AS "geoAltitudeM",
              on_ground AS "onGround", velocity_ms AS "velocityMs", callsign
         FROM track_points WHERE icao24 = $1 AND position_time > $2 AND position_time < $3
        ORDER BY position_time LIMIT ${PAGE}`,
      [icao24, after, until],
    );
    for (const p of rows) {
      if (enough() || p.positionTime - after > gapMs) return;
      after = p.positionTime;
      yield p;
    }
    if (rows.length < PAGE) return;
  }
}
