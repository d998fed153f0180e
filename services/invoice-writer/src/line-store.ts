import { type Pool, type PoolClient, withTransaction } from '@overfly/db';
import type { ChargeCalculated } from '@overfly/schemas';
import { issueCreditNote } from './credit-notes.js';
import { type LiveLine, type NewLine, planLines } from './line-plan.js';

export interface ChargeAt {
  charge: ChargeCalculated;
  offset: number;
}

export interface PartitionPosition {
  groupId: string;
  /** Physical topic name, as the messages carry it. */
  topic: string;
  partition: number;
}

export type BatchOutcome =
  | { kind: 'written'; lines: number; creditNotes: number; nextOffset: number }
  /** Everything was below the stored offset: a replay, nothing to do. */
  | { kind: 'replayed'; nextOffset: number };

/** The stored next offset of every partition of a group on a topic. */
export async function storedOffsets(
  pool: Pool,
  groupId: string,
  topic: string,
): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ partition: number; next_offset: number }>(
    'SELECT partition, next_offset FROM consumer_offsets WHERE group_id = $1 AND topic = $2',
    [groupId, topic],
  );
  return new Map(rows.map((r) => [r.partition, r.next_offset]));
}

/**
 * Writes a run of valid charges of one partition and moves that partition's stored offset
 * to `next` (by default past the last charge), in one transaction: after any crash the
 * lines and the offset agree, so a replay neither loses nor doubles a line. The consumer
 * loop delivers runs contiguous with the stored offset (offsets between it and the first
 * charge are ones that bill nothing: its dead letters, tombstones); the row lock still
 * skips charges below the stored offset, for two members that both believe they own the
 * partition (a fetch delivered after a rebalance).
 */
export async function writeCharges(
  pool: Pool,
  at: PartitionPosition,
  charges: readonly ChargeAt[],
  options: { now: number; from?: number; next?: number },
): Promise<BatchOutcome> {
  const from = options.from ?? charges[0]?.offset ?? 0;
  const next =
    options.next ?? (charges.length > 0 ? charges[charges.length - 1]!.offset + 1 : from);
  return withTransaction(pool, async (client) => {
    const stored = await lockStoredOffset(client, at, from);
    const fresh = charges.filter((c) => c.offset >= stored);
    if (fresh.length === 0) {
      if (next <= stored) return { kind: 'replayed', nextOffset: stored };
      await storeOffset(client, at, next);
      return { kind: 'written', lines: 0, creditNotes: 0, nextOffset: next };
    }
    const live = await liveLines(
      client,
      fresh.map((c) => c.charge.crossingId),
    );
    const plan = planLines(live, fresh);
    let creditNotes = 0;
    const replacing = new Map<string, number>();
    for (const { old, credit } of plan.replaced) {
      const { rows: ids } = await client.query<{ id: number }>(
        "SELECT nextval(pg_get_serial_sequence('invoice_lines', 'line_id')) AS id",
      );
      const id = ids[0]!.id;
      replacing.set(old.crossingId, id);
      await client.query('UPDATE invoice_lines SET superseded_by = $1 WHERE line_id = $2', [
        id,
        old.lineId,
      ]);
      if (credit) {
        await issueCreditNote(client, old, options.now);
        creditNotes++;
      }
    }
    await insertLines(client, plan.inserts, at.partition, replacing);
    const nextOffset = Math.max(stored, next);
    await storeOffset(client, at, nextOffset);
    return { kind: 'written', lines: plan.inserts.length, creditNotes, nextOffset };
  });
}

/**
 * Moves the stored offset forward to `next` (never back) for messages that bill nothing:
 * the consumer loop's dead letters and tombstones, when no later charge carries the
 * offset past them, so that a restart does not read them again (a dead letter read again
 * would be sent again). Returns the stored offset.
 */
export async function storeOffsetPast(
  pool: Pool,
  at: PartitionPosition,
  next: number,
): Promise<number> {
  return withTransaction(pool, async (client) => {
    const stored = await lockStoredOffset(client, at, next);
    if (next <= stored) return stored;
    await storeOffset(client, at, next);
    return next;
  });
}

/**
 * The partition's stored next offset (created at `from` when the partition has none),
 * locked until the transaction ends.
 */
async function lockStoredOffset(
  client: PoolClient,
  at: PartitionPosition,
  from: number,
): Promise<number> {
  await client.query(
    `INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [at.groupId, at.topic, at.partition, from],
  );
  // The row lock serialises two members that both believe they own the partition
  // (a fetch delivered after a rebalance): the second sees the first's offset.
  const { rows } = await client.query<{ next_offset: number }>(
    `SELECT next_offset FROM consumer_offsets
      WHERE group_id = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
    [at.groupId, at.topic, at.partition],
  );
  return rows[0]!.next_offset;
}

async function storeOffset(
  client: PoolClient,
  at: PartitionPosition,
  nextOffset: number,
): Promise<void> {
  await client.query(
    `UPDATE consumer_offsets SET next_offset = $4, updated_at = now()
      WHERE group_id = $1 AND topic = $2 AND partition = $3`,
    [at.groupId, at.topic, at.partition, nextOffset],
  );
}

async function liveLines(
  client: PoolClient,
  crossingIds: string[],
): Promise<Map<string, LiveLine>> {
  const { rows } = await client.query<{
    line_id: number;
    crossing_id: string;
    revision: number;
    tariff_version: string;
    status: string;
    amount_minor: number | null;
    currency: string | null;
    calculated_at: number;
    invoice_id: string | null;
  }>(
    `SELECT line_id, crossing_id, revision, tariff_version, status, amount_minor, currency,
            (extract(epoch FROM calculated_at) * 1000)::bigint AS calculated_at, invoice_id
       FROM invoice_lines
      WHERE crossing_id = ANY($1) AND superseded_by IS NULL
      FOR UPDATE`,
    [crossingIds],
  );
  return new Map(
    rows.map((r) => [
      r.crossing_id,
      {
        lineId: r.line_id,
        crossingId: r.crossing_id,
        revision: r.revision,
        tariffVersion: r.tariff_version,
        status: r.status,
        amountMinor: r.amount_minor,
        currency: r.currency,
        calculatedAt: r.calculated_at,
        invoiceId: r.invoice_id,
      },
    ]),
  );
}

/**
 * One multi-row INSERT for the whole run: each column travels as one array parameter and
 * `unnest` zips them back into rows, so a run of thousands of lines is one round trip.
 */
async function insertLines(
  client: PoolClient,
  lines: readonly NewLine[],
  partition: number,
  replacing: ReadonlyMap<string, number>,
): Promise<void> {
  if (lines.length === 0) return;
  const col = <T>(f: (l: NewLine) => T): T[] => lines.map(f);
  await client.query(
    `INSERT INTO invoice_lines (
       line_id, charge_id, crossing_id, revision, tariff_version, flight_id, icao24, callsign,
       operator_icao, aircraft_type, fir_id, charging_zone, flight_date, tariff_month,
       distance_km, service_units, status, amount_minor, currency, exemption_code, reason,
       calculated_at, source_partition, source_offset, distance_basis, mtow_source,
       unit_rate_source, exchange_rate_source)
     SELECT COALESCE(l.line_id, nextval(pg_get_serial_sequence('invoice_lines', 'line_id'))),
            l.charge_id, l.crossing_id, l.revision, l.tariff_version, l.flight_id, l.icao24,
            l.callsign, l.operator_icao, l.aircraft_type, l.fir_id, l.charging_zone,
            DATE '1970-01-01' + l.flight_day, l.tariff_month, l.distance_km, l.service_units,
            l.status, l.amount_minor, l.currency, l.exemption_code, l.reason,
            to_timestamp(l.calculated_ms / 1000.0), $23, l.source_offset, l.distance_basis,
            l.mtow_source, l.unit_rate_source, l.exchange_rate_source
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[],
                   $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                   $13::int[], $14::text[], $15::float8[], $16::float8[], $17::text[],
                   $18::bigint[], $19::text[], $20::text[], $21::text[], $22::bigint[],
                   $24::bigint[], $25::text[], $26::text[], $27::text[], $28::text[])
         AS l(line_id, charge_id, crossing_id, revision, tariff_version, flight_id, icao24,
              callsign, operator_icao, aircraft_type, fir_id, charging_zone, flight_day,
              tariff_month, distance_km, service_units, status, amount_minor, currency,
              exemption_code, reason, calculated_ms, source_offset, distance_basis,
              mtow_source, unit_rate_source, exchange_rate_source)
     ON CONFLICT DO NOTHING`,
    [
      col((l) => replacing.get(l.charge.crossingId) ?? null),
      col((l) => l.charge.chargeId),
      col((l) => l.charge.crossingId),
      col((l) => l.revision),
      col((l) => l.tariffVersion),
      col((l) => l.charge.flightId),
      col((l) => l.charge.icao24),
      col((l) => l.charge.callsign),
      col((l) => l.charge.operatorIcao),
      col((l) => l.charge.aircraftType),
      col((l) => l.charge.firId),
      // A charge of the previous schema version says '' for "no zone": stored as null.
      col((l) => l.charge.chargingZone || null),
      col((l) => l.charge.flightDate),
      col((l) => l.charge.tariffMonth),
      col((l) => l.charge.distanceKm),
      col((l) => l.charge.serviceUnits),
      col((l) => l.charge.status),
      col((l) => l.amountMinor),
      col((l) => l.charge.amount?.currency ?? null),
      col((l) => l.charge.exemptionCode),
      col((l) => l.charge.reason),
      col((l) => l.charge.calculatedAt),
      partition,
      col((l) => l.offset),
      col((l) => l.charge.distanceBasis),
      col((l) => l.charge.mtowSource),
      col((l) => l.charge.unitRateSource),
      col((l) => l.charge.exchangeRateSource),
    ],
  );
}
