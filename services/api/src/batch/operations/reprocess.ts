import { operatorFromCallsign } from '@overfly/charges';
import type { Queryable } from '@overfly/db';
import { defaultTrackConfig } from '@overfly/tracking';
import { Where } from '../../queries/keyset.js';
import { type BatchFilters, type BatchOperation, ItemError } from '../operation.js';
import {
  type Airspace,
  type CrossingSink,
  computeCrossings,
  publishCrossings,
  shareOf,
} from './airspace.js';
import { diffCrossings, type HeldCrossing } from './crossing-diff.js';
import { dateRangeOf } from './filters.js';
import { FLIGHT_ID, parseFlightId, sourceOf, trackFrom, trackHead } from './flight-track.js';

/** Flights one job may name (the JSON Schema says the same). */
export const MAX_FLIGHTS = 500 as const;
/** Ids an item's output lists at most of each kind. */
const LISTED = 20;

const HELD_COLUMNS = `crossing_id AS "crossingId", flight_id AS "flightId", icao24, callsign,
  fir_id AS "firId", fir_name AS "firName", entry_time AS "entryTime", exit_time AS "exitTime",
  entry_latitude AS "entryLatitude", entry_longitude AS "entryLongitude",
  exit_latitude AS "exitLatitude", exit_longitude AS "exitLongitude",
  great_circle_km AS "greatCircleDistanceKm", flown_km AS "flownDistanceKm",
  departure_airport AS "departureAirport", arrival_airport AS "arrivalAirport", status,
  sequence, exit_reason AS "exitReason", next_fir_id AS "nextFirId", operator`;

/** The flights with a crossing entered in the period (of the operator), by flightId after `after`. */
function periodWhere(f: BatchFilters, after: string | null = null): Where {
  const { from, to } = dateRangeOf(f);
  return new Where()
    .eq('operator', f.operator)
    .atLeast('entry_time', from)
    .before('entry_time', to)
    .above('flight_id', after);
}

const listed = (f: BatchFilters) => [...new Set(f.flights ?? [])].sort();

/**
 * reprocess: each flight's crossings computed again from the positions the api recorded
 * (track_points, from flights.updates) with the fir-analyser's engine and FIR layer, and
 * sent on fir.crossings under the same crossingIds (flightId, sequence, FIR), so
 * fee-calculator prices a changed passage again and invoice-writer confirms or corrects its
 * line. One item per flight: the flights with a crossing entered in `from`–`to`, or those
 * of `filters.flights`. A flight's positions are read from its first fix (the flightId's
 * time) to its end; once track_points no longer holds that fix (API_TRACK_RETENTION) the
 * item fails TRACK_NOT_RETAINED: a partial track would make another flight.
 */
export function reprocessOperation(deps: {
  airspace: Airspace | null;
  crossings: CrossingSink | null;
  now?: () => number;
}): BatchOperation {
  const now = deps.now ?? Date.now;
  return {
    name: 'reprocess',
    summary:
      'FIR crossings computed again from recorded positions → fir.crossings (charges follow)',
    check(f) {
      if (f.flights !== undefined) {
        if (f.from !== undefined || f.to !== undefined)
          return 'filters.flights names the flights: give it or a period (filters.from, filters.to), not both';
        if (!Array.isArray(f.flights) || f.flights.length === 0 || f.flights.length > MAX_FLIGHTS)
          return `filters.flights must name 1 to ${MAX_FLIGHTS} flights`;
        const bad = f.flights.find((id) => typeof id !== 'string' || !FLIGHT_ID.test(id));
        if (bad !== undefined)
          return `filters.flights ${JSON.stringify(bad)} is not a flightId (<icao24>-<epoch ms>)`;
        return null;
      }
      const range = dateRangeOf(f);
      if (range.error) return range.error;
      if (f.from === undefined || f.to === undefined)
        return 'filters.from a reprocess covers a period or a list of flights: give filters.from and filters.to, or filters.flights';
      return null;
    },
    async count(db, f) {
      if (f.flights !== undefined) return listed(f).length;
      const where = periodWhere(f);
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(DISTINCT flight_id)::int AS n FROM crossings ${where}`,
        where.params,
      );
      return rows[0]?.n ?? 0;
    },
    async keys(db, f, after, limit) {
      if (f.flights !== undefined)
        return listed(f)
          .filter((id) => after === null || id > after)
          .slice(0, limit);
      const where = periodWhere(f, after);
      const { rows } = await db.query<{ flight_id: string }>(
        `SELECT DISTINCT flight_id FROM crossings ${where}
          ORDER BY flight_id LIMIT ${where.param(limit)}`,
        where.params,
      );
      return rows.map((r) => r.flight_id);
    },
    async run(db, f, flightId) {
      const airspace = deps.airspace;
      if (!airspace) throw new Error('this process does not compute crossings');
      return reprocessFlight(db, f, flightId, airspace, deps.crossings, now);
    },
  };
}

async function reprocessFlight(
  db: Queryable,
  f: BatchFilters,
  flightId: string,
  airspace: Airspace,
  sink: CrossingSink | null,
  now: () => number,
) {
  const id = parseFlightId(flightId);
  if (!id) throw new ItemError('NOT_FOUND', `${flightId} is not a flightId`);
  const { rows: held } = await db.query<HeldCrossing & { operator: string | null }>(
    `SELECT ${HELD_COLUMNS} FROM crossings WHERE flight_id = $1 ORDER BY sequence`,
    [flightId],
  );
  const head = await trackHead(db, id.icao24, id.startMs);
  // The tenant rule: the operator its callsign names, as the crossings read model has it.
  const operator = held[0]?.operator ?? operatorFromCallsign(head.callsign);
  const unknown = held.length === 0 && head.first === null;
  if (unknown || (f.operator !== undefined && operator !== f.operator))
    throw new ItemError(
      'NOT_FOUND',
      `flight ${flightId}: no crossing held and no position recorded${f.operator ? ` for ${f.operator}` : ''}`,
    );
  const began = new Date(id.startMs).toISOString();
  if (head.first === null || head.first.time > id.startMs)
    throw new ItemError(
      'TRACK_NOT_RETAINED',
      `flight ${flightId} began ${began}; the positions of ${id.icao24} are kept from ${
        head.oldest === null ? 'no time (none kept)' : new Date(head.oldest).toISOString()
      } only (track_points keeps API_TRACK_RETENTION): its crossings cannot be computed again`,
    );
  const source = sourceOf(head.first.source);
  let later = false;
  const computed = await computeCrossings(
    trackFrom(
      db,
      id.icao24,
      id.startMs,
      airspace.track.gapMs ?? defaultTrackConfig.gapMs,
      () => later,
    ),
    airspace,
    source,
    (c) => {
      // The aircraft's next flight has begun: this one is over.
      if (c.flightId !== flightId) later = true;
    },
  );
  const mine = computed.crossings.filter((c) => c.flightId === flightId);
  if (mine.length === 0 && held.length > 0) {
    const others = [...new Set(computed.crossings.map((c) => c.flightId))];
    throw new ItemError(
      'NOT_REPRODUCED',
      `the positions recorded from ${began} make ${others.length ? `flight ${others.join(', ')}` : 'no crossing'}, not ${flightId}: its ${held.length} held crossings are left as they are`,
    );
  }
  const diff = diffCrossings(mine, held);
  await publishCrossings(sink, mine, now());
  const accepted = computed.positions - computed.rejected;
  return {
    output: {
      flightId,
      callsign: mine[0]?.callsign ?? held[0]?.callsign ?? head.callsign,
      operator,
      source,
      positions: computed.positions,
      accepted,
      crossings: mine.length,
      firs: mine.map((c) => c.firId),
      new: diff.new.length,
      changed: diff.changed.length,
      same: diff.same,
      missing: diff.missing.length,
      newIds: diff.new.slice(0, LISTED),
      changes: diff.changed.slice(0, LISTED),
      missingIds: diff.missing.slice(0, LISTED),
      published: mine.length,
    },
    quality: shareOf(accepted, computed.positions),
  };
}
