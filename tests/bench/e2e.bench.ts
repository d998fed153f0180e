/**
 * pnpm bench:e2e [--copies N] [--timeout S] — the whole billing pipeline on this machine,
 * every service a separate process on its own topic prefix and PostgreSQL schemas:
 * flight-producer's replay (max speed) → fir-analyser → fee-calculator → invoice-writer →
 * (consolidation, started by the bench) → invoices.events → notifier → e-mail (Mailpit).
 * Prints, measured in this run, and writes to .overfly/reports/bench-e2e.json:
 *  - positions/s from the first position published to the last invoice line committed;
 *  - p50/p99 position → charge, position → invoice line, ISSUED → notification SENT;
 *  - CPU seconds and peak RSS of every service (/proc, sampled every second);
 *  - beside them, raw kafkajs produce → consume of the same positions through one topic,
 *    and the ratios.
 * Input: the Swiss recording (data/trajectories/switzerland.json.gz), `--copies` times
 * (BENCH_COPIES, default 1: 139,098 positions, a run of about 2 minutes). Asserts nothing.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createPool, dropSchema, uniqueSchema } from '@overfly/db';
import { createKafkaRuntime } from '@overfly/kafka';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../support/kafka-admin.js';
import { rawKafkaBaseline } from './e2e/baseline.js';
import {
  alive,
  allChildren,
  failedChild,
  infraUsage,
  interrupted,
  markWindow,
  onInterrupt,
  sampleAll,
  startChild,
  stopAll,
} from './e2e/children.js';
import { ASSUMED_TYPE, buildInput } from './e2e/input.js';
import { LineWatcher } from './e2e/lines.js';
import { consolidateAndNotify, monthAfter } from './e2e/notifications.js';
import { lineLatencies, readPublished } from './e2e/records.js';
import { type E2eReport, gitCommit, machineFacts, printReport, writeReport } from './e2e/report.js';
import { drained, endTotal, startServices } from './e2e/services.js';
import { summarize } from './e2e/stats.js';
import { infraUsageRows, serviceUsage, windowEnds } from './e2e/usage.js';
import { machineCpu, root } from './support/processes.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    copies: { type: 'string', default: process.env.BENCH_COPIES ?? '1' },
    timeout: { type: 'string', default: process.env.BENCH_TIMEOUT ?? '240' },
  },
});
const COPIES = Number(values.copies);
const TIMEOUT_MS = Number(values.timeout) * 1000;
if (!(COPIES >= 1 && TIMEOUT_MS > 0)) {
  console.error('usage: e2e.bench.ts [--copies N ≥ 1] [--timeout seconds]');
  process.exit(2);
}
const POLL_MS = 100;
const { brokers, registryUrl, databaseUrl } = testEndpoints();
const prefix = uniquePrefix('bench-e2e');
const schema = uniqueSchema('bench_e2e');
const notifierSchema = uniqueSchema('bench_e2e_notifier');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.error(`bench:e2e: ${line}`);

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await dropSchema(databaseUrl, schema).catch(() => undefined);
  await dropSchema(databaseUrl, notifierSchema).catch(() => undefined);
  await deleteTopicsWithPrefix(prefix).catch(() => undefined);
}
onInterrupt(cleanup);

const pool = createPool({ url: databaseUrl, schema, max: 2 });
const runtime = createKafkaRuntime({
  brokers,
  registryUrl,
  service: 'bench-e2e',
  topicPrefix: prefix,
});
try {
  const facts = machineFacts();
  const dir = `${root}.overfly/bench`;
  mkdirSync(dir, { recursive: true });
  const input = await buildInput(dir, COPIES);
  log(`input: ${input.positions} positions of ${input.aircraft} aircraft`);

  sampleAll(); // the infra's CPU time before the bench loads it
  log('baseline: raw kafkajs produce → consume');
  const baseline = await rawKafkaBaseline(brokers, `${prefix}baseline.positions`, input.records);
  input.records.length = 0; // not needed any more: let the collector have it

  await runtime.ensureTopics();
  log('starting invoice-writer, notifier, fee-calculator, fir-analyser');
  await startServices({ prefix, schema, notifierSchema }, input.registry);

  markWindow();
  const machineAtStart = machineCpu();
  log('replaying at max speed');
  const replay = startChild('flight-producer', 'services/flight-producer/src/cli/replay.ts', {}, [
    input.file,
    '--speed',
    'max',
    '--topic-prefix',
    prefix,
    '--tolerance',
    'off',
  ]);
  const watcher = new LineWatcher(pool);
  const deadline = Date.now() + TIMEOUT_MS;
  let lastSample = 0;
  let lastCheck = 0;
  for (;;) {
    await watcher.poll().catch(() => 0); // the schema is there once the writer is ready
    if (Date.now() - lastSample >= 1_000) {
      sampleAll();
      lastSample = Date.now();
    }
    const gone = failedChild(['flight-producer']);
    if (gone) throw new Error(`${gone.name} exited during the run:\n${gone.tail()}`);
    if (!alive(replay) && replay.child.exitCode !== 0)
      throw new Error(`replay exited ${replay.child.exitCode}:\n${replay.tail()}`);
    if (!alive(replay) && Date.now() - lastCheck >= 1_000) {
      lastCheck = Date.now();
      if (await drained(prefix, pool)) break;
    }
    if (Date.now() > deadline)
      throw new Error(`not drained after ${TIMEOUT_MS / 1000} s (--timeout)`);
    await sleep(POLL_MS);
  }
  await watcher.poll();
  sampleAll();
  const machineAtEnd = machineCpu();
  const infraAtEnd = infraUsage().map((t) => ({ ...t }));
  const ends = windowEnds();
  log(`drained: ${watcher.lines.size} lines; reading what was published`);

  const published = await readPublished(runtime, {
    brokers,
    registryUrl,
    prefix,
    crossingsEnd: await endTotal(prefix, 'fir.crossings'),
  });
  const statuses = await pool.query<{ status: string; reason: string | null; n: number }>(
    `SELECT status, min(reason) AS reason, count(*)::int AS n FROM invoice_lines GROUP BY 1 ORDER BY 3 DESC`,
  );
  for (const s of statuses.rows) log(`lines ${s.status}: ${s.n} (e.g. ${s.reason ?? '-'})`);
  const lineLat = lineLatencies(published, watcher.lines.values());
  const seconds = (watcher.lastSeenAt() - published.firstPositionAt) / 1000;

  log('consolidating, then waiting for the notifier');
  const notifications = await consolidateAndNotify(
    runtime,
    pool,
    schema,
    monthAfter(input.lastAt),
    60_000,
    () => failedChild(['flight-producer', 'consolidation']),
  );
  await stopAll();

  const positionsPerSecond = published.positions / seconds;
  const toLine = summarize(lineLat.seen);
  const report: E2eReport = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      ...facts,
      busyShareInWindow:
        (machineAtEnd.busySeconds - machineAtStart.busySeconds) /
        (machineAtEnd.totalSeconds - machineAtStart.totalSeconds),
    },
    input: {
      sample: 'switzerland.json.gz',
      copies: COPIES,
      positions: input.positions,
      aircraft: input.aircraft,
      assumedType: ASSUMED_TYPE,
    },
    pipeline: {
      positions: published.positions,
      crossingRecords: published.crossingRecords,
      charges: published.chargeRecords,
      lines: watcher.lines.size,
      lineStatuses: Object.fromEntries(statuses.rows.map((r) => [r.status, r.n])),
      seconds,
      positionsPerSecond,
      positionToChargeMs: summarize(published.positionToChargeMs),
      positionToLineMs: toLine,
      positionToLineTxStartMs: summarize(lineLat.created),
      linePollMs: POLL_MS,
    },
    notifications: {
      ...notifications,
      issuedToSentMs: summarize(notifications.issuedToSentMs),
      consolidationToSentMs: summarize(notifications.consolidationToSentMs),
    },
    baseline: baseline,
    ratios: {
      throughput: positionsPerSecond / baseline.positionsPerSecond,
      p50:
        toLine.p50 !== null && baseline.latencyMs.p50 ? toLine.p50 / baseline.latencyMs.p50 : null,
      p99:
        toLine.p99 !== null && baseline.latencyMs.p99 ? toLine.p99 / baseline.latencyMs.p99 : null,
    },
    services: serviceUsage(ends),
    infra: infraUsageRows(infraAtEnd, infraUsage()),
  };
  printReport(report);
  log(`written to ${writeReport(root, report)}`);
} catch (error) {
  if (interrupted()) await new Promise(() => {}); // the signal handler stops, cleans up and exits
  process.exitCode = 1;
  console.error(error);
  for (const c of allChildren())
    if (!alive(c)) console.error(`--- ${c.name} (ended) ---\n${c.tail()}`);
} finally {
  await stopAll();
  await runtime.close().catch(() => undefined);
  await pool.end().catch(() => undefined);
  await cleanup();
}
