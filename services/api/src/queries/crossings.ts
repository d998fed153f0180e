import type { Queryable } from '@overfly/db';
import type { Crossing } from '../schemas/crossing.js';
import { keysetPage, Where } from './keyset.js';

export interface CrossingFilter {
  fir?: string;
  operator?: string;
  flightId?: string;
  icao24?: string;
  status?: string;
  /** Entries in [from, to), UTC epoch ms. */
  from?: number;
  to?: number;
}

interface Row {
  crossing_id: string;
  flight_id: string;
  icao24: string;
  callsign: string | null;
  operator: string | null;
  fir_id: string;
  fir_name: string | null;
  status: Crossing['status'];
  sequence: number;
  entry_time: string;
  exit_time: string | null;
  entry_latitude: number;
  entry_longitude: number;
  exit_latitude: number | null;
  exit_longitude: number | null;
  great_circle_km: number;
  flown_km: number;
  departure_airport: string | null;
  arrival_airport: string | null;
  exit_reason: string | null;
  next_fir_id: string | null;
  source: string;
  produced_at: string;
}

const toCrossing = (r: Row): Crossing => ({
  crossingId: r.crossing_id,
  flightId: r.flight_id,
  icao24: r.icao24,
  callsign: r.callsign,
  operator: r.operator,
  firId: r.fir_id,
  firName: r.fir_name,
  status: r.status,
  sequence: r.sequence,
  entryTime: Number(r.entry_time),
  exitTime: r.exit_time === null ? null : Number(r.exit_time),
  entry: { latitude: r.entry_latitude, longitude: r.entry_longitude },
  exit:
    r.exit_latitude === null || r.exit_longitude === null
      ? null
      : { latitude: r.exit_latitude, longitude: r.exit_longitude },
  greatCircleDistanceKm: r.great_circle_km,
  flownDistanceKm: r.flown_km,
  departureAirport: r.departure_airport,
  arrivalAirport: r.arrival_airport,
  exitReason: r.exit_reason,
  nextFirId: r.next_fir_id,
  source: r.source,
  producedAt: Number(r.produced_at),
});

/** Latest entries first; keyset pagination on (entry time, crossingId). */
export function listCrossings(
  db: Queryable,
  filter: CrossingFilter,
  page: { limit: number; after: { at: number; id: string } | null },
): Promise<{ items: Crossing[]; next: string | null }> {
  const where = new Where()
    .eq('fir_id', filter.fir)
    .eq('operator', filter.operator)
    .eq('flight_id', filter.flightId)
    .eq('icao24', filter.icao24)
    .eq('status', filter.status)
    .atLeast('entry_time', filter.from)
    .before('entry_time', filter.to)
    .after(['entry_time', 'crossing_id'], page.after);
  return keysetPage(
    db,
    where,
    page.limit,
    (w, limit) =>
      `SELECT * FROM crossings ${w} ORDER BY entry_time DESC, crossing_id DESC LIMIT ${limit}`,
    toCrossing,
    (c) => [c.entryTime, c.crossingId],
  );
}

export async function getCrossing(db: Queryable, crossingId: string): Promise<Crossing | null> {
  const { rows } = await db.query<Row>('SELECT * FROM crossings WHERE crossing_id = $1', [
    crossingId,
  ]);
  return rows[0] ? toCrossing(rows[0]) : null;
}

/** The crossings named, in the order named (those not read yet left out). */
export async function crossingsByIds(
  db: Queryable,
  crossingIds: readonly string[],
): Promise<Crossing[]> {
  if (crossingIds.length === 0) return [];
  const { rows } = await db.query<Row>('SELECT * FROM crossings WHERE crossing_id = ANY($1)', [
    crossingIds,
  ]);
  const byId = new Map(rows.map((r) => [r.crossing_id, toCrossing(r)]));
  return crossingIds.flatMap((id) => byId.get(id) ?? []);
}

/** Every crossing held of each flight named, in the order flown (flightId, then sequence). */
export async function crossingsOfFlights(
  db: Queryable,
  flightIds: readonly string[],
): Promise<Map<string, Crossing[]>> {
  const byFlight = new Map<string, Crossing[]>();
  if (flightIds.length === 0) return byFlight;
  const { rows } = await db.query<Row>(
    `SELECT * FROM crossings WHERE flight_id = ANY($1)
      ORDER BY flight_id, sequence, entry_time, crossing_id`,
    [[...new Set(flightIds)]],
  );
  for (const r of rows) {
    const list = byFlight.get(r.flight_id);
    if (list) list.push(toCrossing(r));
    else byFlight.set(r.flight_id, [toCrossing(r)]);
  }
  return byFlight;
}
