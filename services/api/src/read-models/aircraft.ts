import { operatorFromCallsign } from '@overfly/charges';
import type { Queryable } from '@overfly/db';
import type { MessageOf } from '@overfly/kafka';

/**
 * flights.state → `aircraft`, one statement per run of messages: the latest state of each
 * icao24 in the run is upserted unless the row already holds a later one (by the state's
 * updatedAt, then the offset it came from), and tombstones delete. Reading a run again
 * changes nothing.
 */
export async function applyAircraft(
  db: Queryable,
  messages: readonly MessageOf<'flights.state'>[],
): Promise<void> {
  const latest = new Map<string, MessageOf<'flights.state'>>();
  for (const m of messages) {
    const key = m.key ?? m.value?.icao24 ?? '';
    const held = latest.get(key)?.value;
    // The same order as the upsert's: a state older than the one held in this run loses.
    if (held && m.value && m.value.updatedAt < held.updatedAt) continue;
    latest.set(key, m);
  }
  const upserts = [];
  const deletes: Array<{ icao24: string; partition: number; offset: string }> = [];
  for (const [icao24, m] of latest) {
    if (icao24 === '') continue;
    const s = m.value;
    if (s === null) {
      deletes.push({ icao24, partition: m.partition, offset: m.offset });
      continue;
    }
    upserts.push({
      icao24: s.icao24,
      callsign: s.callsign?.trim() || null,
      operator: operatorFromCallsign(s.callsign),
      origin_country: s.originCountry,
      latitude: s.latitude,
      longitude: s.longitude,
      baro_altitude_m: s.baroAltitudeM,
      geo_altitude_m: s.geoAltitudeM,
      on_ground: s.onGround,
      velocity_ms: s.velocityMs,
      track_deg: s.trackDeg,
      vertical_rate_ms: s.verticalRateMs,
      squawk: s.squawk,
      source: s.source,
      position_time: s.positionTime,
      last_contact: s.lastContact,
      first_seen: s.firstSeen,
      last_seen: s.lastSeen,
      updated_at: s.updatedAt,
      src_partition: m.partition,
      src_offset: m.offset,
    });
  }
  if (upserts.length > 0)
    await db.query(
      `INSERT INTO aircraft
       SELECT * FROM jsonb_populate_recordset(NULL::aircraft, $1::jsonb)
       ON CONFLICT (icao24) DO UPDATE SET
         callsign = EXCLUDED.callsign, operator = EXCLUDED.operator,
         origin_country = EXCLUDED.origin_country, latitude = EXCLUDED.latitude,
         longitude = EXCLUDED.longitude, baro_altitude_m = EXCLUDED.baro_altitude_m,
         geo_altitude_m = EXCLUDED.geo_altitude_m, on_ground = EXCLUDED.on_ground,
         velocity_ms = EXCLUDED.velocity_ms, track_deg = EXCLUDED.track_deg,
         vertical_rate_ms = EXCLUDED.vertical_rate_ms, squawk = EXCLUDED.squawk,
         source = EXCLUDED.source, position_time = EXCLUDED.position_time,
         last_contact = EXCLUDED.last_contact, first_seen = EXCLUDED.first_seen,
         last_seen = EXCLUDED.last_seen, updated_at = EXCLUDED.updated_at,
         src_partition = EXCLUDED.src_partition, src_offset = EXCLUDED.src_offset
       WHERE (EXCLUDED.updated_at, EXCLUDED.src_offset) > (aircraft.updated_at, aircraft.src_offset)
          OR EXCLUDED.src_partition <> aircraft.src_partition`,
      [JSON.stringify(upserts)],
    );
  if (deletes.length > 0)
    // A tombstone removes the aircraft unless a later state (a later offset) is held.
    await db.query(
      `DELETE FROM aircraft a USING jsonb_to_recordset($1::jsonb)
         AS t(icao24 text, partition int, "offset" bigint)
       WHERE a.icao24 = t.icao24 AND (a.src_partition <> t.partition OR a.src_offset < t."offset")`,
      [JSON.stringify(deletes)],
    );
}
