/**
 * pnpm bench:world [--speed 1] [--minutes 5] [--warmup 120] [--sample 5] [--checkpoint 5s]
 *
 * The headline target, measured: the whole world's airborne traffic (world-25k: 25,000
 * aircraft, one report each per 10 s) priced live on this machine. flight-producer
 * (MODE=simulate), fir-analyser and fee-calculator run as separate processes on a
 * unique topic prefix, against the local Kafka and registry. After a warm-up
 * (`--warmup` seconds: the 25,000 first fixes and first crossings), a measurement
 * window of `--minutes` wall-clock minutes gives, from this run only:
 *  - positions/s into flights.updates, crossings/s and charges/s (topic end offsets);
 *  - each consumer's lag, sampled every `--sample` seconds: processed (end offset less
 *    what its /metrics counter says it has taken in) and committed (the group's offsets);
 *  - latency p50/p99: position → crossing (the crossing's `overfly.source-timestamp`
 *    header to its Kafka timestamp) and crossing → charge (Kafka timestamps, matched by
 *    crossingId), and position → charge through both;
 *  - CPU seconds and resident memory of each process (/proc), the whole machine's busy
 *    share (/proc/stat), and the analyser's tracked aircraft;
 *  - whether position → crossing met its p99 goal (≤ 100 ms at speed 1, 2 cores);
 *  - a last line saying whether the target is met in this run.
 * `--speed 10` compresses simulated time tenfold: ten worlds' worth of positions per second.
 * `--checkpoint` sets the analyser's CHECKPOINT_INTERVAL (default: the service's own).
 * A service that exits during the run ends the measurement: what was measured until then
 * is printed, with its last log lines, and the target is not met. Asserts nothing.
 */
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DURATION_FORMAT, parseDuration } from '@overfly/config';
import { AvroSerde, createRegistryClient, type KafkaAdmin, tailTopics } from '@overfly/kafka';
import { SOURCE_TIMESTAMP_HEADER } from '../../services/fir-analyser/src/outputs.js';
import { testEndpoints } from '../support/endpoints.js';
import { deleteTopicsWithPrefix, testAdmin, uniquePrefix } from '../support/kafka-admin.js';
import {
  freePort,
  machineCpu,
  metricValue,
  type ProcessStats,
  pct,
  processStats,
  spawnTs,
  stop,
} from './support/processes.js';

const AIRCRAFT = 25_000;
const REPORT_INTERVAL_S = 10;
/** Input counts as the whole world when at least this share of its nominal rate is published. */
const INPUT_SHARE_REQUIRED = 0.95;
/** Default warm-up, in simulated seconds (and at least 30 wall-clock seconds). */
const WARMUP_SIMULATED_S = 120;
/** The goal for position → crossing p99 at speed 1 on one 2-core machine (issue #10). */
const P99_GOAL_MS = 100;
/** After the window, how long records caused by its last positions may take to arrive. */
const TAIL_MS = 5_000;

// ---------------------------------------------------------------------------------------
// Options

function options() {
  const { values } = parseArgs({
    // `pnpm bench:world -- --speed 5` passes the `--` on.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      speed: { type: 'string', default: '1' },
      minutes: { type: 'string', default: '5' },
      warmup: { type: 'string' },
      sample: { type: 'string', default: '5' },
      checkpoint: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'pnpm bench:world [--speed 1] [--minutes 5] [--warmup 120] [--sample 5] [--checkpoint 5s]\n' +
        '  --speed       simulated seconds per wall-clock second (10: ten times the world rate)\n' +
        '  --minutes     measurement window, wall-clock minutes (after the warm-up)\n' +
        '  --warmup      wall-clock seconds before the window opens (default: 120 simulated s, at least 30)\n' +
        '  --sample      seconds between two samples of offsets, lag, CPU and memory\n' +
        "  --checkpoint  the analyser's CHECKPOINT_INTERVAL (default: the service's)",
    );
    process.exit(0);
  }
  const positive = (name: string, raw: string) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
      console.error(`--${name} must be a number > 0, got "${raw}"`);
      process.exit(2);
    }
    return n;
  };
  // Checked here, in the analyser's own grammar, rather than by the analyser once it is started.
  const checkpointOf = (raw: string | undefined) => {
    if (raw !== undefined && parseDuration(raw) === null) {
      console.error(`--checkpoint: expected ${DURATION_FORMAT}, got "${raw}"`);
      process.exit(2);
    }
    return raw;
  };
  const speed = positive('speed', values.speed);
  return {
    speed,
    windowS: positive('minutes', values.minutes) * 60,
    // The first fixes of 25,000 aircraft, then their first crossings (a track needs a few
    // fixes), come out as a burst over the first simulated minute or so: not the steady state.
    warmupS: values.warmup
      ? positive('warmup', values.warmup)
      : Math.max(30, Math.ceil(WARMUP_SIMULATED_S / speed)),
    sampleS: positive('sample', values.sample),
    checkpoint: checkpointOf(values.checkpoint ?? process.env.CHECKPOINT_INTERVAL),
  };
}

// ---------------------------------------------------------------------------------------
// Processes

interface Service {
  name: string;
  child: ChildProcess;
  /** Lines its logger wrote (LOG_LEVEL=warn: warnings and errors). */
  logLines: number;
  firstLines: string[];
  /** The last few, where a fatal error is. */
  lastLines: string[];
}

/** Summary of a pino JSON line: message and error. */
function logText(line: string): string {
  try {
    const entry = JSON.parse(line) as { msg?: string; err?: unknown; error?: unknown };
    const detail = entry.error ?? entry.err;
    return [entry.msg, typeof detail === 'object' ? JSON.stringify(detail) : detail]
      .filter(Boolean)
      .join(': ')
      .slice(0, 300);
  } catch {
    return line.slice(0, 300);
  }
}

function startService(name: string, script: string, env: Record<string, string>): Service {
  const child = spawnTs(script, [], { ...env, LOG_LEVEL: 'warn' }, ['ignore', 'pipe', 'inherit']);
  const service: Service = { name, child, logLines: 0, firstLines: [], lastLines: [] };
  let partial = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      service.logLines++;
      const text = logText(line);
      if (service.firstLines.length < 3) service.firstLines.push(text);
      service.lastLines.push(text);
      if (service.lastLines.length > 5) service.lastLines.shift();
    }
  });
  return service;
}

const running = (s: Service) => s.child.exitCode === null && s.child.signalCode === null;

// ---------------------------------------------------------------------------------------
// Samples

interface Sample {
  at: number;
  /** End offsets summed over partitions. */
  updates: number;
  crossings: number;
  charges: number;
  /** What each consumer has taken in, by its own counter (null: no answer). */
  analyserProcessed: number | null;
  feeProcessed: number | null;
  /** Committed offsets of each group, summed over partitions. */
  analyserCommitted: number;
  feeCommitted: number;
  trackedAircraft: number | null;
  proc: Record<string, ProcessStats | null>;
  machine: { busySeconds: number; totalSeconds: number };
}

async function endOffsets(admin: KafkaAdmin, topic: string): Promise<number> {
  const partitions = await admin.topicOffsets(topic);
  return partitions.reduce((sum, p) => sum + Number(p.high), 0);
}

async function committed(admin: KafkaAdmin, groupId: string, topic: string): Promise<number> {
  const offsets = await admin.committedOffsets(groupId, topic);
  return [...offsets.values()].reduce((sum, o) => sum + (o === null ? 0 : Number(o)), 0);
}

// ---------------------------------------------------------------------------------------
// Figures

const int = (n: number) => (Number.isNaN(n) ? 'n/a' : Math.round(n).toLocaleString('en-US'));
const ms = (n: number) => int(n).padStart(6);
const mib = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${Math.round(bytes / 1024 / 1024)} MiB`;
const seconds = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)} s` : 'n/a');

/** Least-squares slope of y over x (x in ms), per second. */
function slopePerSecond(points: Array<{ x: number; y: number }>): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 1000;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

interface LagFigures {
  start: number;
  max: number;
  /** Median of the last three samples: one sample can catch a batch in flight. */
  end: number;
  /** Growth over the window, by the least-squares slope. */
  growth: number;
}

function lagFigures(samples: Sample[], lag: (s: Sample) => number | null): LagFigures {
  const points = samples
    .map((s) => ({ x: s.at, y: lag(s) }))
    .filter((p): p is { x: number; y: number } => p.y !== null);
  const ys = points.map((p) => p.y);
  const spanMs = (points.at(-1)?.x ?? 0) - (points[0]?.x ?? 0);
  return {
    start: ys[0] ?? Number.NaN,
    max: ys.length ? Math.max(...ys) : Number.NaN,
    end: median(ys.slice(-3)),
    growth: (slopePerSecond(points) * spanMs) / 1000,
  };
}

/** Kafka timestamps per crossingId, in the order they were read (one partition each). */
interface CrossingTimes {
  crossings: number[];
  /** The source-timestamp header of each crossing record. */
  sources: number[];
  charges: number[];
}

// ---------------------------------------------------------------------------------------

async function main() {
  const { speed, windowS, warmupS, sampleS, checkpoint } = options();
  const cores = availableParallelism();
  const prefix = uniquePrefix('world');
  const targetRate = (AIRCRAFT / REPORT_INTERVAL_S) * speed;
  // Enough scenario for warm-up, window, tail and start-up, in simulated time.
  const simulateS = Math.ceil((warmupS + windowS + 120) * speed);

  console.log(
    `bench:world — world-25k (${int(AIRCRAFT)} aircraft, 1 report / ${REPORT_INTERVAL_S} s) at speed ${speed}: ` +
      `${int(targetRate)} positions/s nominal; warm-up ${warmupS} s, window ${windowS / 60} min, ` +
      `samples every ${sampleS} s; ${cores} cores; analyser CHECKPOINT_INTERVAL ${checkpoint ?? '5s (service default)'}; prefix ${prefix}`,
  );

  const aborted = new AbortController();
  const onSignal = () => aborted.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const sleep = (msToWait: number) =>
    new Promise<void>((resolve, reject) => {
      if (aborted.signal.aborted) return reject(aborted.signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(aborted.signal.reason);
      };
      const timer = setTimeout(() => {
        aborted.signal.removeEventListener('abort', onAbort);
        resolve();
      }, msToWait);
      aborted.signal.addEventListener('abort', onAbort, { once: true });
    });

  const groups = {
    analyser: `${prefix}fir-analyser`,
    fee: `${prefix}fee-calculator`,
    latency: `${prefix}bench-latency`,
  };
  const topic = (name: string) => `${prefix}${name}`;
  const services: Service[] = [];
  const admin = testAdmin('bench-world');
  let tail: { stop(): Promise<void> } | undefined;

  try {
    // One after the other: each ensures the catalogue's topics at start-up, and two doing it
    // at once fill the logs with harmless creation races.
    const readyBy = Date.now() + 120_000;
    const ready = async (s: Service, port: number, counter: string) => {
      // The ops server answers once the service has ensured its topics and started.
      while ((await metricValue(port, counter)) === null) {
        if (!running(s)) {
          throw new Error(
            `${s.name} exited with ${s.child.exitCode} at start-up: ${s.lastLines.join(' | ')}`,
          );
        }
        if (Date.now() > readyBy) throw new Error(`${s.name}'s ops server never answered`);
        await sleep(200);
      }
    };
    const analyserPort = await freePort();
    const analyser = startService('fir-analyser', 'services/fir-analyser/src/main.ts', {
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: groups.analyser,
      METRICS_PORT: String(analyserPort),
      ...(checkpoint ? { CHECKPOINT_INTERVAL: checkpoint } : {}),
    });
    services.push(analyser);
    await ready(analyser, analyserPort, 'overfly_fir_positions_total');
    const feePort = await freePort();
    const fee = startService('fee-calculator', 'services/fee-calculator/src/main.ts', {
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: groups.fee,
      METRICS_PORT: String(feePort),
    });
    services.push(fee);
    await ready(fee, feePort, 'overfly_fee_crossings_total');
    console.error('analyser and fee-calculator up');

    // Latency: position → crossing from the header, crossing → charge by crossingId.
    const serde = new AvroSerde(createRegistryClient(testEndpoints().registryUrl));
    const positionToCrossing: Array<{ source: number; ms: number }> = [];
    const byCrossing = new Map<string, CrossingTimes>();
    tail = await tailTopics({
      brokers: testEndpoints().brokers,
      clientId: 'bench-world',
      groupId: groups.latency,
      maxWaitTimeInMs: 50,
      topics: [topic('fir.crossings'), topic('charges.calculated')],
      fromBeginning: true,
      onMessage: async (message) => {
        if (!message.value) return;
        const isCrossing = message.topic === topic('fir.crossings');
        const { crossingId } = (await serde.decodeAsync(message.value)) as {
          crossingId: string;
        };
        const at = message.timestamp;
        let times = byCrossing.get(crossingId);
        if (!times) {
          times = { crossings: [], sources: [], charges: [] };
          byCrossing.set(crossingId, times);
        }
        if (isCrossing) {
          const source = Number(message.headers[SOURCE_TIMESTAMP_HEADER]);
          positionToCrossing.push({ source, ms: at - source });
          times.crossings.push(at);
          times.sources.push(source);
        } else {
          times.charges.push(at);
        }
      },
    });

    const sample = async (): Promise<Sample> => {
      const at = Date.now();
      // Each consumer's own counter first, then end offsets: a lag is never under-stated.
      const [analyserProcessed, feeProcessed, trackedAircraft] = await Promise.all([
        metricValue(analyserPort, 'overfly_fir_positions_total'),
        metricValue(feePort, 'overfly_fee_crossings_total'),
        metricValue(analyserPort, 'overfly_fir_tracked_aircraft'),
      ]);
      const [updates, crossings, charges, analyserCommitted, feeCommitted] = await Promise.all([
        endOffsets(admin, topic('flights.updates')),
        endOffsets(admin, topic('fir.crossings')),
        endOffsets(admin, topic('charges.calculated')),
        committed(admin, groups.analyser, topic('flights.updates')),
        committed(admin, groups.fee, topic('fir.crossings')),
      ]);
      const proc: Record<string, ProcessStats | null> = {};
      for (const s of services) proc[s.name] = processStats(s.child.pid!);
      return {
        at,
        updates,
        crossings,
        charges,
        analyserProcessed,
        feeProcessed,
        analyserCommitted,
        feeCommitted,
        trackedAircraft,
        proc,
        machine: machineCpu(),
      };
    };

    // A first sample before any position: the baseline of every rate and CPU figure.
    const baseline = await sample();
    const producer = startService('flight-producer', 'services/flight-producer/src/main.ts', {
      TOPIC_PREFIX: prefix,
      MODE: 'simulate',
      SCENARIO: 'world-25k',
      SIMULATE_SPEED: String(speed),
      SIMULATE_DURATION: `${simulateS}s`,
      SIMULATE_AT_END: 'keep',
    });
    services.push(producer);
    const t0 = Date.now();
    console.error(`flight-producer started; warming up for ${warmupS} s`);

    // Samples on a fixed grid from t0: warm-up, then the window (its first sample opens it).
    const windowStartAt = t0 + warmupS * 1000;
    const windowEndAt = windowStartAt + windowS * 1000;
    const warmup: Sample[] = [baseline];
    const window: Sample[] = [];
    let failure: { service: Service; afterS: number } | null = null;
    let lastProgress = Date.now();
    const grid = [];
    for (let t = t0 + sampleS * 1000; t < windowStartAt; t += sampleS * 1000) grid.push(t);
    for (let t = windowStartAt; t <= windowEndAt + 1; t += sampleS * 1000) grid.push(t);
    for (const next of grid) {
      await sleep(Math.max(0, next - Date.now()));
      const gone = services.find((s) => !running(s));
      if (gone) {
        failure = { service: gone, afterS: (Date.now() - t0) / 1000 };
        break;
      }
      const s = await sample();
      // One that exited while it was being sampled: the sample is incomplete.
      const goneMeanwhile = services.find((svc) => !running(svc));
      if (goneMeanwhile) {
        failure = { service: goneMeanwhile, afterS: (Date.now() - t0) / 1000 };
        break;
      }
      if (next < windowStartAt) warmup.push(s);
      else {
        if (window.length === 0) console.error('window open');
        window.push(s);
      }
      if (Date.now() - lastProgress >= 30_000) {
        lastProgress = Date.now();
        console.error(
          `  t+${Math.round((s.at - t0) / 1000)} s: ${int(s.updates)} positions, analyser lag ${int(s.updates - (s.analyserProcessed ?? 0))}, ` +
            `fee-calculator lag ${int(s.crossings - (s.feeProcessed ?? 0))}, tracked ${int(s.trackedAircraft ?? Number.NaN)}`,
        );
      }
    }
    if (!failure) {
      // Let the records caused by the window's last positions arrive before reading latencies.
      await sleep(TAIL_MS);
      console.error('window closed; stopping');
    }

    // ---- figures, over the window, or over whatever was measured before a failure
    // After a failure before the window, from the first sample after the producer's start-up
    // (the baseline before it started would count its start-up as input short), if there are two.
    const sinceStart = [...warmup.slice(1), ...window];
    const measured =
      window.length >= 2 || !failure
        ? window
        : sinceStart.length >= 2
          ? sinceStart
          : [...warmup, ...window];
    const first = measured[0];
    const last = measured.at(-1);
    console.log('');
    if (failure) {
      const { service, afterS } = failure;
      console.log(
        `${service.name} EXITED (code ${service.child.exitCode}, signal ${service.child.signalCode}) ` +
          `${afterS.toFixed(0)} s after the producer started; its last log lines:`,
      );
      for (const line of service.lastLines) console.log(`  ${line}`);
    }
    if (!first || !last || first === last) {
      console.log('too few samples to measure anything');
      console.log(
        `TARGET NOT MET in this run at speed ${speed}: ${failure ? `${failure.service.name} exited` : 'no measurement'}`,
      );
      return;
    }
    const wallS = (last.at - first.at) / 1000;
    const rate = (f: (s: Sample) => number) => (f(last) - f(first)) / wallS;
    const positionsRate = rate((s) => s.updates);
    const crossingsRate = rate((s) => s.crossings);
    const chargesRate = rate((s) => s.charges);

    const analyserLag = lagFigures(measured, (s) =>
      s.analyserProcessed === null ? null : Math.max(0, s.updates - s.analyserProcessed),
    );
    const analyserCommittedLag = lagFigures(measured, (s) => s.updates - s.analyserCommitted);
    const feeLag = lagFigures(measured, (s) =>
      s.feeProcessed === null ? null : Math.max(0, s.crossings - s.feeProcessed),
    );
    const feeCommittedLag = lagFigures(measured, (s) => s.crossings - s.feeCommitted);

    const inWindow = (t: number) => t >= first.at && t <= last.at;
    const p2c = positionToCrossing
      .filter((l) => inWindow(l.source))
      .map((l) => l.ms)
      .sort((a, b) => a - b);
    const c2charge: number[] = [];
    const p2charge: number[] = [];
    let uncharged = 0;
    for (const times of byCrossing.values()) {
      times.crossings.forEach((at, i) => {
        if (!inWindow(at)) return;
        const charged = times.charges[i];
        if (charged === undefined) {
          uncharged++;
          return;
        }
        c2charge.push(charged - at);
        p2charge.push(charged - times.sources[i]!);
      });
    }
    c2charge.sort((a, b) => a - b);
    p2charge.sort((a, b) => a - b);

    const cpu = (name: string) => {
      const b = last.proc[name];
      // Not there at the first sample: started after it (the producer, after the baseline).
      return b ? b.cpuSeconds - (first.proc[name]?.cpuSeconds ?? 0) : Number.NaN;
    };
    const servicesCpu = services.reduce((sum, s) => sum + cpu(s.name), 0);
    const servicesShare = servicesCpu / wallS / cores;
    const machineShare =
      (last.machine.busySeconds - first.machine.busySeconds) /
      (last.machine.totalSeconds - first.machine.totalSeconds);
    const tracked = measured.map((s) => s.trackedAircraft).filter((n): n is number => n !== null);

    // ---- report
    console.log(
      `${failure ? 'measured before the failure' : 'window'}: ${wallS.toFixed(0)} s wall (${((wallS * speed) / 60).toFixed(1)} simulated min), ` +
        `from ${Math.max(0, (first.at - t0) / 1000).toFixed(0)} s after the producer started`,
    );
    console.log(
      `throughput: ${int(positionsRate)} positions/s published (nominal ${int(targetRate)}: ${((100 * positionsRate) / targetRate).toFixed(1)}%), ` +
        `${int(crossingsRate)} crossing records/s, ${int(chargesRate)} charges/s` +
        `  [before: ${int(first.updates)} positions, ${int(first.crossings)} crossing records, ${int(first.charges)} charges]`,
    );
    const lagLine = (label: string, lag: LagFigures, perSecond: number) =>
      `  ${label.padEnd(34)} start ${int(lag.start).padStart(8)}  max ${int(lag.max).padStart(8)}  ` +
      `end ${int(lag.end).padStart(8)} = ${seconds(lag.end / perSecond).padStart(8)} of input   growth ${int(lag.growth).padStart(8)}`;
    console.log(
      `lag in records, sampled every ${sampleS} s (${measured.length} samples; end = median of the last 3; growth = least-squares slope × span):`,
    );
    console.log(lagLine('fir-analyser processed (positions)', analyserLag, positionsRate));
    console.log(lagLine('fir-analyser committed (positions)', analyserCommittedLag, positionsRate));
    console.log(lagLine('fee-calculator processed (crossings)', feeLag, crossingsRate));
    console.log(lagLine('fee-calculator committed (crossings)', feeCommittedLag, crossingsRate));
    console.log('latency in ms, for causes that entered Kafka in the window:');
    console.log(
      `  position → crossing  p50 ${ms(pct(p2c, 0.5))}  p99 ${ms(pct(p2c, 0.99))}  max ${ms(p2c.at(-1) ?? Number.NaN)}   (${int(p2c.length)} crossing records)`,
    );
    console.log(
      `  crossing → charge    p50 ${ms(pct(c2charge, 0.5))}  p99 ${ms(pct(c2charge, 0.99))}  max ${ms(c2charge.at(-1) ?? Number.NaN)}   (${int(c2charge.length)} charges; ${int(uncharged)} crossing records with no charge yet)`,
    );
    console.log(
      `  position → charge    p50 ${ms(pct(p2charge, 0.5))}  p99 ${ms(pct(p2charge, 0.99))}  max ${ms(p2charge.at(-1) ?? Number.NaN)}`,
    );
    console.log(
      'processes: CPU over the span; resident memory at its start → end (peak since start)',
    );
    for (const s of services) {
      const c = cpu(s.name);
      console.log(
        `  ${s.name.padEnd(16)} ${c.toFixed(1).padStart(7)} CPU s = ${((100 * c) / wallS).toFixed(0).padStart(3)}% of a core   ` +
          `RSS ${mib(first.proc[s.name]?.rssBytes)} → ${mib(last.proc[s.name]?.rssBytes)} (peak ${mib(last.proc[s.name]?.peakRssBytes)})` +
          `${s.logLines ? `   ${s.logLines} warn/error log lines, first: ${s.firstLines.join(' | ')}` : ''}`,
      );
    }
    console.log(
      `  the three services: ${(100 * servicesShare).toFixed(0)}% of ${cores} cores; ` +
        `the whole machine (with Kafka, the registry and this bench): ${(100 * machineShare).toFixed(0)}% busy`,
    );
    if (tracked.length > 0)
      console.log(
        `tracked aircraft (fir-analyser's overfly_fir_tracked_aircraft): ${int(tracked[0]!)} at the start, ` +
          `${int(tracked.at(-1)!)} at the end, max ${int(Math.max(...tracked))}`,
      );
    else console.log('tracked aircraft: the analyser did not answer /metrics');

    // ---- verdict
    const inputOk = positionsRate >= INPUT_SHARE_REQUIRED * targetRate;
    // With no input at all (a failure before any crossing), a lag of 0 is still bounded.
    const bounded = (lag: LagFigures, perSecond: number) =>
      (lag.end <= 0 || lag.end < perSecond) && (lag.growth <= 0 || lag.growth < perSecond);
    const analyserOk = bounded(analyserLag, positionsRate);
    const feeOk = bounded(feeLag, crossingsRate);
    const met = !failure && inputOk && analyserOk && feeOk;
    console.log('');
    const p99 = pct(p2c, 0.99);
    const p99Met = Number.isFinite(p99) && p99 <= P99_GOAL_MS;
    console.log(
      `position → crossing latency goal, p99 ≤ ${P99_GOAL_MS} ms at speed 1 on a 2-core machine: ` +
        `${p99Met ? 'met' : 'NOT met'} in this run (p50 ${int(pct(p2c, 0.5))} ms, p99 ${int(p99)} ms, at speed ${speed}, ` +
        `${cores} cores, machine ${(100 * machineShare).toFixed(0)}% busy)`,
    );
    console.log(
      `target: input ≥ ${100 * INPUT_SHARE_REQUIRED}% of ${int(AIRCRAFT)} aircraft × 1 report/${REPORT_INTERVAL_S} s × speed, every ` +
        'service up for the whole window, and lag bounded: for fir-analyser and fee-calculator, processed lag at the end ' +
        "below one second of that consumer's input and its growth over the window below one second of input",
    );
    console.log(
      `${met ? 'TARGET MET' : 'TARGET NOT MET'} in this run at speed ${speed}: ` +
        `${failure ? `${failure.service.name} exited after ${failure.afterS.toFixed(0)} s; ` : ''}` +
        `input ${int(positionsRate)} of ${int(targetRate)} positions/s ${inputOk ? 'ok' : 'SHORT'}; ` +
        `analyser lag ${seconds(analyserLag.end / positionsRate)} at the end, growth ${int(analyserLag.growth)} positions: ${analyserOk ? 'bounded' : 'NOT bounded'}; ` +
        `fee-calculator lag ${seconds(feeLag.end / crossingsRate)}, growth ${int(feeLag.growth)} crossings: ${feeOk ? 'bounded' : 'NOT bounded'}; ` +
        `the services used ${(100 * servicesShare).toFixed(0)}% of ${cores} cores (machine ${(100 * machineShare).toFixed(0)}% busy)` +
        `${cores === 2 ? '' : `; NB this machine has ${cores} cores, the target names 2`}`,
    );
  } catch (error) {
    for (const s of services)
      if (s.lastLines.length > 0)
        console.error(`${s.name}'s last log lines:\n  ${s.lastLines.join('\n  ')}`);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // The producer first, so the consumers stop on a quiet input.
    for (const s of [...services].reverse()) await stop(s.child);
    await tail?.stop().catch(() => undefined);
    await admin.deleteGroups([groups.analyser, groups.fee, groups.latency]).catch(() => undefined);
    await admin.close().catch(() => undefined);
    await deleteTopicsWithPrefix(prefix);
  }
}

await main();
