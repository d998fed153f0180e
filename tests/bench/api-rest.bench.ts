/**
 * pnpm bench:api:rest — the api's invoice list over BENCH_LINES (default 1,000,000) invoice
 * lines, against the real PostgreSQL of `pnpm infra:up`:
 *  - seeds the api's read models (services/api/migrations via @overfly/db's migrate) in a
 *    schema of its own with INSERT … SELECT generate_series: BENCH_LINES / 20 invoices of
 *    20 lines each over 300 operators (a long tail: the biggest holds about an eighth of the
 *    documents, like a flag carrier among charter operators) and the 12 months of one year
 *    (daily invoices for the 20 biggest, monthly for the rest), statuses mixed, 3% credit
 *    notes;
 *  - starts the api as a child process on that schema (auth on: one billing key;
 *    API_RATE_LIMIT at its highest) and drives `GET /v1/invoices?operator&status=ISSUED&from
 *    &to&limit=50`, following page.next for every other request, from a second process
 *    (support/rest-load.child.ts, autocannon, BENCH_CONNECTIONS connections on loopback):
 *    BENCH_WARMUP seconds (default 5) of warm-up, then BENCH_SECONDS (default 20) measured;
 *  - the same load on a bare node:http server running the api's own query with pg
 *    (support/rest-baseline.child.ts, no fastify, validation or auth) in the same run, and the
 *    ratio; and the query alone, one at a time in this process, for what the database costs.
 * Prints requests/s and p50/p90/p99 for each, the goal (p99 ≤ 50 ms) and whether this run met
 * it, the machine's busy share meanwhile, and the plan of the heaviest query (EXPLAIN
 * ANALYZE). Figures are printed, never asserted.
 */
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, dropSchema, migrate, uniqueSchema } from '../../packages/db/src/index.js';
import { listInvoices } from '../../services/api/src/queries/invoices.js';
import { decodeCursor } from '../../services/api/src/server/cursor.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../support/kafka-admin.js';
import {
  freePort,
  machineCpu,
  pct,
  processStats,
  root,
  spawnTs,
  stop,
} from './support/processes.js';
import type { LoadResult } from './support/rest-load.child.js';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const LINES_PER_INVOICE = 20;
const INVOICES = Math.max(1, Math.round(LINES / LINES_PER_INVOICE));
const OPERATORS = 300;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const YEAR = 2025;
const POOL_SIZE = 10; // the api's default DATABASE_POOL_SIZE, given to both servers
const GOAL_P99_MS = 50;
const KEY = 'bench-api-rest-billing-key-0123456789abcdef';
const MIGRATIONS_DIR = `${root}services/api/migrations`;

const { brokers, registryUrl, databaseUrl } = testEndpoints();

/** Ten real designators for the biggest, then synthetic ones (XAA, XAB, …). */
const operators = [
  ...['BAW', 'AFR', 'DLH', 'KLM', 'EZY', 'RYR', 'UAE', 'THY', 'SWR', 'IBE'],
  ...Array.from(
    { length: OPERATORS - 10 },
    (_, i) =>
      `${String.fromCharCode(88 + Math.floor(i / 676))}${String.fromCharCode(65 + (Math.floor(i / 26) % 26))}${String.fromCharCode(65 + (i % 26))}`,
  ),
];

async function seed(schema: string): Promise<void> {
  const pool = createPool({ url: databaseUrl, schema, max: 1, applicationName: 'bench-api-rest' });
  try {
    await migrate(pool, MIGRATIONS_DIR, { schema });
    await pool.query('SELECT setseed(0.13)');
    // Operator rank log-uniform on 1..300 (P(rank) ∝ ~1/rank); status by a second draw.
    await pool.query(
      `INSERT INTO invoices (invoice_id, invoice_number, series, document_type, billing_cycle,
         operator_icao, status, total_minor, currency, paid_minor, line_count, related_invoice_id,
         period_start, period_end, due_date, created_at, updated_at, src_partition, src_offset)
       SELECT id, 'OVF-' || $2::int || '-' || lpad(i::text, 7, '0'),
              CASE WHEN daily THEN 'OVF-D' ELSE 'OVF-M' END,
              CASE WHEN s < 0.03 THEN 'CREDIT_NOTE' ELSE 'INVOICE' END,
              CASE WHEN daily THEN 'DAILY' ELSE 'MONTHLY' END,
              ($1::text[])[rank],
              CASE WHEN s < 0.45 THEN 'ISSUED' WHEN s < 0.80 THEN 'PAID' WHEN s < 0.88 THEN 'OVERDUE'
                   WHEN s < 0.93 THEN 'PARTIALLY_PAID' WHEN s < 0.97 THEN 'DRAFT'
                   WHEN s < 0.98 THEN 'CANCELLED' ELSE 'CREDITED' END,
              total, 'EUR', CASE WHEN s >= 0.45 AND s < 0.80 THEN total END, $3::int, NULL,
              pstart, pend, (pend / 86400000)::int + 30, pend, pend + 3600000, 0, i
         FROM (
           SELECT i, id, rank, s, daily, total,
                  CASE WHEN daily THEN day0 + dayn * 86400000::bigint ELSE month0 END AS pstart,
                  CASE WHEN daily THEN day0 + (dayn + 1) * 86400000::bigint ELSE month1 END AS pend
             FROM (
               SELECT i, 'inv-' || lpad(i::text, 8, '0') AS id, rank, random() AS s, rank <= 20 AS daily,
                      (extract(epoch FROM make_date($2, m, 1)) * 1000)::bigint AS month0,
                      (extract(epoch FROM make_date($2, m, 1) + interval '1 month') * 1000)::bigint AS month1,
                      (extract(epoch FROM make_date($2, m, 1)) * 1000)::bigint AS day0,
                      floor(random() * extract(day FROM make_date($2, m, 1) + interval '1 month' - interval '1 day'))::int AS dayn,
                      $3::int * (1000 + (i * 7919) % 90000)::bigint AS total
                 FROM (
                   SELECT i, least($4::int, floor(exp(random() * ln($4::float8 + 1)))::int) AS rank,
                          1 + (i % 12) AS m
                     FROM generate_series(1, $5::int) AS i
                 ) base
             ) drawn
         ) periods`,
      [operators, YEAR, LINES_PER_INVOICE, OPERATORS, INVOICES],
    );
    await pool.query(
      `INSERT INTO invoice_lines (invoice_id, charge_id, crossing_id, flight_id, callsign, fir_id,
         flight_date, amount_minor, currency, added_at)
       SELECT invoice_id, 'chg-' || invoice_id || '-' || n, 'x-' || invoice_id || '-' || n,
              'f-' || invoice_id || '-' || (n / 3), operator_icao || (100 + n), 'FIR' || (n % 40),
              (period_start / 86400000)::int, 1000 + (src_offset * 7919) % 90000, 'EUR', created_at
         FROM invoices, generate_series(1, $1::int) AS n`,
      [LINES_PER_INVOICE],
    );
    await pool.query('ANALYZE invoices');
    await pool.query('ANALYZE invoice_lines');
  } finally {
    await pool.end();
  }
}

interface Server {
  child: ChildProcess;
  port: number;
  alive(): void;
}

async function startServer(
  kind: 'api' | 'baseline',
  schema: string,
  prefix: string,
): Promise<Server> {
  const port = await freePort();
  const common = {
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    API_PORT: String(port),
  };
  const child =
    kind === 'api'
      ? spawnTs(
          'services/api/src/main.ts',
          [],
          {
            ...common,
            TOPIC_PREFIX: prefix,
            KAFKA_GROUP_ID: `${prefix}api`,
            KAFKA_BROKERS: brokers.join(','),
            SCHEMA_REGISTRY_URL: registryUrl,
            METRICS_PORT: '0',
            LOG_LEVEL: 'warn',
            API_KEYS: JSON.stringify([{ key: KEY, role: 'billing', name: 'bench billing' }]),
            API_RATE_LIMIT: '1000000',
          },
          ['ignore', 'pipe', 'pipe'],
        )
      : spawnTs('tests/bench/support/rest-baseline.child.ts', [], common, [
          'ignore',
          'pipe',
          'pipe',
        ]);
  const tail: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', keep);
  if (child.stderr) createInterface({ input: child.stderr }).on('line', keep);
  const alive = () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${kind} exited (${child.exitCode ?? child.signalCode}):\n${tail.join('\n')}`,
      );
  };
  const probe = `http://127.0.0.1:${port}/v1/invoices?operator=BAW&status=ISSUED&limit=1`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    alive();
    const ok = await fetch(probe, {
      headers: { authorization: `Bearer ${KEY}` },
      signal: AbortSignal.timeout(2_000),
    })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline)
      throw new Error(`${kind} not answering after 120 s:\n${tail.join('\n')}`);
    await sleep(250);
  }
  return { child, port, alive };
}

interface Run {
  load: LoadResult;
  serverCpuShare: number;
  loadCpuShare: number;
  machineBusy: number;
  rss: number;
}

/** The load process against `port`; the server's CPU and the machine's over its whole run. */
async function drive(server: Server, withKey: boolean): Promise<Run> {
  const load = spawnTs(
    'tests/bench/support/rest-load.child.ts',
    [],
    {
      BENCH_URL: `http://127.0.0.1:${server.port}`,
      BENCH_KEY: withKey ? KEY : '',
      BENCH_OPERATORS: JSON.stringify(operators),
      BENCH_YEAR: String(YEAR),
      BENCH_CONNECTIONS: String(CONNECTIONS),
      BENCH_WARMUP: String(WARMUP),
      BENCH_SECONDS: String(SECONDS),
    },
    ['ignore', 'pipe', 'inherit'],
  );
  let output = '';
  load.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => load.on('exit', (code) => resolve(code)));
  // The measured part starts after the warm-up.
  await sleep(WARMUP * 1_000 + 500);
  const cpu0 = processStats(server.child.pid as number);
  const loadCpu0 = processStats(load.pid as number);
  const machine0 = machineCpu();
  const t0 = Date.now();
  let cpu1 = cpu0;
  let loadCpu1 = loadCpu0;
  let machine1 = machine0;
  let t1 = t0;
  // Sample until the load ends, keeping the last sample taken while it ran.
  while (load.exitCode === null) {
    server.alive();
    cpu1 = processStats(server.child.pid as number) ?? cpu1;
    loadCpu1 = processStats(load.pid as number) ?? loadCpu1;
    machine1 = machineCpu();
    t1 = Date.now();
    await sleep(250);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`the load process exited ${code}`);
  const window = (t1 - t0) / 1000;
  return {
    load: JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as LoadResult,
    serverCpuShare: cpu0 && cpu1 ? (cpu1.cpuSeconds - cpu0.cpuSeconds) / window : Number.NaN,
    loadCpuShare:
      loadCpu0 && loadCpu1 ? (loadCpu1.cpuSeconds - loadCpu0.cpuSeconds) / window : Number.NaN,
    machineBusy:
      (machine1.busySeconds - machine0.busySeconds) /
      (machine1.totalSeconds - machine0.totalSeconds),
    rss: cpu1?.rssBytes ?? Number.NaN,
  };
}

/** The same queries one at a time in this process: what the database alone costs. */
async function direct(schema: string) {
  const pool = createPool({ url: databaseUrl, schema, max: 1, applicationName: 'bench-api-rest' });
  try {
    const ms: number[] = [];
    let next: string | null = null;
    const year = (m: number) => Date.UTC(YEAR, m, 1);
    for (let i = 0; i < 600; i++) {
      const operator = operators[i % 2 ? i % 10 : (i * 37) % OPERATORS] as string;
      const start = (i * 5) % 10;
      const filter = { operator, status: 'ISSUED', from: year(start), to: year(start + 2) };
      const t = performance.now();
      const page = await listInvoices(pool, filter, {
        limit: 50,
        after: i % 2 && next ? decodeCursor(next) : null,
      });
      if (i >= 100) ms.push(performance.now() - t); // the first 100: warm-up
      next = page.next;
    }
    ms.sort((a, b) => a - b);
    // The heaviest shape: the biggest operator, a quarter, ISSUED; its first page, and the
    // page after it (the cursor's row comparison), as listInvoices writes them.
    const heavy = {
      operator: operators[0] as string,
      status: 'ISSUED',
      from: Date.UTC(YEAR, 3, 1),
      to: Date.UTC(YEAR, 6, 1),
    };
    const first = await listInvoices(pool, heavy, { limit: 50, after: null });
    const after = first.next ? decodeCursor(first.next) : null;
    const explain = async (sql: string, params: unknown[]) =>
      (
        await pool.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
          params,
        )
      ).rows.map((r) => r['QUERY PLAN']);
    const where = 'operator_icao = $1 AND status = $2 AND period_end > $3 AND period_start < $4';
    const order = 'ORDER BY period_start DESC, invoice_id DESC LIMIT 51';
    const params = [heavy.operator, heavy.status, heavy.from, heavy.to];
    const plan = await explain(`SELECT * FROM invoices WHERE ${where} ${order}`, params);
    const nextPlan = after
      ? await explain(
          `SELECT * FROM invoices WHERE ${where} AND (period_start, invoice_id) < ($5, $6) ${order}`,
          [...params, after.at, after.id],
        )
      : [];
    const counts = await pool.query<{ operator_icao: string; n: string }>(
      `SELECT operator_icao, count(*) AS n FROM invoices GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    return {
      p50: pct(ms, 0.5),
      p99: pct(ms, 0.99),
      count: ms.length,
      plan,
      nextPlan,
      biggest: counts.rows[0],
    };
  } finally {
    await pool.end();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main() {
  const cpus = os.cpus();
  console.log(
    `bench:api:rest — GET /v1/invoices?operator=…&status=ISSUED&from=…&to=…&limit=50 (every other request follows page.next) over ${fmt(INVOICES)} invoices × ${LINES_PER_INVOICE} = ${fmt(INVOICES * LINES_PER_INVOICE)} lines, ${OPERATORS} operators, 12 months of ${YEAR}; autocannon in a second process, ${CONNECTIONS} connections on loopback, ${WARMUP} s warm-up then ${SECONDS} s measured; pool ${POOL_SIZE} connections for both servers`,
  );
  console.log(
    `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const schema = uniqueSchema('bench_api_rest');
  const prefix = uniquePrefix('bench-api-rest');
  const children: ChildProcess[] = [];
  try {
    const t0 = Date.now();
    await seed(schema);
    console.error(`seeded ${schema} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const db = await direct(schema);
    console.error('api: starting');
    const api = await startServer('api', schema, prefix);
    children.push(api.child);
    console.error('api: under load');
    const apiRun = await drive(api, true);
    await stop(api.child, 30_000);
    console.error('baseline: starting');
    const baseline = await startServer('baseline', schema, prefix);
    children.push(baseline.child);
    console.error('baseline: under load');
    const baseRun = await drive(baseline, false);
    await stop(baseline.child, 30_000);

    const line = (name: string, r: Run) =>
      `${name.padEnd(44)} ${fmt(r.load.requestsPerSecond).padStart(6)} req/s | p50 ${r.load.p50.toFixed(1).padStart(5)} ms  p90 ${r.load.p90.toFixed(1).padStart(5)} ms  p99 ${r.load.p99.toFixed(1).padStart(5)} ms  max ${fmt(r.load.max)} ms | server CPU ${(100 * r.serverCpuShare).toFixed(0)}% of a core, RSS ${(r.rss / 2 ** 20).toFixed(0)} MiB | load process ${(100 * r.loadCpuShare).toFixed(0)}% | machine ${(100 * r.machineBusy).toFixed(0)}% busy (these processes, PostgreSQL and anything else) | non-2xx ${r.load.non2xx}, errors ${r.load.errors}, followed page.next ${fmt(r.load.followed)} of ${fmt(r.load.firstPages)} first pages`;
    console.log('');
    console.log(line('api (fastify, schemas, auth on, rate limit)', apiRun));
    console.log(line('baseline (node:http + pg, the same query)', baseRun));
    console.log(
      `${'the query alone, one at a time, in-process'.padEnd(44)}        | p50 ${db.p50.toFixed(1).padStart(5)} ms  p99 ${db.p99.toFixed(1).padStart(5)} ms (${db.count} queries)`,
    );
    console.log(
      `api/baseline: req/s ${(apiRun.load.requestsPerSecond / baseRun.load.requestsPerSecond).toFixed(2)}, p99 ${(apiRun.load.p99 / baseRun.load.p99).toFixed(2)}`,
    );
    console.log(
      `goal p99 ≤ ${GOAL_P99_MS} ms: ${apiRun.load.p99.toFixed(1)} ms — ${apiRun.load.p99 <= GOAL_P99_MS ? 'met' : 'NOT met'} in this run (machine ${(100 * apiRun.machineBusy).toFixed(0)}% busy over ${cpus.length} cores; requests/s has no goal: it is what ${CONNECTIONS} connections get on this machine)`,
    );
    console.log('');
    console.log(
      `the heaviest shape (${db.biggest?.operator_icao}, ${fmt(Number(db.biggest?.n))} documents; ISSUED; a quarter; LIMIT 51), EXPLAIN ANALYZE:`,
    );
    for (const l of db.plan) console.log(`  ${l}`);
    if (db.nextPlan.length > 0) {
      console.log(
        'its next page (page.next: the row comparison on the sort key), EXPLAIN ANALYZE:',
      );
      for (const l of db.nextPlan) console.log(`  ${l}`);
    }
  } finally {
    for (const child of children) await stop(child, 10_000).catch(() => undefined);
    await dropSchema(databaseUrl, schema).catch((e: unknown) =>
      console.error(`cleanup: ${String(e)}`),
    );
    await deleteTopicsWithPrefix(prefix).catch((e: unknown) =>
      console.error(`cleanup: ${String(e)}`),
    );
  }
}

await main();
process.exit(0);
