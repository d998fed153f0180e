import type { Queryable } from '@overfly/db';
import type { Charge } from '../schemas/charge.js';
import type { Crossing } from '../schemas/crossing.js';
import { crossingsByIds } from './crossings.js';
import { keysetPage, Where } from './keyset.js';

export interface ChargeFilter {
  operator?: string;
  zone?: string;
  fir?: string;
  flightId?: string;
  status?: string;
  tariffMonth?: string;
  /** Flight dates in [from, to), days since 1970-01-01. */
  from?: number;
  to?: number;
}

interface Row {
  charge_id: string;
  crossing_id: string;
  flight_id: string;
  icao24: string;
  callsign: string | null;
  operator_icao: string | null;
  aircraft_type: string | null;
  mtow_kg: number | null;
  mtow_source: string | null;
  fir_id: string;
  charging_zone: string | null;
  flight_date: number;
  tariff_month: string;
  distance_km: number;
  distance_basis: string;
  distance_factor: number;
  weight_factor: number | null;
  service_units: number | null;
  unit_rate_minor: string | null;
  unit_rate_currency: string | null;
  unit_rate_source: string | null;
  exchange_rate: string | null;
  exchange_rate_source: string | null;
  amount_minor: string | null;
  currency: string | null;
  tariff_version: string | null;
  status: Charge['status'];
  exemption_code: string | null;
  reason: string | null;
  calculated_at: string;
  passage: {
    crossingIds: string[];
    firIds: string[];
    entryTime: number;
    exitTime: number;
    entryLatitude: number;
    entryLongitude: number;
    exitLatitude: number;
    exitLongitude: number;
    greatCircleDistanceKm: number;
    flownDistanceKm: number;
    takeOffs: number;
    landings: number;
    departureAirport: string | null;
    arrivalAirport: string | null;
  } | null;
}

const DAY_MS = 86_400_000;
const isoDate = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);
const money = (minor: string | null, currency: string | null) =>
  minor === null || currency === null ? null : { amountMinor: Number(minor), currency };

const toCharge = (r: Row): Charge => ({
  chargeId: r.charge_id,
  crossingId: r.crossing_id,
  flightId: r.flight_id,
  icao24: r.icao24,
  callsign: r.callsign,
  operatorIcao: r.operator_icao,
  firId: r.fir_id,
  chargingZone: r.charging_zone,
  flightDate: isoDate(r.flight_date),
  tariffMonth: r.tariff_month,
  status: r.status,
  amount: money(r.amount_minor, r.currency),
  inputs: {
    distanceKm: r.distance_km,
    distanceBasis: r.distance_basis,
    distanceFactor: r.distance_factor,
    aircraftType: r.aircraft_type,
    mtowKg: r.mtow_kg,
    mtowSource: r.mtow_source,
    weightFactor: r.weight_factor,
    serviceUnits: r.service_units,
    unitRate: money(r.unit_rate_minor, r.unit_rate_currency),
    unitRateSource: r.unit_rate_source,
    exchangeRate: r.exchange_rate,
    exchangeRateSource: r.exchange_rate_source,
    tariffVersion: r.tariff_version,
  },
  exemptionCode: r.exemption_code,
  reason: r.reason,
  passage: r.passage && {
    crossingIds: r.passage.crossingIds,
    firIds: r.passage.firIds,
    entryTime: r.passage.entryTime,
    exitTime: r.passage.exitTime,
    entry: { latitude: r.passage.entryLatitude, longitude: r.passage.entryLongitude },
    exit: { latitude: r.passage.exitLatitude, longitude: r.passage.exitLongitude },
    greatCircleDistanceKm: r.passage.greatCircleDistanceKm,
    flownDistanceKm: r.passage.flownDistanceKm,
    takeOffs: r.passage.takeOffs,
    landings: r.passage.landings,
    departureAirport: r.passage.departureAirport,
    arrivalAirport: r.passage.arrivalAirport,
  },
  calculatedAt: Number(r.calculated_at),
});

/** Latest flight dates first; keyset pagination on (flight date, chargeId). */
export function listCharges(
  db: Queryable,
  filter: ChargeFilter,
  page: { limit: number; after: { at: number; id: string } | null },
): Promise<{ items: Charge[]; next: string | null }> {
  const where = new Where()
    .eq('operator_icao', filter.operator)
    .eq('charging_zone', filter.zone)
    .eq('fir_id', filter.fir)
    .eq('flight_id', filter.flightId)
    .eq('status', filter.status)
    .eq('tariff_month', filter.tariffMonth)
    .atLeast('flight_date', filter.from)
    .before('flight_date', filter.to)
    .after(['flight_date', 'charge_id'], page.after);
  return keysetPage(
    db,
    where,
    page.limit,
    (w, limit) =>
      `SELECT * FROM charges ${w} ORDER BY flight_date DESC, charge_id DESC LIMIT ${limit}`,
    toCharge,
    (c) => [Date.parse(c.flightDate) / DAY_MS, c.chargeId],
  );
}

/** One charge with the crossings of its passage; null when absent. */
export async function getCharge(
  db: Queryable,
  chargeId: string,
): Promise<(Charge & { crossings: Crossing[] }) | null> {
  const { rows } = await db.query<Row>('SELECT * FROM charges WHERE charge_id = $1', [chargeId]);
  const row = rows[0];
  if (!row) return null;
  const charge = toCharge(row);
  const crossings = await crossingsByIds(db, charge.passage?.crossingIds ?? [charge.crossingId]);
  return { ...charge, crossings };
}

/**
 * The charges named, by chargeId (those not read yet absent): one query however many, for
 * an invoice's thousands of lines.
 */
export async function chargesByIds(
  db: Queryable,
  chargeIds: readonly string[],
): Promise<Map<string, Charge>> {
  if (chargeIds.length === 0) return new Map();
  const { rows } = await db.query<Row>('SELECT * FROM charges WHERE charge_id = ANY($1)', [
    [...new Set(chargeIds)],
  ]);
  return new Map(rows.map((r) => [r.charge_id, toCharge(r)]));
}
