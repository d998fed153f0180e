/**
 * pnpm bench:billing:consolidation — one monthly consolidation run over a month of lines.
 * Inserts BENCH_LINES_PER_DAY (default 36,700: a busy network day) × 30 days ≈ 1.1 million
 * live PRICED lines for BENCH_OPERATORS (default 200) operators with multi-row INSERTs
 * (one INSERT … SELECT generate_series per day), then times `consolidate` for the month.
 * Goal: ≤ 60 s. Figures are printed, never asserted.
 */
import {
  consolidate,
  createPool,
  dropSchema,
  MIGRATIONS_DIR,
  migrate,
  uniqueSchema,
} from '../../services/invoice-writer/src/test-support/db.js';
import { testEndpoints } from '../support/endpoints.js';

const PER_DAY = Number(process.env.BENCH_LINES_PER_DAY ?? 36_700);
const DAYS = 30;
const OPERATORS = Number(process.env.BENCH_OPERATORS ?? 200);
const MARCH_1_2025 = 20_148; // days since 1970-01-01
const { databaseUrl } = testEndpoints();
const schema = uniqueSchema('bench_consolidation');
const pool = createPool({ url: databaseUrl, schema, max: 2 });

try {
  await migrate(pool, MIGRATIONS_DIR, { schema });
  const loadStart = performance.now();
  for (let day = 0; day < DAYS; day++) {
    await pool.query(
      `INSERT INTO invoice_lines (charge_id, crossing_id, revision, tariff_version, flight_id,
         icao24, callsign, operator_icao, aircraft_type, fir_id, charging_zone, flight_date,
         tariff_month, distance_km, service_units, status, amount_minor, currency,
         calculated_at, source_partition, source_offset)
       SELECT 'chg_' || $1 || '_' || i,
              to_hex(4194304 + i % 60000) || '-' || $1 || '-' || i || '-LFFF',
              1, '2025-03.v1', to_hex(4194304 + i % 60000) || '-' || $1,
              to_hex(4194304 + i % 60000), 'O' || (i % $3) || '123',
              'O' || lpad((i % $3)::text, 3, '0'), 'A320', 'LFFF', 'LF',
              DATE '1970-01-01' + $2::int, '2025-03', 250, 3.13, 'PRICED',
              10000 + (i * 7919) % 90000, 'EUR', now(), 0, $1::bigint * $4 + i
         FROM generate_series(0, $4 - 1) AS i`,
      [day, MARCH_1_2025 + day, OPERATORS, PER_DAY],
    );
  }
  await pool.query('ANALYZE invoice_lines');
  const loadS = (performance.now() - loadStart) / 1000;
  const total = PER_DAY * DAYS;
  console.log(
    `inserted ${total} lines (${PER_DAY}/day × ${DAYS} days, ${OPERATORS} operators) in ${loadS.toFixed(1)} s (${Math.round(total / loadS)} lines/s)`,
  );

  const start = performance.now();
  const outcome = await consolidate(pool, { now: Date.UTC(2025, 3, 1, 1, 0), dueDays: 30 });
  const seconds = (performance.now() - start) / 1000;
  const check = await pool.query<{ invoices: number; lines: number; total: string }>(
    `SELECT count(*)::int AS invoices, sum(line_count)::int AS lines, sum(total_minor) AS total
       FROM invoices WHERE document_type = 'INVOICE'`,
  );
  console.log(
    `monthly consolidation: ${JSON.stringify(outcome)} in ${seconds.toFixed(1)} s (goal ≤ 60 s); ` +
      `invoices table: ${JSON.stringify(check.rows[0])}`,
  );
} finally {
  await pool.end();
  await dropSchema(databaseUrl, schema);
}
