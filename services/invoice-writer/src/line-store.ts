import { type Pool, type PoolClient, withTransaction } from '@overfly/db';
import type { ChargeCalculated, ChargedPassage } from '@overfly/schemas';
import { issueCreditNote } from './credit-notes.js';
import { type LiveLine, type NewLine, planLines, reasonCodeOf } from './line-plan.js';

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
  | { kind: 'redelivered'; nextOffset: number };

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
      if (next <= stored) return { kind: 'redelivered', nextOffset: stored };
      await storeOffset(client, at, next);
      return { kind: 'written', lines: 0, creditNotes: 0, nextOffset: next };
    }
    const live = await liveLines(
      client,
      fresh.flatMap((c) => [c.charge.crossingId, ...(c.charge.passage?.crossingIds ?? [])]),
      fresh.map((c) => c.charge.flightId),
    );
    const plan = planLines(live, fresh);
    let creditNotes = 0;
    /** passage or crossing id → the line id reserved for its new line. */
    const replacing = new Map<string, number>();
    const reserve = async (crossingId: string): Promise<number> => {
      const reserved = replacing.get(crossingId);
      if (reserved !== undefined) return reserved;
      const { rows: ids } = await client.query<{ id: number }>(
        "SELECT nextval(pg_get_serial_sequence('invoice_lines', 'line_id')) AS id",
      );
      const id = ids[0]!.id;
      replacing.set(crossingId, id);
      return id;
    };
    const supersede = async (old: LiveLine, by: number, credit: boolean) => {
      await client.query('UPDATE invoice_lines SET superseded_by = $1 WHERE line_id = $2', [
        by,
        old.lineId,
      ]);
      if (credit) {
        await issueCreditNote(client, old, options.now);
        creditNotes++;
      }
    };
    for (const { old, credit } of plan.replaced)
      await supersede(old, await reserve(old.crossingId), credit);
    const inserted = new Set(plan.inserts.map((l) => l.charge.crossingId));
    for (const { old, credit, by } of plan.absorbed) {
      // The passage's line: new in this run, or the live one its charge left unchanged.
      const passageLine = inserted.has(by) ? await reserve(by) : live.get(by)?.lineId;
      if (passageLine === undefined) continue;
      await supersede(old, passageLine, credit);
    }
    await insertLines(client, plan.inserts, at.partition, replacing);
    await confirmLines(client, plan.confirmed);
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

interface LiveLineRow {
  line_id: number;
  crossing_id: string;
  revision: number;
  calculated_at: number;
  invoice_id: string | null;
  status: string;
  reason: string | null;
  exemption_code: string | null;
  amount_minor: number | null;
  currency: string | null;
  tariff_version: string;
  operator_icao: string | null;
  callsign: string | null;
  aircraft_type: string | null;
  fir_id: string;
  charging_zone: string | null;
  flight_date: number;
  tariff_month: string;
  distance_km: number;
  distance_basis: string | null;
  service_units: number | null;
  passage_crossing_ids: string[] | null;
}

/**
 * The live lines a run's charges are compared with, locked until the transaction ends:
 * those keyed by one of the crossings, and those whose passage bills one of them (found
 * among the passage lines of the charges' flights, through an index the planner can use).
 */
async function liveLines(
  client: PoolClient,
  crossingIds: string[],
  flightIds: string[],
): Promise<Map<string, LiveLine>> {
  const { rows } = await client.query<LiveLineRow>(
    `SELECT line_id, crossing_id, revision, invoice_id,
            (extract(epoch FROM greatest(calculated_at, confirmed_at)) * 1000)::bigint
              AS calculated_at,
            status, reason, exemption_code, amount_minor, currency, tariff_version,
            operator_icao, callsign, aircraft_type, fir_id, charging_zone,
            (flight_date - DATE '1970-01-01') AS flight_date, tariff_month, distance_km,
            distance_basis, service_units, passage_crossing_ids
       FROM invoice_lines
      WHERE superseded_by IS NULL
        AND (crossing_id = ANY($1::text[])
             OR (flight_id = ANY($2::text[]) AND passage_crossing_ids IS NOT NULL
                 AND passage_crossing_ids && $1::text[]))
      FOR UPDATE`,
    [[...new Set(crossingIds)], [...new Set(flightIds)]],
  );
  return new Map(rows.map((r) => [r.crossing_id, liveLineOf(r)]));
}

function liveLineOf(r: LiveLineRow): LiveLine {
  return {
    lineId: r.line_id,
    crossingId: r.crossing_id,
    revision: r.revision,
    calculatedAt: r.calculated_at,
    invoiceId: r.invoice_id,
    status: r.status,
    reasonCode: reasonCodeOf(r.reason),
    exemptionCode: r.exemption_code,
    amountMinor: r.amount_minor,
    currency: r.currency,
    tariffVersion: r.tariff_version,
    operatorIcao: r.operator_icao,
    callsign: r.callsign,
    aircraftType: r.aircraft_type,
    firId: r.fir_id,
    chargingZone: r.charging_zone,
    flightDate: r.flight_date,
    tariffMonth: r.tariff_month,
    distanceKm: r.distance_km,
    // Lines of before 002 have no basis: their charges read as UNKNOWN.
    distanceBasis: r.distance_basis ?? 'UNKNOWN',
    serviceUnits: r.service_units,
    passageCrossingIds: r.passage_crossing_ids,
  };
}

/** Moves the latest calculation of lines billed again unchanged (never back). */
async function confirmLines(
  client: PoolClient,
  confirmed: ReadonlyArray<{ lineId: number; calculatedAt: number }>,
): Promise<void> {
  if (confirmed.length === 0) return;
  await client.query(
    `UPDATE invoice_lines l
        SET confirmed_at = greatest(l.confirmed_at, to_timestamp(c.at / 1000.0))
       FROM unnest($1::bigint[], $2::bigint[]) AS c(line_id, at)
      WHERE l.line_id = c.line_id`,
    [confirmed.map((c) => c.lineId), confirmed.map((c) => c.calculatedAt)],
  );
}

const epochMs = (v: string) => `to_timestamp(${v} / 1000.0)`;
const jsonArray = (v: string) =>
  `CASE WHEN ${v} IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(${v}::jsonb)) END`;

/** What a line's values are computed from, besides the line itself. */
interface LineContext {
  partition: number;
  /** crossing id → the line id reserved for the line that supersedes its live one. */
  replacing: ReadonlyMap<string, number>;
}

interface LineColumn {
  /** The `invoice_lines` column. */
  column: string;
  /** PostgreSQL type of the values: the parameter travels as an array of it. */
  type: 'bigint' | 'int' | 'float8' | 'text';
  /** The stored value, from the unnested one (`v`); the value itself by default. */
  sql?: (v: string) => string;
  value: (line: NewLine, context: LineContext) => unknown;
}

/**
 * Every column of an invoice line, named once: the INSERT's column list, its unnest
 * arrays and their values are all derived from this table.
 */
const lineColumns: readonly LineColumn[] = [
  {
    column: 'line_id',
    type: 'bigint',
    // A replacing line takes the id reserved for it (the old line points to it).
    sql: (v) => `COALESCE(${v}, nextval(pg_get_serial_sequence('invoice_lines', 'line_id')))`,
    value: (l, c) => c.replacing.get(l.charge.crossingId) ?? null,
  },
  { column: 'charge_id', type: 'text', value: (l) => l.charge.chargeId },
  { column: 'crossing_id', type: 'text', value: (l) => l.charge.crossingId },
  { column: 'revision', type: 'int', value: (l) => l.revision },
  { column: 'tariff_version', type: 'text', value: (l) => l.tariffVersion },
  { column: 'flight_id', type: 'text', value: (l) => l.charge.flightId },
  { column: 'icao24', type: 'text', value: (l) => l.charge.icao24 },
  { column: 'callsign', type: 'text', value: (l) => l.charge.callsign },
  { column: 'operator_icao', type: 'text', value: (l) => l.charge.operatorIcao },
  { column: 'aircraft_type', type: 'text', value: (l) => l.charge.aircraftType },
  { column: 'fir_id', type: 'text', value: (l) => l.charge.firId },
  // A charge of the previous schema version says '' for "no zone": stored as null.
  { column: 'charging_zone', type: 'text', value: (l) => l.charge.chargingZone || null },
  {
    column: 'flight_date',
    type: 'int',
    // Days since the epoch, as Avro's `date`.
    sql: (v) => `DATE '1970-01-01' + ${v}`,
    value: (l) => l.charge.flightDate,
  },
  { column: 'tariff_month', type: 'text', value: (l) => l.charge.tariffMonth },
  { column: 'distance_km', type: 'float8', value: (l) => l.charge.distanceKm },
  { column: 'service_units', type: 'float8', value: (l) => l.charge.serviceUnits },
  { column: 'status', type: 'text', value: (l) => l.charge.status },
  { column: 'amount_minor', type: 'bigint', value: (l) => l.amountMinor },
  { column: 'currency', type: 'text', value: (l) => l.charge.amount?.currency ?? null },
  { column: 'exemption_code', type: 'text', value: (l) => l.charge.exemptionCode },
  { column: 'reason', type: 'text', value: (l) => l.charge.reason },
  {
    column: 'calculated_at',
    type: 'bigint',
    // Epoch milliseconds.
    sql: (v) => `to_timestamp(${v} / 1000.0)`,
    value: (l) => l.charge.calculatedAt,
  },
  { column: 'source_partition', type: 'int', value: (_, c) => c.partition },
  { column: 'source_offset', type: 'bigint', value: (l) => l.offset },
  { column: 'distance_basis', type: 'text', value: (l) => l.charge.distanceBasis },
  { column: 'mtow_source', type: 'text', value: (l) => l.charge.mtowSource },
  { column: 'unit_rate_source', type: 'text', value: (l) => l.charge.unitRateSource },
  { column: 'exchange_rate_source', type: 'text', value: (l) => l.charge.exchangeRateSource },
  // The passage the line bills (null on charges of one crossing, written before passages).
  // Its arrays travel as JSON text: unnest would flatten an array of arrays.
  passageColumn('passage_crossing_ids', 'text', (p) => JSON.stringify(p.crossingIds), jsonArray),
  passageColumn('passage_fir_ids', 'text', (p) => JSON.stringify(p.firIds), jsonArray),
  passageColumn('passage_entry_time', 'bigint', (p) => p.entryTime, epochMs),
  passageColumn('passage_exit_time', 'bigint', (p) => p.exitTime, epochMs),
  passageColumn('passage_entry_latitude', 'float8', (p) => p.entryLatitude),
  passageColumn('passage_entry_longitude', 'float8', (p) => p.entryLongitude),
  passageColumn('passage_exit_latitude', 'float8', (p) => p.exitLatitude),
  passageColumn('passage_exit_longitude', 'float8', (p) => p.exitLongitude),
  passageColumn('passage_great_circle_km', 'float8', (p) => p.greatCircleDistanceKm),
  passageColumn('passage_flown_km', 'float8', (p) => p.flownDistanceKm),
  passageColumn('passage_take_offs', 'int', (p) => p.takeOffs),
  passageColumn('passage_landings', 'int', (p) => p.landings),
  passageColumn('passage_departure_airport', 'text', (p) => p.departureAirport),
  passageColumn('passage_arrival_airport', 'text', (p) => p.arrivalAirport),
];

function passageColumn(
  column: string,
  type: LineColumn['type'],
  value: (passage: ChargedPassage) => unknown,
  sql?: (v: string) => string,
): LineColumn {
  return {
    column,
    type,
    ...(sql ? { sql } : {}),
    value: (l) => (l.charge.passage ? value(l.charge.passage) : null),
  };
}

/**
 * One multi-row INSERT for a whole run: each column travels as one array parameter and
 * `unnest` zips them back into rows, so a run of thousands of lines is one round trip.
 */
const INSERT_LINES = `INSERT INTO invoice_lines (${lineColumns.map((c) => c.column).join(', ')})
SELECT ${lineColumns.map((c) => (c.sql ?? ((v: string) => v))(`l.${c.column}`)).join(', ')}
  FROM unnest(${lineColumns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})
    AS l(${lineColumns.map((c) => c.column).join(', ')})
ON CONFLICT DO NOTHING`;

async function insertLines(
  client: PoolClient,
  lines: readonly NewLine[],
  partition: number,
  replacing: ReadonlyMap<string, number>,
): Promise<void> {
  if (lines.length === 0) return;
  const context: LineContext = { partition, replacing };
  await client.query(
    INSERT_LINES,
    lineColumns.map((c) => lines.map((l) => c.value(l, context))),
  );
}
