/**
 * pnpm bench:disruption — the disruption-correlator over network-chaos's inputs (the four
 * topics as the feeds publish them, built by tests/support/disruptions/inputs.ts), the real
 * service as a child process on the real Kafka and registry. Prints, measured in this run:
 *  - packages/kafka's plain consume rate of those records (a consumer loop that only
 *    decodes), and the correlator's rate over the same records already waiting in Kafka,
 *    with the ratio of the two (goal ≥ 0.5);
 *  - in a paced run (one day published in event-time order at BENCH_PACE_SPEED × real
 *    time, so nothing queues), the latency from the input that let an evaluation run to
 *    each disruption event it published: p50, p95, p99 (goal p99 ≤ 1 s).
 * BENCH_DAYS (default 5) days of the scenario in a row for the rates; figures are printed,
 * never asserted.
 */
import type { StdioOptions } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafkaRuntime, type KafkaRuntime } from '@overfly/kafka';
import { defaultEngineConfig } from '../../services/disruption-correlator/src/engine/config.js';
import {
  eventTimeOfRecord,
  keyOf,
} from '../../services/disruption-correlator/src/test-support/day.js';
import { publishRecords } from '../../services/disruption-correlator/src/test-support/service.js';
import { type InputRecord, SCORE_START, scenarioInputs } from '../support/disruptions/inputs.js';
import { INPUT_TOPICS } from '../support/disruptions/pipeline.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, uniquePrefix } from '../support/kafka-admin.js';
import { freePort, metricValue, pct, spawnTs, stop } from './support/processes.js';

const SCENARIO = 'network-chaos';
const DAYS = Number(process.env.BENCH_DAYS ?? 5);
const PACE_SPEED = Number(process.env.BENCH_PACE_SPEED ?? 600);
const DAY_MS = 86_400_000;
const { brokers, registryUrl } = testEndpoints();

const runtimeFor = (prefix: string, service: string) =>
  createKafkaRuntime({ brokers, registryUrl, service, topicPrefix: prefix });

function startCorrelator(
  prefix: string,
  metricsPort: number,
  env: Record<string, string> = {},
  stdio?: StdioOptions,
) {
  return spawnTs(
    'services/disruption-correlator/src/main.ts',
    [],
    {
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}disruption-correlator`,
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio,
  );
}

async function waitReady(port: number): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {}
    await sleep(200);
  }
}

/** packages/kafka's consumer loop over the four topics, decoding and nothing else. */
async function plainConsume(runtime: KafkaRuntime, prefix: string, total: number) {
  let count = 0;
  let checksum = 0;
  let first = 0;
  let last = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => {
    done = r;
  });
  await runtime.consume({
    groupId: `${prefix}plain`,
    topics: [...INPUT_TOPICS],
    fromBeginning: true,
    handle: async (message) => {
      if (count === 0) first = performance.now();
      checksum += message.value ? 1 : 0;
      last = performance.now();
      if (++count === total) done();
    },
  });
  await finished;
  if (checksum === 0) throw new Error('nothing decoded');
  return { rate: total / ((last - first) / 1000), seconds: (last - first) / 1000 };
}

/**
 * The correlator over the backlog: from the moment its state is restored (its own log line,
 * right before it starts reading) to the first moment its /metrics count every input with
 * no evaluation left to run (`overfly_disruption_evaluations_due` 0: the engine works
 * through a batch's evaluations a few at a time, answering /metrics in between). This time
 * includes the first fetch, which plain consume's (first to last message) does not: the
 * ratio leans against the correlator.
 */
async function correlatorRate(prefix: string, total: number) {
  const port = await freePort();
  const child = startCorrelator(prefix, port, { LOG_LEVEL: 'info' }, ['ignore', 'pipe', 'inherit']);
  let restoredAt: number | null = null;
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    try {
      // packages/observability writes `time` as ISO 8601.
      const entry = JSON.parse(line) as { msg?: string; time?: string };
      const at = entry.time === undefined ? Number.NaN : Date.parse(entry.time);
      if (
        restoredAt === null &&
        (entry.msg === 'state restored' || entry.msg?.startsWith('no snapshot yet')) &&
        Number.isFinite(at)
      )
        restoredAt = at;
    } catch {}
  });
  try {
    let doneAt = 0;
    let seen = 0;
    let due: number | null = null;
    const deadline = Date.now() + 600_000;
    while (doneAt === 0) {
      if (child.exitCode !== null) throw new Error('disruption-correlator exited');
      if (Date.now() > deadline)
        throw new Error(`correlator took in ${seen} of ${total}, ${due ?? '?'} evaluations due`);
      seen = (await metricValue(port, 'overfly_disruption_inputs_total')) ?? 0;
      // Read after the count: the gauge is set before /metrics can answer again.
      due = seen < total ? null : await metricValue(port, 'overfly_disruption_evaluations_due');
      if (due === 0) doneAt = Date.now();
      else await sleep(20);
    }
    if (restoredAt === null) throw new Error('the correlator never logged its restore');
    const published = (await metricValue(port, 'overfly_disruptions_total')) ?? 0;
    const counted = (await metricValue(port, 'overfly_disruption_inputs_total')) ?? total;
    const seconds = (doneAt - restoredAt) / 1000;
    return { rate: total / seconds, seconds, published, counted };
  } finally {
    lines.close();
    await stop(child);
  }
}

interface Arrival {
  topic: string;
  partition: number;
  eventTime: number;
  /** The record's Kafka timestamp: when the bench's producer sent it. */
  at: number;
}

/**
 * When the correlator could first run the evaluation at each time T: the watermark as it
 * computes it (least latest event time over the channels not idle, less the lateness;
 * every channel idle: the latest read, less the lateness; never back), replayed over the
 * records' Kafka timestamps. Returns, per evaluation time, the moment and what moved it:
 * an input (its timestamp) or a channel going idle (which no input triggers).
 */
function evaluationTriggers(
  arrivals: Arrival[],
): (t: number) => { at: number; byInput: boolean } | null {
  const lateness = defaultEngineConfig.allowedLatenessMs;
  const idleMs = 10_000; // DISRUPTION_IDLE_TIMEOUT's default, which the paced run keeps
  const sorted = [...arrivals].sort((a, b) => a.at - b.at || a.eventTime - b.eventTime);
  const channels = new Map<string, { latest: number; lastAt: number }>();
  for (const a of sorted)
    channels.set(`${a.topic}/${a.partition}`, { latest: -Infinity, lastAt: -Infinity });
  const moments: Array<{ at: number; record?: Arrival }> = sorted.map((r) => ({
    at: r.at,
    record: r,
  }));
  for (const r of sorted) moments.push({ at: r.at + idleMs });
  moments.sort((a, b) => a.at - b.at || (a.record ? -1 : 1));
  let latestRead = -Infinity;
  let watermark = -Infinity;
  const steps: Array<{ watermark: number; at: number; byInput: boolean }> = [];
  for (const m of moments) {
    if (m.record) {
      const c = channels.get(`${m.record.topic}/${m.record.partition}`)!;
      c.latest = Math.max(c.latest, m.record.eventTime);
      c.lastAt = m.at;
      latestRead = Math.max(latestRead, m.record.eventTime);
    }
    let least = Infinity;
    for (const c of channels.values())
      if (m.at - c.lastAt < idleMs) least = Math.min(least, c.latest);
    const next = (least === Infinity ? latestRead : least) - lateness;
    if (next > watermark) {
      watermark = next;
      steps.push({ watermark, at: m.at, byInput: m.record !== undefined });
    }
  }
  return (t) => steps.find((s) => s.watermark >= t) ?? null;
}

/**
 * One day published at PACE_SPEED × real time from its start (what the feeds hold from
 * before it, as manifests generated the evening before, goes at once); latency of each
 * disruption event.
 */
async function pacedLatency(prefix: string, records: InputRecord[], dayStart: number) {
  const runtime = runtimeFor(prefix, 'bench-disruption-paced');
  await runtime.ensureTopics();
  const port = await freePort();
  const child = startCorrelator(prefix, port);
  const received: Array<{ eventId: string; windowEnd: number; at: number }> = [];
  try {
    await waitReady(port);
    await runtime.consume({
      groupId: `${prefix}latency`,
      topics: ['disruption.events'],
      fromBeginning: true,
      handle: async (m) => {
        if (m.value)
          received.push({
            eventId: m.value.eventId,
            windowEnd: m.value.windowEnd,
            at: m.timestamp,
          });
      },
    });
    const producer = await runtime.producer();
    const sorted = [...records].sort((a, b) => eventTimeOfRecord(a) - eventTimeOfRecord(b));
    const t0Event = dayStart;
    const t0 = Date.now();
    let i = 0;
    while (i < sorted.length) {
      const due = t0Event + (Date.now() - t0) * PACE_SPEED;
      const batch: InputRecord[] = [];
      while (i < sorted.length && eventTimeOfRecord(sorted[i]!) <= due) batch.push(sorted[i++]!);
      for (const topic of INPUT_TOPICS) {
        const mine = batch.filter((r) => r.topic === topic);
        if (mine.length > 0)
          await producer.send(topic, mine.map((r) => ({ key: keyOf(r), value: r.value })) as never);
      }
      await sleep(20);
    }
    const publishedSeconds = (Date.now() - t0) / 1000;
    // Let the last evaluations out (the channels go idle after 10 s).
    let count = -1;
    while (count !== received.length) {
      count = received.length;
      await sleep(13_000);
    }
    const arrivals: Arrival[] = [];
    for (const topic of INPUT_TOPICS)
      await runtime.readToEnd(topic, (m) => {
        if (m.value)
          arrivals.push({
            topic,
            partition: m.partition,
            at: m.timestamp,
            eventTime: eventTimeOfRecord({ topic, value: m.value } as InputRecord),
          });
      });
    const triggerOf = evaluationTriggers(arrivals);
    const byInput: number[] = [];
    let byIdle = 0;
    // Evaluations up to the day's start are the catch-up of what was published at once.
    let backlog = 0;
    const worst = new Map<number, { ms: number; events: number }>();
    for (const r of received) {
      if (r.windowEnd <= dayStart) {
        backlog++;
        continue;
      }
      const trigger = triggerOf(r.windowEnd);
      if (!trigger?.byInput) {
        byIdle++;
        continue;
      }
      const ms = r.at - trigger.at;
      byInput.push(ms);
      const w = worst.get(r.windowEnd) ?? { ms: 0, events: 0 };
      worst.set(r.windowEnd, { ms: Math.max(w.ms, ms), events: w.events + 1 });
    }
    byInput.sort((a, b) => a - b);
    const slowest = [...worst]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 3)
      .map(
        ([t, w]) => `${new Date(t).toISOString().slice(11, 16)}Z ${w.ms} ms (${w.events} events)`,
      );
    return {
      latencies: byInput,
      byIdle,
      backlog,
      publishedSeconds,
      records: sorted.length,
      slowest,
    };
  } finally {
    await stop(child);
    await runtime.close();
  }
}

async function main() {
  const backlog = uniquePrefix('bench-disruption');
  const paced = uniquePrefix('bench-disruption-paced');
  const t0 = performance.now();
  const days = Array.from({ length: DAYS }, (_, d) =>
    scenarioInputs(SCENARIO, SCORE_START + d * DAY_MS),
  );
  const records = days.flatMap((d) => d.records);
  const c = days[0]!.counts;
  console.log(
    `bench:disruption — ${SCENARIO}, ${DAYS} days in a row: ${records.length.toLocaleString('en-US')} inputs (a day: ${c.events} flight events, ${c.schedules} schedule updates, ${c.weather} weather reports, ${c.manifests} manifests), built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const runtime = runtimeFor(backlog, 'bench-disruption');
  try {
    await runtime.ensureTopics();
    await publishRecords(runtime, records);
    console.error('published; plain consume');
    const plain = await plainConsume(runtime, backlog, records.length);
    console.error('correlator over the backlog');
    const correlator = await correlatorRate(backlog, records.length);
    console.error(`paced run at ${PACE_SPEED}×`);
    const latency = await pacedLatency(paced, days[0]!.records, days[0]!.day.start);

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const ratio = correlator.rate / plain.rate;
    const l = latency.latencies;
    const p99 = pct(l, 0.99);
    console.log('');
    console.log(
      `packages/kafka plain consume (decode only): ${fmt(plain.rate)} inputs/s (${records.length} in ${plain.seconds.toFixed(2)} s)`,
    );
    console.log(
      `disruption-correlator over the same backlog: ${fmt(correlator.rate)} inputs/s (${correlator.seconds.toFixed(2)} s from its restore until every input is counted and evaluated, ${fmt(correlator.published)} disruption events)`,
    );
    console.log(`ratio correlator / plain consume: ${ratio.toFixed(2)}`);
    console.log(
      `paced: one day (${latency.records} inputs) published in event-time order at ${PACE_SPEED}× from its start in ${latency.publishedSeconds.toFixed(1)} s; latency from the input that let the evaluation run to each disruption event (${l.length} events; not counted: ${latency.byIdle} released by a channel going idle, not by an input, and ${latency.backlog} of the evaluations up to the day's start, which catch up with what was there before it): p50 ${pct(l, 0.5).toFixed(0)} ms, p95 ${pct(l, 0.95).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${(l.at(-1) ?? Number.NaN).toFixed(0)} ms; slowest evaluations: ${latency.slowest.join(', ')}`,
    );
    console.log(
      `goals (correlator ≥ 0.5 × plain consume; p99 ≤ 1 s): rate ${ratio >= 0.5 ? 'met' : 'NOT met'}, latency ${p99 <= 1_000 ? 'met' : 'NOT met'} in this run`,
    );
  } finally {
    await runtime.close();
    await deleteTopicsWithPrefix(backlog);
    await deleteTopicsWithPrefix(paced);
  }
}

await main();
process.exit(0);
