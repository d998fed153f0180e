import type { Queryable } from '@overfly/db';
import type {
  Disruption,
  DisruptionRevision,
  DisruptionSummary,
  PassengerEventRow,
} from '../schemas/disruption.js';
import { encodeCursor } from '../server/cursor.js';

type After = { at: number; id: string } | null;

/** Bind parameters of a query as it is written. */
function binder(params: unknown[]) {
  return (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
}

export interface DisruptionFilter {
  type?: string;
  lifecycle?: string;
  /** open: not RESOLVED; resolved: RESOLVED. */
  status?: 'open' | 'resolved';
  airport?: string;
  /** A tenant-scoped caller's operator, or the operator asked for. */
  operator?: string;
  severity?: string;
  /** Correlation windows overlapping [from, to), UTC epoch ms. */
  from?: number;
  to?: number;
}

const SUMMARY_COLUMNS = `disruption_id AS "disruptionId", event_id AS "eventId", revision, type,
  severity, lifecycle, summary, airport_icao AS "airportIcao", operator_icao AS "operatorIcao",
  affected_flight_count AS "affectedFlightCount", eu261_relevant AS "eu261Relevant",
  extraordinary_circumstances AS "extraordinaryCircumstances", confidence,
  window_start::float8 AS "windowStart", window_end::float8 AS "windowEnd",
  detected_at::float8 AS "detectedAt"`;

/**
 * Newest window first (windowStart is part of a disruption's id and never changes, so a page
 * stays put while disruptions update); keyset pagination.
 */
export async function listDisruptions(
  db: Queryable,
  filter: DisruptionFilter,
  page: { limit: number; after: After },
): Promise<{ items: DisruptionSummary[]; next: string | null }> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = binder(params);
  if (filter.type) clauses.push(`type = ${p(filter.type)}`);
  if (filter.lifecycle) clauses.push(`lifecycle = ${p(filter.lifecycle)}`);
  if (filter.status === 'open') clauses.push(`lifecycle <> 'RESOLVED'`);
  if (filter.status === 'resolved') clauses.push(`lifecycle = 'RESOLVED'`);
  if (filter.airport) clauses.push(`airport_icao = ${p(filter.airport)}`);
  if (filter.operator) clauses.push(`operator_icao = ${p(filter.operator)}`);
  if (filter.severity) clauses.push(`severity = ${p(filter.severity)}`);
  if (filter.from !== undefined) clauses.push(`window_end >= ${p(filter.from)}`);
  if (filter.to !== undefined) clauses.push(`window_start < ${p(filter.to)}`);
  if (page.after)
    clauses.push(`(window_start, disruption_id) < (${p(page.after.at)}, ${p(page.after.id)})`);
  const { rows } = await db.query<DisruptionSummary>(
    `SELECT ${SUMMARY_COLUMNS} FROM disruptions
      ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
      ORDER BY window_start DESC, disruption_id DESC LIMIT ${p(page.limit + 1)}`,
    params,
  );
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items,
    next:
      rows.length > page.limit && last ? encodeCursor(last.windowStart, last.disruptionId) : null,
  };
}

/** One disruption's latest revision with its evidence and every revision; null when absent. */
export async function getDisruption(
  db: Queryable,
  disruptionId: string,
): Promise<Disruption | null> {
  const [head, history] = await Promise.all([
    db.query<Omit<Disruption, 'history'>>(
      `SELECT ${SUMMARY_COLUMNS}, root_cause_schedule_id AS "rootCauseScheduleId",
              weather_observation_id AS "weatherObservationId", eu261_note AS "eu261Note",
              affected_flights AS "affectedFlights", correlated_event_ids AS "correlatedEventIds",
              positions, option_costs AS "optionCosts"
         FROM disruptions WHERE disruption_id = $1`,
      [disruptionId],
    ),
    db.query<DisruptionRevision>(
      `SELECT event_id AS "eventId", revision, lifecycle, severity, summary, confidence,
              eu261_relevant AS "eu261Relevant",
              extraordinary_circumstances AS "extraordinaryCircumstances",
              affected_flight_count AS "affectedFlightCount", window_end::float8 AS "windowEnd",
              detected_at::float8 AS "detectedAt"
         FROM disruption_revisions WHERE disruption_id = $1
        ORDER BY revision, detected_at, event_id`,
      [disruptionId],
    ),
  ]);
  const row = head.rows[0];
  return row ? { ...row, history: history.rows } : null;
}

export interface PassengerEventFilter {
  scheduleId?: string;
  disruptionId?: string;
  type?: string;
  passengerId?: string;
  /** Decisions made in [from, to), UTC epoch ms. */
  from?: number;
  to?: number;
  /** A tenant-scoped caller: only decisions on that operator's disruptions. */
  scope?: string;
}

const PASSENGER_COLUMNS = `p.event_id AS "eventId", p.passenger_id AS "passengerId",
  p.booking_id AS "bookingId", p.contact_ref AS "contactRef", p.disruption_id AS "disruptionId",
  p.schedule_id AS "scheduleId", p.type, p.priority, p.priority_reasons AS "priorityReasons",
  p.eu261_eligible AS "eu261Eligible", p.eu261_distance_km AS "eu261DistanceKm",
  p.arrival_delay_minutes AS "arrivalDelayMinutes", p.compensation, p.rebooking,
  p.estimated_cost AS "estimatedCost", p.occurred_at::float8 AS "occurredAt"`;

/** A scoped caller reads a decision only through a disruption of its own operator. */
const scoped = (scope: string | undefined, p: (v: unknown) => string) =>
  scope === undefined
    ? ''
    : `JOIN disruptions d ON d.disruption_id = p.disruption_id AND d.operator_icao = ${p(scope)}`;

/** Newest decision first; keyset pagination. */
export async function listPassengerEvents(
  db: Queryable,
  filter: PassengerEventFilter,
  page: { limit: number; after: After },
): Promise<{ items: PassengerEventRow[]; next: string | null }> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = binder(params);
  const join = scoped(filter.scope, p);
  if (filter.scheduleId) clauses.push(`p.schedule_id = ${p(filter.scheduleId)}`);
  if (filter.disruptionId) clauses.push(`p.disruption_id = ${p(filter.disruptionId)}`);
  if (filter.type) clauses.push(`p.type = ${p(filter.type)}`);
  if (filter.passengerId) clauses.push(`p.passenger_id = ${p(filter.passengerId)}`);
  if (filter.from !== undefined) clauses.push(`p.occurred_at >= ${p(filter.from)}`);
  if (filter.to !== undefined) clauses.push(`p.occurred_at < ${p(filter.to)}`);
  if (page.after)
    clauses.push(`(p.occurred_at, p.event_id) < (${p(page.after.at)}, ${p(page.after.id)})`);
  const { rows } = await db.query<PassengerEventRow>(
    `SELECT ${PASSENGER_COLUMNS} FROM passenger_events p ${join}
      ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
      ORDER BY p.occurred_at DESC, p.event_id DESC LIMIT ${p(page.limit + 1)}`,
    params,
  );
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items,
    next: rows.length > page.limit && last ? encodeCursor(last.occurredAt, last.eventId) : null,
  };
}

/** One decision; null when absent or, for a scoped caller, on another operator's disruption. */
export async function getPassengerEvent(
  db: Queryable,
  eventId: string,
  scope: string | undefined,
): Promise<PassengerEventRow | null> {
  const params: unknown[] = [];
  const p = binder(params);
  const join = scoped(scope, p);
  const { rows } = await db.query<PassengerEventRow>(
    `SELECT ${PASSENGER_COLUMNS} FROM passenger_events p ${join} WHERE p.event_id = ${p(eventId)}`,
    params,
  );
  return rows[0] ?? null;
}
