/**
 * pnpm bench:fir:e2e — flight-producer replay → Kafka → fir-analyser → fir.crossings,
 * all real processes on this machine. Prints, measured in this run:
 *  - latency from a position's Kafka timestamp to the crossing record it produced
 *    (p50/p99), at fixed input rates below saturation;
 *  - the analyser's sustained rate when the replay goes as fast as it can.
 * BENCH_COPIES (default 3) sets traffic density: the Swiss sample's day, that many times.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tailTopics } from '@overfly/kafka';
import type { PositionUpdate } from '@overfly/schemas';
import { readTrajectory, toJsonlLine } from '@overfly/trajectories';
import { SOURCE_TIMESTAMP_HEADER } from '../../services/fir-analyser/src/outputs.js';
import { dataFile } from '../support/data-files.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../support/kafka-admin.js';
import { freePort, metricValue, pct, root, spawnTs, stop } from './support/processes.js';

const COPIES = Number(process.env.BENCH_COPIES ?? 3);
const RATES = (process.env.BENCH_RATES ?? '5000,10000,20000').split(',').map(Number);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 12);
const swiss = dataFile('trajectories/switzerland.json.gz');

async function buildInput(
  path: string,
  shiftMs = 0,
): Promise<{ rows: number; eventRate: number; t0: number }> {
  const all: PositionUpdate[] = [];
  for await (const row of readTrajectory(swiss, { maxBackwardsMs: null }))
    if (row.ok) all.push(row.position);
  const copies: PositionUpdate[] = [];
  for (let k = 0; k < COPIES; k++) {
    for (const p of all) {
      // Another aircraft per copy: flip high bits of the address, keep it 6 hex digits.
      const icao24 = ((Number.parseInt(p.icao24, 16) ^ (k << 20)) & 0xffffff)
        .toString(16)
        .padStart(6, '0');
      copies.push({
        ...p,
        icao24,
        positionTime: p.positionTime + shiftMs,
        lastContact: p.lastContact + shiftMs,
        receivedAt: 0,
      });
    }
  }
  copies.sort((a, b) => a.positionTime - b.positionTime);
  const out = createWriteStream(path);
  for (const p of copies) out.write(toJsonlLine(p));
  out.end();
  await once(out, 'finish');
  const span = (copies.at(-1)!.positionTime - copies[0]!.positionTime) / 1000;
  return { rows: copies.length, eventRate: copies.length / span, t0: copies[0]!.positionTime };
}

const positionsProcessed = (metricsPort: number) =>
  metricValue(metricsPort, 'overfly_fir_positions_total');

async function main() {
  const prefix = uniquePrefix('bench-fir');
  mkdirSync(`${root}.overfly/bench`, { recursive: true });
  const input = `${root}.overfly/bench/swiss-x${COPIES}.jsonl`;
  const { rows, eventRate } = await buildInput(input);
  // The saturation run gets the same traffic one day later: event time keeps moving on.
  const nextDay = `${root}.overfly/bench/swiss-x${COPIES}-next-day.jsonl`;
  await buildInput(nextDay, 86_400_000);
  console.log(
    `bench:fir e2e — input: Swiss sample x${COPIES}, ${rows.toLocaleString('en-US')} positions, ${eventRate.toFixed(1)} positions per event-second`,
  );

  const metricsPort = await freePort();
  const analyser = spawnTs('services/fir-analyser/src/main.ts', [], {
    TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}fir-analyser`,
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'warn',
  });
  const latencies: Array<{ at: number; ms: number }> = [];
  let tail: { stop(): Promise<void> } | undefined;
  try {
    while ((await positionsProcessed(metricsPort)) === null)
      await new Promise((r) => setTimeout(r, 200));
    tail = await tailTopics({
      brokers: testEndpoints().brokers,
      clientId: 'bench-fir',
      groupId: `${prefix}latency`,
      maxWaitTimeInMs: 10,
      topics: [`${prefix}fir.crossings`],
      fromBeginning: true,
      onMessage: (message) => {
        const source = Number(message.headers[SOURCE_TIMESTAMP_HEADER]);
        latencies.push({ at: source, ms: message.timestamp - source });
      },
    });

    let offsetS = 0;
    const results: string[] = [];
    const replay = (speed: string, extra: string[], file = input) =>
      spawnTs(
        'services/flight-producer/src/cli/replay.ts',
        [file, '--speed', speed, '--topic-prefix', prefix, '--tolerance', 'off', ...extra],
        {},
      );

    console.error('analyser up; warming up');
    // Warm-up: the analyser joins its group, loads, JITs.
    const warm = replay(String(Math.round(5_000 / eventRate)), []);
    await new Promise((r) => setTimeout(r, 6_000));
    await stop(warm);
    offsetS += 6 * Math.round(5_000 / eventRate);

    for (const rate of RATES) {
      console.error(`phase: ${rate} positions/s`);
      const speed = Math.max(1, Math.round(rate / eventRate));
      const before = (await positionsProcessed(metricsPort)) ?? 0;
      const start = Date.now();
      const run = replay(String(speed), ['--start-offset', `${offsetS}s`]);
      await new Promise((r) => setTimeout(r, PHASE_SECONDS * 1000));
      await stop(run);
      const end = Date.now();
      await new Promise((r) => setTimeout(r, 1_500)); // let the tail of the phase come out
      const processed = ((await positionsProcessed(metricsPort)) ?? 0) - before;
      const window = latencies
        .filter((l) => l.at >= start && l.at <= end)
        .map((l) => l.ms)
        .sort((a, b) => a - b);
      results.push(
        `${String(rate).padStart(7)} target  ${Math.round(processed / ((end - start) / 1000))
          .toLocaleString('en-US')
          .padStart(
            8,
          )} pos/s in   p50 ${pct(window, 0.5).toFixed(0).padStart(4)} ms   p99 ${pct(window, 0.99).toFixed(0).padStart(4)} ms   (${window.length} crossing records)`,
      );
      offsetS += PHASE_SECONDS * speed;
    }

    console.error('phase: saturation');
    // Saturation: the rest of the file as fast as the replay can send it.
    const before = (await positionsProcessed(metricsPort)) ?? 0;
    const start = Date.now();
    const max = replay('max', [], nextDay);
    let last = before;
    let lastAt = start;
    // Sustained rate: processed positions over the time the analyser was busy.
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const now = (await positionsProcessed(metricsPort)) ?? last;
      if (now > last) {
        lastAt = Date.now();
        last = now;
      } else if (max.exitCode !== null && Date.now() - lastAt > 3_000) break;
    }

    const sustained = (last - before) / ((lastAt - start) / 1000);

    // The analyser's own capacity: a second one, in its own consumer group (its state is
    // keyed by group), drains everything already in flights.updates with no replay
    // competing for the two cores.
    console.error('phase: backlog drain');
    await stop(analyser);
    const inTopic = last;
    const drainPort = await freePort();
    const drain = spawnTs('services/fir-analyser/src/main.ts', [], {
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}drain`,
      METRICS_PORT: String(drainPort),
      LOG_LEVEL: 'warn',
    });
    let drained = 0;
    let firstAt = 0;
    let doneAt = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const n = (await positionsProcessed(drainPort)) ?? 0;
      if (n > 0 && firstAt === 0) firstAt = Date.now();
      if (n >= inTopic) {
        drained = n;
        doneAt = Date.now();
        break;
      }
    }
    await stop(drain);
    const drainRate = drained / ((doneAt - firstAt) / 1000);

    console.log('');
    console.log(
      'latency from a position entering Kafka to its crossing record, at fixed input rates:',
    );
    for (const line of results) console.log(`  ${line}`);
    console.log('');
    console.log(
      `saturated: ${(last - before).toLocaleString('en-US')} positions in ${((lastAt - start) / 1000).toFixed(1)} s = ${Math.round(sustained).toLocaleString('en-US')} positions/s sustained (replay at max speed, analyser, Kafka and this bench on one 2-core machine)`,
    );
    console.log(
      `backlog: a fresh analyser drained ${drained.toLocaleString('en-US')} positions at ${Math.round(drainRate).toLocaleString('en-US')} positions/s (no replay running)`,
    );
    const under = results.filter((r) => Number(r.match(/p99\s+(\d+)/)?.[1]) <= 50).length;
    console.log(
      `goal (≥ 25,000 positions/s; p99 ≤ 50 ms below saturation): ${sustained >= 25_000 ? 'rate met' : 'rate NOT met'}; p99 ≤ 50 ms in ${under} of ${results.length} rate steps`,
    );
  } finally {
    await stop(analyser);
    await tail?.stop().catch(() => undefined);
    await deleteTopicsWithPrefix(prefix);
  }
}

await main();
