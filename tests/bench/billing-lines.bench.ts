/**
 * pnpm bench:billing:lines — charges.calculated → invoice-writer → PostgreSQL lines, the
 * real service as a child process on real Kafka and PostgreSQL. Prints, measured in this run:
 *  - the writer's sustained rate (lines/s) over BENCH_CHARGES charges (default 100,000)
 *    already waiting in Kafka, from its first stored progress to its last;
 *  - beside it, the rate of single-row INSERTs (one autocommitted INSERT per line, same
 *    table) over BENCH_SINGLE_ROWS lines (default 10,000), and the ratio of the two.
 * Figures are printed, never asserted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createKafkaRuntime } from '@overfly/kafka';
import type { ChargeCalculated } from '@overfly/schemas';
import { sampleCharge } from '../../services/invoice-writer/src/test-support/charges.js';
import {
  createPool,
  dropSchema,
  MIGRATIONS_DIR,
  migrate,
  type Pool,
  uniqueSchema,
} from '../../services/invoice-writer/src/test-support/db.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../support/kafka-admin.js';

const CHARGES = Number(process.env.BENCH_CHARGES ?? 100_000);
const SINGLE_ROWS = Number(process.env.BENCH_SINGLE_ROWS ?? 10_000);
const OPERATORS = 200;
const main = fileURLToPath(new URL('../../services/invoice-writer/src/main.ts', import.meta.url));
const { brokers, registryUrl, databaseUrl } = testEndpoints();

function charge(n: number): ChargeCalculated {
  return sampleCharge(n, {
    operatorIcao: `O${String(n % OPERATORS).padStart(2, '0')}`,
    flightDate: 20_148 + (n % 31),
  });
}

const scalar = async (pool: Pool, sql: string) =>
  Number((await pool.query<{ n: string | null }>(sql)).rows[0]?.n ?? 0);

async function writerRate(prefix: string, schema: string) {
  const runtime = createKafkaRuntime({
    brokers,
    registryUrl,
    service: 'bench',
    topicPrefix: prefix,
  });
  await runtime.ensureTopics();
  const producer = await runtime.producer();
  const publishStart = performance.now();
  for (let i = 0; i < CHARGES; i += 10_000) {
    const batch = [];
    for (let n = i; n < Math.min(CHARGES, i + 10_000); n++) {
      const c = charge(n);
      batch.push({ key: c.crossingId, value: c });
    }
    await producer.send('charges.calculated', batch);
  }
  const publishS = (performance.now() - publishStart) / 1000;
  console.log(`published ${CHARGES} charges in ${publishS.toFixed(1)} s`);

  const pool = createPool({ url: databaseUrl, schema, max: 2 });
  await migrate(pool, MIGRATIONS_DIR, { schema });
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}invoice-writer`,
      DATABASE_SCHEMA: schema,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let first: { at: number; stored: number } | undefined;
  let stored = 0;
  try {
    while (stored < CHARGES) {
      if (child.exitCode !== null) throw new Error('invoice-writer exited');
      stored = await scalar(
        pool,
        'SELECT coalesce(sum(next_offset), 0) AS n FROM consumer_offsets',
      );
      if (!first && stored > 0) first = { at: performance.now(), stored };
      await sleep(50);
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await runtime.close();
  }
  const done = performance.now();
  const lines = await scalar(pool, 'SELECT count(*) AS n FROM invoice_lines');
  await pool.end();
  const sustainedS = (done - first!.at) / 1000;
  const rate = (CHARGES - first!.stored) / sustainedS;
  console.log(
    `invoice-writer: ${lines} lines; first progress ${((first!.at - started) / 1000).toFixed(1)} s after start; ` +
      `${CHARGES - first!.stored} charges in ${sustainedS.toFixed(1)} s after it = ${Math.round(rate)} lines/s sustained; ` +
      `${Math.round(CHARGES / ((done - started) / 1000))} lines/s including start-up`,
  );
  return rate;
}

async function singleRowRate(schema: string): Promise<number> {
  // Two connections: migrate holds a session lock on one and applies files on the other.
  const pool = createPool({ url: databaseUrl, schema, max: 2 });
  await migrate(pool, MIGRATIONS_DIR, { schema });
  const start = performance.now();
  for (let n = 0; n < SINGLE_ROWS; n++) {
    const c = charge(n);
    await pool.query(
      `INSERT INTO invoice_lines (charge_id, crossing_id, revision, tariff_version, flight_id,
         icao24, callsign, operator_icao, aircraft_type, fir_id, charging_zone, flight_date,
         tariff_month, distance_km, service_units, status, amount_minor, currency,
         exemption_code, reason, calculated_at, source_partition, source_offset,
         distance_basis, mtow_source, unit_rate_source, exchange_rate_source)
       VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, DATE '1970-01-01' + $11::int, $12,
               $13, $14, $15, $16, $17, $18, $19, to_timestamp($20 / 1000.0), 0, $21, $22,
               $23, $24, $25)`,
      [
        c.chargeId,
        c.crossingId,
        c.tariffVersion,
        c.flightId,
        c.icao24,
        c.callsign,
        c.operatorIcao,
        c.aircraftType,
        c.firId,
        c.chargingZone,
        c.flightDate,
        c.tariffMonth,
        c.distanceKm,
        c.serviceUnits,
        c.status,
        c.amount?.amountMinor ?? null,
        c.amount?.currency ?? null,
        c.exemptionCode,
        c.reason,
        c.calculatedAt,
        n,
        c.distanceBasis,
        c.mtowSource,
        c.unitRateSource,
        c.exchangeRateSource,
      ],
    );
  }
  const rate = SINGLE_ROWS / ((performance.now() - start) / 1000);
  await pool.end();
  console.log(`single-row INSERT: ${SINGLE_ROWS} lines at ${Math.round(rate)} lines/s`);
  return rate;
}

const prefix = uniquePrefix('bench-billing');
const schemas = { writer: uniqueSchema('bench_lines'), single: uniqueSchema('bench_single') };
try {
  const writer = await writerRate(prefix, schemas.writer);
  const single = await singleRowRate(schemas.single);
  console.log(`ratio: the writer is ${(writer / single).toFixed(1)}× the single-row INSERT rate`);
} finally {
  await dropSchema(databaseUrl, schemas.writer);
  await dropSchema(databaseUrl, schemas.single);
  await deleteTopicsWithPrefix(prefix);
}
