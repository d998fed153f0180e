import {
  type AircraftTables,
  type CrossingInput,
  describePassage,
  pricePassage,
  type Tariff,
  type ZonePassage,
} from '@overfly/charges';
import type { Queryable } from '@overfly/db';
import type { ChargeCalculated } from '@overfly/schemas';
import { Where } from '../../queries/keyset.js';
import { DAY_MS } from '../../server/paging.js';
import { type BatchFilters, type BatchOperation, ItemError } from '../operation.js';
import type { TariffShelf } from '../tariff-shelf.js';
import { dateRangeOf } from './filters.js';

/** Where a re-priced charge goes: charges.calculated, keyed by its passage id. */
export type ChargeSink = (charge: ChargeCalculated) => Promise<void>;

interface CurrentCharge {
  charge_id: string;
  crossing_id: string;
  flight_id: string;
  icao24: string;
  callsign: string | null;
  aircraft_type: string | null;
  mtow_kg: number | null;
  mtow_source: string | null;
  distance_basis: string;
  status: string;
  amount_minor: number | null;
  currency: string | null;
  exemption_code: string | null;
  tariff_version: string | null;
  passage: { crossingIds?: string[] } | null;
}

/** `c` is its passage's latest calculation. */
const LATEST = `NOT EXISTS (SELECT 1 FROM charges n WHERE n.crossing_id = c.crossing_id
  AND (n.calculated_at, n.src_offset) > (c.calculated_at, c.src_offset))`;

/**
 * The current charge of each passage (its latest calculation: calculatedAt, then offset)
 * matching the filters, keyed by the passage id; `after` pages on it.
 */
function currentChargeWhere(f: BatchFilters, after: string | null = null): Where {
  const { from, to } = dateRangeOf(f);
  return new Where()
    .eq('c.operator_icao', f.operator)
    .eq('c.charging_zone', f.zone)
    .eq('c.status', f.status)
    .atLeast('c.flight_date', from === undefined ? undefined : from / DAY_MS)
    .before('c.flight_date', to === undefined ? undefined : to / DAY_MS)
    .above('c.crossing_id', after)
    .clause(LATEST);
}

/** The aircraft as the charge was priced with: a reprice changes the tariff, nothing else. */
function aircraftAsCharged(c: CurrentCharge): AircraftTables {
  return {
    typeOf: () =>
      c.aircraft_type === null
        ? undefined
        : { type: c.aircraft_type, source: `as charged (${c.charge_id})` },
    mtowOf: () =>
      c.mtow_kg === null
        ? undefined
        : { kg: c.mtow_kg, source: c.mtow_source ?? `as charged (${c.charge_id})` },
  };
}

const CROSSING_COLUMNS = `crossing_id AS "crossingId", flight_id AS "flightId", icao24, callsign,
  fir_id AS "firId", fir_name AS "firName", entry_time AS "entryTime", exit_time AS "exitTime",
  entry_latitude AS "entryLatitude", entry_longitude AS "entryLongitude",
  exit_latitude AS "exitLatitude", exit_longitude AS "exitLongitude",
  great_circle_km AS "greatCircleDistanceKm", flown_km AS "flownDistanceKm",
  departure_airport AS "departureAirport", arrival_airport AS "arrivalAirport", status,
  sequence, source, exit_reason AS "exitReason", next_fir_id AS "nextFirId",
  produced_at AS "producedAt"`;

/** The passage the charge priced, rebuilt from the crossings read model. */
async function passageOf(db: Queryable, c: CurrentCharge, tariff: Tariff): Promise<ZonePassage> {
  const ids = c.passage?.crossingIds ?? [c.crossing_id];
  const { rows } = await db.query<CrossingInput>(
    `SELECT ${CROSSING_COLUMNS} FROM crossings WHERE crossing_id = ANY($1) ORDER BY sequence`,
    [ids],
  );
  const missing = ids.filter((id) => !rows.some((r) => r.crossingId === id));
  if (missing.length > 0)
    throw new ItemError(
      'MISSING_CROSSINGS',
      `passage ${c.crossing_id}: crossing ${missing.join(', ')} not in the read model`,
    );
  const notFinal = rows.find((r) => r.status !== 'FINAL');
  if (notFinal)
    throw new ItemError(
      'CROSSING_NOT_FINAL',
      `passage ${c.crossing_id}: crossing ${notFinal.crossingId} is ${notFinal.status}`,
    );
  const first = rows[0] as CrossingInput;
  return {
    passageId: c.crossing_id,
    flightId: c.flight_id,
    icao24: c.icao24,
    callsign: c.callsign,
    zone: tariff.zoneOf(first.firId)?.zone ?? null,
    crossings: rows,
  };
}

/** What the bill says: a reprice that changes none of these sends nothing. */
const moneyOf = (c: {
  status: string;
  amount_minor: number | null;
  currency: string | null;
  exemption_code: string | null;
}) => `${c.status}|${c.amount_minor ?? ''}|${c.currency ?? ''}|${c.exemption_code ?? ''}`;

/**
 * reprice: the current charge of every passage matching the filters priced again under
 * `filters.tariffVersion` (a version on the worker's tariff shelf) — the same crossings,
 * distance basis, aircraft type and MTOW as charged, only the tariff changes. A charge whose
 * status, amount, currency or exemption would change goes out on charges.calculated (new
 * chargeId, the new version): invoice-writer replaces its line, with a credit note when the
 * line was invoiced. One that would bill the same is left alone (no document for a version
 * that changes nothing); one already under the version is skipped. Done again after a kill,
 * an item sends the same charge again, which invoice-writer takes as a confirmation.
 */
export function repriceOperation(deps: {
  tariffs: TariffShelf;
  /** null in the api, which only checks jobs. */
  charges: ChargeSink | null;
  now?: () => number;
}): BatchOperation {
  const now = deps.now ?? Date.now;
  return {
    name: 'reprice',
    summary: 'charges priced again under a new tariff version → credit notes and corrected lines',
    check(f) {
      const range = dateRangeOf(f);
      if (range.error) return range.error;
      if (f.from === undefined || f.to === undefined)
        return 'filters.from a reprice covers a period: give filters.from and filters.to';
      if (f.tariffVersion === undefined)
        return 'filters.tariffVersion the tariff version to price with is required';
      if (!deps.tariffs.get(f.tariffVersion))
        return `filters.tariffVersion ${f.tariffVersion} is not on the tariff shelf (BATCH_TARIFF_DIRS); known: ${deps.tariffs.versions().join(', ')}`;
      return null;
    },
    async count(db, filters) {
      const where = currentChargeWhere(filters);
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM charges c ${where}`,
        where.params,
      );
      return rows[0]?.n ?? 0;
    },
    async keys(db, filters, after, limit) {
      const where = currentChargeWhere(filters, after);
      const { rows } = await db.query<{ crossing_id: string }>(
        `SELECT c.crossing_id FROM charges c ${where}
          ORDER BY c.crossing_id LIMIT ${where.param(limit)}`,
        where.params,
      );
      return rows.map((r) => r.crossing_id);
    },
    async run(db, filters, passageId) {
      const version = filters.tariffVersion ?? '';
      const tariff = deps.tariffs.get(version);
      if (!tariff)
        throw new ItemError('UNKNOWN_TARIFF', `tariff version ${version} is not on this worker`);
      const where = new Where().eq('c.crossing_id', passageId).clause(LATEST);
      const { rows } = await db.query<CurrentCharge>(
        `SELECT c.* FROM charges c ${where}`,
        where.params,
      );
      const current = rows[0];
      if (!current) throw new ItemError('GONE', `passage ${passageId} has no charge any more`);
      const was = {
        chargeId: current.charge_id,
        tariffVersion: current.tariff_version,
        status: current.status,
        amountMinor: current.amount_minor,
        currency: current.currency,
      };
      if (current.tariff_version === version)
        return { output: { action: 'ALREADY_PRICED', was }, quality: 1 };
      const passage = await passageOf(db, current, tariff);
      const described = describePassage(passage);
      const charge = pricePassage(
        passage,
        { departureAirport: described.departureAirport, arrivalAirport: described.arrivalAirport },
        {
          tariff,
          aircraft: aircraftAsCharged(current),
          options: {
            distanceBasis: current.distance_basis === 'FLOWN' ? 'FLOWN' : 'GREAT_CIRCLE',
            calculatedAt: now(),
          },
        },
      );
      const is = {
        chargeId: charge.chargeId,
        tariffVersion: charge.tariffVersion,
        status: charge.status,
        amountMinor: charge.amount?.amountMinor ?? null,
        currency: charge.amount?.currency ?? null,
      };
      const unchanged =
        moneyOf(current) ===
        moneyOf({
          status: is.status,
          amount_minor: is.amountMinor,
          currency: is.currency,
          exemption_code: charge.exemptionCode,
        });
      if (unchanged) return { output: { action: 'UNCHANGED', was, is }, quality: 1 };
      if (!deps.charges) throw new Error('this process does not send charges');
      await deps.charges(charge);
      const delta =
        is.amountMinor !== null && was.amountMinor !== null && is.currency === was.currency
          ? is.amountMinor - was.amountMinor
          : null;
      return { output: { action: 'REPRICED', was, is, deltaMinor: delta }, quality: 1 };
    },
  };
}
