import type { Queryable } from '@overfly/db';
import type { MessageOf } from '@overfly/kafka';
import type { DisruptionEvent } from '@overfly/schemas';

/**
 * The revision a publication carries: the correlator's eventId is '<disruptionId>#<n>'.
 * Anything else counts as revision 0, so it never replaces a numbered revision.
 */
export function revisionOf(e: Pick<DisruptionEvent, 'eventId' | 'disruptionId'>): number {
  const prefix = `${e.disruptionId}#`;
  if (!e.eventId.startsWith(prefix)) return 0;
  const n = e.eventId.slice(prefix.length);
  return /^\d{1,9}$/.test(n) ? Number(n) : 0;
}

/** Whether publication `a` is later than `b`: a higher revision, then a later detectedAt. */
const later = (a: { revision: number; detected_at: number }, b: typeof a) =>
  a.revision > b.revision || (a.revision === b.revision && a.detected_at > b.detected_at);

/**
 * disruption.events → `disruptions` (the latest revision of each disruption, with its
 * evidence) and `disruption_revisions` (every revision once, for the history). A row is
 * replaced only by a later revision: a record read again, or an older revision arriving
 * after a newer one, changes nothing.
 */
export async function applyDisruptionEvents(
  db: Queryable,
  messages: readonly MessageOf<'disruption.events'>[],
): Promise<void> {
  const latest = new Map<string, { revision: number; detected_at: number }>();
  const revisions = new Map<string, object>();
  for (const m of messages) {
    const e = m.value;
    if (e === null) continue;
    const revision = revisionOf(e);
    const row = {
      disruption_id: e.disruptionId,
      event_id: e.eventId,
      revision,
      type: e.type,
      severity: e.severity,
      lifecycle: e.lifecycle,
      summary: e.summary,
      airport_icao: e.airportIcao,
      operator_icao: e.operatorIcao,
      root_cause_schedule_id: e.rootCauseScheduleId,
      weather_observation_id: e.weatherObservationId,
      affected_flights: e.affectedFlights,
      affected_flight_count: e.affectedFlights.length,
      eu261_relevant: e.eu261Relevant,
      extraordinary_circumstances: e.extraordinaryCircumstances,
      eu261_note: e.eu261Note,
      correlated_event_ids: e.correlatedEventIds,
      positions: e.positions,
      option_costs: e.optionCosts,
      confidence: e.confidence,
      window_start: e.windowStart,
      window_end: e.windowEnd,
      detected_at: e.detectedAt,
      src_partition: m.partition,
      src_offset: m.offset,
    };
    const held = latest.get(e.disruptionId);
    if (!held || later(row, held)) latest.set(e.disruptionId, row);
    if (!revisions.has(e.eventId))
      revisions.set(e.eventId, {
        event_id: e.eventId,
        disruption_id: e.disruptionId,
        revision,
        lifecycle: e.lifecycle,
        severity: e.severity,
        summary: e.summary,
        confidence: e.confidence,
        eu261_relevant: e.eu261Relevant,
        extraordinary_circumstances: e.extraordinaryCircumstances,
        affected_flight_count: e.affectedFlights.length,
        window_end: e.windowEnd,
        detected_at: e.detectedAt,
      });
  }
  if (latest.size === 0) return;
  await db.query(
    `INSERT INTO disruptions
     SELECT * FROM jsonb_populate_recordset(NULL::disruptions, $1::jsonb)
     ON CONFLICT (disruption_id) DO UPDATE SET
       event_id = EXCLUDED.event_id, revision = EXCLUDED.revision, type = EXCLUDED.type,
       severity = EXCLUDED.severity, lifecycle = EXCLUDED.lifecycle, summary = EXCLUDED.summary,
       airport_icao = EXCLUDED.airport_icao, operator_icao = EXCLUDED.operator_icao,
       root_cause_schedule_id = EXCLUDED.root_cause_schedule_id,
       weather_observation_id = EXCLUDED.weather_observation_id,
       affected_flights = EXCLUDED.affected_flights,
       affected_flight_count = EXCLUDED.affected_flight_count,
       eu261_relevant = EXCLUDED.eu261_relevant,
       extraordinary_circumstances = EXCLUDED.extraordinary_circumstances,
       eu261_note = EXCLUDED.eu261_note, correlated_event_ids = EXCLUDED.correlated_event_ids,
       positions = EXCLUDED.positions, option_costs = EXCLUDED.option_costs,
       confidence = EXCLUDED.confidence, window_start = EXCLUDED.window_start,
       window_end = EXCLUDED.window_end, detected_at = EXCLUDED.detected_at,
       src_partition = EXCLUDED.src_partition, src_offset = EXCLUDED.src_offset
     WHERE (EXCLUDED.revision, EXCLUDED.detected_at) > (disruptions.revision, disruptions.detected_at)`,
    [JSON.stringify([...latest.values()])],
  );
  await db.query(
    `INSERT INTO disruption_revisions
     SELECT * FROM jsonb_populate_recordset(NULL::disruption_revisions, $1::jsonb)
     ON CONFLICT (event_id) DO NOTHING`,
    [JSON.stringify([...revisions.values()])],
  );
}

/** passenger.events → `passenger_events`, each decision once by its eventId. */
export async function applyPassengerEvents(
  db: Queryable,
  messages: readonly MessageOf<'passenger.events'>[],
): Promise<void> {
  const rows = new Map<string, object>();
  for (const m of messages) {
    const p = m.value;
    if (p === null || rows.has(p.eventId)) continue;
    rows.set(p.eventId, {
      event_id: p.eventId,
      passenger_id: p.passengerId,
      booking_id: p.bookingId,
      contact_ref: p.contactRef,
      disruption_id: p.disruptionId,
      schedule_id: p.scheduleId,
      type: p.type,
      priority: p.priority,
      priority_reasons: p.priorityReasons,
      eu261_eligible: p.eu261Eligible,
      eu261_distance_km: p.eu261DistanceKm,
      arrival_delay_minutes: p.arrivalDelayMinutes,
      compensation: p.compensation,
      rebooking: p.rebooking,
      estimated_cost: p.estimatedCost,
      occurred_at: p.occurredAt,
    });
  }
  if (rows.size === 0) return;
  await db.query(
    `INSERT INTO passenger_events
     SELECT * FROM jsonb_populate_recordset(NULL::passenger_events, $1::jsonb)
     ON CONFLICT (event_id) DO NOTHING`,
    [JSON.stringify([...rows.values()])],
  );
}

/**
 * Forgets passenger decisions made before `before` (epoch ms): personal data is kept no
 * longer than the topic keeps it. Returns how many.
 */
export async function purgePassengerEvents(db: Queryable, before: number): Promise<number> {
  const result = await db.query('DELETE FROM passenger_events WHERE occurred_at < $1', [before]);
  return result.rowCount ?? 0;
}
