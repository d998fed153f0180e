// A network scenario end to end over the real Kafka and registry: flight-producer (simulate)
// → fir-analyser → flight.events, ops-feed (mock, the same scenario, start and speed) →
// schedules, weather and manifests, and the disruption-correlator over the four, every one
// a child process on one topic prefix. What it published and what it read come back.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { KafkaRuntime } from '@overfly/kafka';
import type { DisruptionEvent } from '@overfly/schemas';
import type { DisruptionOutput } from '../../../services/disruption-correlator/src/engine/finding.js';
import { freePort } from '../free-port.js';
import { waitFor } from '../wait-for.js';
import type { InputRecord } from './inputs.js';

const SERVICES = ['flight-producer', 'fir-analyser', 'ops-feed', 'disruption-correlator'] as const;
type ServiceName = (typeof SERVICES)[number];
const mainOf = (name: ServiceName) =>
  fileURLToPath(new URL(`../../../services/${name}/src/main.ts`, import.meta.url));

export const INPUT_TOPICS = [
  'flight.events',
  'flight.schedules',
  'external.weather',
  'passenger.manifests',
] as const;

interface Running {
  name: ServiceName;
  child: ChildProcess;
  metricsPort: number;
  output(): string;
}

async function start(name: ServiceName, env: Record<string, string>): Promise<Running> {
  const metricsPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', mainOf(name)], {
    env: { ...process.env, LOG_LEVEL: 'warn', METRICS_PORT: String(metricsPort), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, metricsPort, output: () => output.slice(-4_000) };
}

/** The sum of a metric's series on a service's ops server; null when it does not answer. */
async function metric(port: number, name: string): Promise<number | null> {
  try {
    const text = await (
      await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) })
    ).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(name)) continue;
      const next = line[name.length];
      if (next === ' ' || next === '{') sum += Number(line.split(' ').at(-1));
    }
    return sum;
  } catch {
    return null;
  }
}

/** A metric's series by one label's value (summed over the others). */
async function metricBy(port: number, name: string, label: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  try {
    const text = await (
      await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) })
    ).text();
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}{`)) continue;
      const value = new RegExp(`${label}="([^"]*)"`).exec(line)?.[1] ?? '';
      out.set(value, (out.get(value) ?? 0) + Number(line.split(' ').at(-1)));
    }
  } catch {}
  return out;
}

async function ready(s: Running): Promise<boolean> {
  if (s.child.exitCode !== null) throw new Error(`${s.name} exited:\n${s.output()}`);
  try {
    const r = await fetch(`http://127.0.0.1:${s.metricsPort}/health/ready`, {
      signal: AbortSignal.timeout(2_000),
    });
    return r.ok;
  } catch {
    return false;
  }
}

async function stop(s: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = once(s.child, 'exit');
  s.child.kill(signal);
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

export interface PipelineOptions {
  runtime: KafkaRuntime;
  prefix: string;
  scenario: string;
  /** Simulated time per wall time, for both flight-producer and ops-feed. */
  speed: number;
  /** The scenario day's start (SIMULATE_START = OPS_FEED_START). */
  start: number;
  /** Its length (the network scenario's duration). */
  durationMs: number;
  /** SIGKILL the correlator (and start it again at once) this far into the day, 0..1. */
  killAt?: number;
  log?: (line: string) => void;
}

export interface PipelineRun {
  /** Every disruption.events record, partition by partition in offset order. */
  published: DisruptionOutput[];
  /** The latest record of each eventId; and those sent again with another content. */
  byEventId: Map<string, string>;
  conflicts: string[];
  /** What the correlator read: the four input topics, as they stand at the end. */
  inputs: InputRecord[];
  /** From the correlator's /metrics (both runs, the killed one's read just before): late inputs by topic and outcome. */
  lateInputs: Map<string, number>;
  refusedInputs: number;
  watermark: number;
  /** Wall time from flight-producer's and ops-feed's start to the correlator's last output. */
  wallMs: number;
  kills: number;
}

/** A publication without its wall-clock time: what a repeated send must say again. */
function contentOf(event: DisruptionOutput | DisruptionEvent): string {
  const { detectedAt: _at, ...rest } = event as DisruptionEvent;
  return JSON.stringify(rest);
}

export async function runPipeline(o: PipelineOptions): Promise<PipelineRun> {
  const log = o.log ?? (() => {});
  const common = { TOPIC_PREFIX: o.prefix };
  const group = (name: string) => ({ KAFKA_GROUP_ID: `${o.prefix}${name}` });
  const running: Running[] = [];
  const correlatorEnv = {
    ...common,
    ...group('disruption-correlator'),
    // A snapshot every second: a kill loses little, and the restart has one to read.
    CHECKPOINT_INTERVAL: '1s',
  };
  try {
    const analyser = await start('fir-analyser', { ...common, ...group('fir-analyser') });
    let correlator = await start('disruption-correlator', correlatorEnv);
    running.push(analyser, correlator);
    await waitFor(async () => (await ready(analyser)) && (await ready(correlator)), {
      timeoutMs: 90_000,
      intervalMs: 250,
      message: 'fir-analyser and disruption-correlator ready',
    });
    const startIso = new Date(o.start).toISOString();
    const speed = String(o.speed);
    const began = Date.now();
    const producer = await start('flight-producer', {
      ...common,
      MODE: 'simulate',
      SCENARIO: o.scenario,
      SIMULATE_START: startIso,
      SIMULATE_SPEED: speed,
    });
    const feed = await start('ops-feed', {
      ...common,
      OPS_FEED_MODE: 'mock',
      OPS_FEED_SCENARIO: o.scenario,
      OPS_FEED_START: startIso,
      OPS_FEED_SPEED: speed,
    });
    running.push(producer, feed);
    const dayWallMs = o.durationMs / o.speed;
    log(`${o.scenario} at ${speed}×: the day plays in ${(dayWallMs / 1000).toFixed(0)} s`);

    const lateInputs = new Map<string, number>();
    const countLate = async () => {
      for (const label of ['topic', 'outcome'] as const)
        for (const [k, v] of await metricBy(
          correlator.metricsPort,
          'overfly_disruption_late_inputs_total',
          label,
        ))
          lateInputs.set(
            `${label}=${k.replace(o.prefix, '')}`,
            (lateInputs.get(`${label}=${k.replace(o.prefix, '')}`) ?? 0) + v,
          );
    };
    let kills = 0;
    if (o.killAt !== undefined) {
      await sleep(Math.max(0, began + dayWallMs * o.killAt - Date.now()));
      if (correlator.child.exitCode !== null)
        throw new Error(`disruption-correlator exited:\n${correlator.output()}`);
      await countLate();
      await stop(correlator, 'SIGKILL');
      kills++;
      log(`disruption-correlator SIGKILLed at ${((Date.now() - began) / 1000).toFixed(1)} s`);
      correlator = await start('disruption-correlator', correlatorEnv);
      running.push(correlator);
    }
    const alive = () => {
      for (const s of [analyser, correlator, feed])
        if (s.child.exitCode !== null) throw new Error(`${s.name} exited:\n${s.output()}`);
      if (producer.child.exitCode !== null && producer.child.exitCode !== 0)
        throw new Error(`flight-producer failed:\n${producer.output()}`);
    };
    // The day is over for both feeds: flight-producer ends its scenario, ops-feed's clock is
    // a few polls past the day's end.
    await waitFor(
      () => {
        alive();
        return producer.child.exitCode === 0 && Date.now() > began + dayWallMs + 3_000;
      },
      { timeoutMs: dayWallMs + 120_000, intervalMs: 250, message: 'the end of the day' },
    );
    log(`day played in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    // Then the correlator has read everything when its watermark and its publications stand
    // still for longer than its idle timeout (10 s: the last channels must go idle first).
    let last = '';
    let since = Date.now();
    let lastOutputAt = Date.now();
    await waitFor(
      async () => {
        alive();
        const watermark = await metric(
          correlator.metricsPort,
          'overfly_disruption_watermark_seconds',
        );
        const total = await metric(correlator.metricsPort, 'overfly_disruptions_total');
        const now = `${watermark}/${total}`;
        if (now !== last) {
          last = now;
          since = Date.now();
          lastOutputAt = since;
        }
        return watermark !== null && Date.now() - since > 13_000;
      },
      { timeoutMs: 180_000, intervalMs: 500, message: 'the correlator to finish the day' },
    );
    const wallMs = lastOutputAt - began;
    await countLate();
    const refusedInputs =
      (await metric(correlator.metricsPort, 'overfly_disruption_inputs_refused_total')) ?? 0;
    const watermark =
      ((await metric(correlator.metricsPort, 'overfly_disruption_watermark_seconds')) ?? 0) * 1000;
    for (const s of running) await stop(s);

    const published: DisruptionOutput[] = [];
    const byEventId = new Map<string, string>();
    const conflicts: string[] = [];
    await o.runtime.readToEnd('disruption.events', (m) => {
      if (!m.value) return;
      const json = contentOf(m.value);
      const earlier = byEventId.get(m.value.eventId);
      if (earlier !== undefined && earlier !== json) conflicts.push(m.value.eventId);
      byEventId.set(m.value.eventId, json);
      published.push(m.value);
    });
    const inputs: InputRecord[] = [];
    for (const topic of INPUT_TOPICS)
      await o.runtime.readToEnd(topic, (m) => {
        if (m.value) inputs.push({ topic, value: m.value } as InputRecord);
      });
    return {
      published,
      byEventId,
      conflicts,
      inputs,
      lateInputs,
      refusedInputs,
      watermark,
      wallMs,
      kills,
    };
  } finally {
    for (const s of running) await stop(s, 'SIGKILL').catch(() => undefined);
  }
}
