import { operatorFromCallsign } from '@overfly/charges';
import type { Queryable } from '@overfly/db';
import type { MessageOf } from '@overfly/kafka';

/**
 * fir.crossings → `crossings`: each crossing's latest version. The key (icao24) keeps an
 * aircraft's crossings on one partition in the order fir-analyser wrote them, so a later
 * offset is a later version; reading a run again changes nothing.
 */
export async function applyCrossings(
  db: Queryable,
  messages: readonly MessageOf<'fir.crossings'>[],
): Promise<void> {
  const rows = new Map<string, object>();
  for (const m of messages) {
    const c = m.value;
    if (c === null) continue;
    const callsign = c.callsign?.trim() || null;
    rows.set(c.crossingId, {
      crossing_id: c.crossingId,
      flight_id: c.flightId,
      icao24: c.icao24,
      callsign,
      operator: operatorFromCallsign(callsign),
      fir_id: c.firId,
      fir_name: c.firName,
      entry_time: c.entryTime,
      exit_time: c.exitTime,
      entry_latitude: c.entryLatitude,
      entry_longitude: c.entryLongitude,
      exit_latitude: c.exitLatitude,
      exit_longitude: c.exitLongitude,
      great_circle_km: c.greatCircleDistanceKm,
      flown_km: c.flownDistanceKm,
      departure_airport: c.departureAirport,
      arrival_airport: c.arrivalAirport,
      status: c.status,
      sequence: c.sequence,
      source: c.source,
      exit_reason: c.exitReason,
      next_fir_id: c.nextFirId,
      produced_at: c.producedAt,
      src_partition: m.partition,
      src_offset: m.offset,
    });
  }
  if (rows.size === 0) return;
  await db.query(
    `INSERT INTO crossings
     SELECT * FROM jsonb_populate_recordset(NULL::crossings, $1::jsonb)
     ON CONFLICT (crossing_id) DO UPDATE SET
       callsign = EXCLUDED.callsign, operator = EXCLUDED.operator,
       fir_name = EXCLUDED.fir_name, entry_time = EXCLUDED.entry_time,
       exit_time = EXCLUDED.exit_time, entry_latitude = EXCLUDED.entry_latitude,
       entry_longitude = EXCLUDED.entry_longitude, exit_latitude = EXCLUDED.exit_latitude,
       exit_longitude = EXCLUDED.exit_longitude, great_circle_km = EXCLUDED.great_circle_km,
       flown_km = EXCLUDED.flown_km, departure_airport = EXCLUDED.departure_airport,
       arrival_airport = EXCLUDED.arrival_airport, status = EXCLUDED.status,
       sequence = EXCLUDED.sequence, exit_reason = EXCLUDED.exit_reason,
       next_fir_id = EXCLUDED.next_fir_id, produced_at = EXCLUDED.produced_at,
       src_partition = EXCLUDED.src_partition, src_offset = EXCLUDED.src_offset
     WHERE EXCLUDED.src_offset > crossings.src_offset
        OR EXCLUDED.src_partition <> crossings.src_partition`,
    [JSON.stringify([...rows.values()])],
  );
}

interface ChargeRow {
  calculated_at: number;
  src_offset: string;
}

/** The later calculation, then the later offset: a re-priced passage replaces its charge. */
const later = (a: ChargeRow, b: ChargeRow) =>
  a.calculated_at !== b.calculated_at
    ? a.calculated_at > b.calculated_at
    : BigInt(a.src_offset) > BigInt(b.src_offset);

/**
 * charges.calculated → `charges`: each charge's latest calculation, with every input of
 * its price and each input's source. A re-priced passage keeps its chargeId, so the later
 * calculation (calculatedAt, then offset) replaces the earlier; reading again changes nothing.
 */
export async function applyCharges(
  db: Queryable,
  messages: readonly MessageOf<'charges.calculated'>[],
): Promise<void> {
  const rows = new Map<string, ChargeRow & object>();
  for (const m of messages) {
    const c = m.value;
    if (c === null) continue;
    const row = {
      charge_id: c.chargeId,
      crossing_id: c.crossingId,
      flight_id: c.flightId,
      icao24: c.icao24,
      callsign: c.callsign?.trim() || null,
      operator_icao: c.operatorIcao,
      aircraft_type: c.aircraftType,
      mtow_kg: c.mtowKg,
      mtow_source: c.mtowSource,
      fir_id: c.firId,
      charging_zone: c.chargingZone,
      flight_date: c.flightDate,
      tariff_month: c.tariffMonth,
      distance_km: c.distanceKm,
      distance_basis: c.distanceBasis,
      distance_factor: c.distanceFactor,
      weight_factor: c.weightFactor,
      service_units: c.serviceUnits,
      unit_rate_minor: c.unitRate?.amountMinor ?? null,
      unit_rate_currency: c.unitRate?.currency ?? null,
      unit_rate_source: c.unitRateSource,
      exchange_rate: c.exchangeRate,
      exchange_rate_source: c.exchangeRateSource,
      amount_minor: c.amount?.amountMinor ?? null,
      currency: c.amount?.currency ?? null,
      tariff_version: c.tariffVersion,
      status: c.status,
      exemption_code: c.exemptionCode,
      reason: c.reason,
      calculated_at: c.calculatedAt,
      passage: c.passage,
      src_partition: m.partition,
      src_offset: m.offset,
    };
    const held = rows.get(c.chargeId);
    if (!held || later(row, held)) rows.set(c.chargeId, row);
  }
  if (rows.size === 0) return;
  await db.query(
    `INSERT INTO charges
     SELECT * FROM jsonb_populate_recordset(NULL::charges, $1::jsonb)
     ON CONFLICT (charge_id) DO UPDATE SET
       crossing_id = EXCLUDED.crossing_id, callsign = EXCLUDED.callsign,
       operator_icao = EXCLUDED.operator_icao, aircraft_type = EXCLUDED.aircraft_type,
       mtow_kg = EXCLUDED.mtow_kg, mtow_source = EXCLUDED.mtow_source,
       fir_id = EXCLUDED.fir_id, charging_zone = EXCLUDED.charging_zone,
       flight_date = EXCLUDED.flight_date, tariff_month = EXCLUDED.tariff_month,
       distance_km = EXCLUDED.distance_km, distance_basis = EXCLUDED.distance_basis,
       distance_factor = EXCLUDED.distance_factor, weight_factor = EXCLUDED.weight_factor,
       service_units = EXCLUDED.service_units, unit_rate_minor = EXCLUDED.unit_rate_minor,
       unit_rate_currency = EXCLUDED.unit_rate_currency,
       unit_rate_source = EXCLUDED.unit_rate_source, exchange_rate = EXCLUDED.exchange_rate,
       exchange_rate_source = EXCLUDED.exchange_rate_source,
       amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
       tariff_version = EXCLUDED.tariff_version, status = EXCLUDED.status,
       exemption_code = EXCLUDED.exemption_code, reason = EXCLUDED.reason,
       calculated_at = EXCLUDED.calculated_at, passage = EXCLUDED.passage,
       src_partition = EXCLUDED.src_partition, src_offset = EXCLUDED.src_offset
     WHERE (EXCLUDED.calculated_at, EXCLUDED.src_offset) > (charges.calculated_at, charges.src_offset)
        OR (EXCLUDED.calculated_at > charges.calculated_at
            AND EXCLUDED.src_partition <> charges.src_partition)`,
    [JSON.stringify([...rows.values()])],
  );
}
