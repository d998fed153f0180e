// The first pipeline as separate processes, the way it runs in production: flight-producer
// replaying a recording, fir-analyser and fee-calculator, each on its own topic prefix. The
// outage tests run it once undisturbed and once with the broker, the registry or PostgreSQL
// stopped in the middle, and compare what each run published.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KafkaRuntime } from '@overfly/kafka';
import type { ChargeCalculated, FirCrossing } from '@overfly/schemas';
import { freePort } from './free-port.js';
import { withAdmin } from './kafka-admin.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface PipelineProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Its ops server (/health/ready, /metrics). */
  readonly opsPort: number;
  /** Everything it printed so far (stdout and stderr, interleaved as they came). */
  output(): string;
}

export interface PipelineOptions {
  prefix: string;
  files: readonly string[];
  /** REPLAY_SPEED: paced, so that an outage can land in the middle of the replay; or max. */
  speed: number | 'max';
  /** Extra variables for every service. */
  env?: Record<string, string>;
}

export interface Pipeline {
  readonly producer: PipelineProcess;
  readonly analyser: PipelineProcess;
  readonly calculator: PipelineProcess;
  readonly all: readonly PipelineProcess[];
  /** SIGTERM to whatever still runs (SIGKILL after 30 s); resolves when all have exited. */
  stop(): Promise<void>;
  /** Writes each process's output to `<dir>/<name>.log`; returns the folder. */
  saveLogs(dir: string): string;
}

async function startProcess(
  name: string,
  script: string,
  env: Record<string, string>,
): Promise<PipelineProcess> {
  const opsPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', `${root}${script}`], {
    cwd: root,
    env: { ...process.env, ...env, METRICS_PORT: String(opsPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, opsPort, output: () => output };
}

/** `/health/ready` of a process: its status and what its failing checks say; null when it does not answer. */
export async function readiness(
  p: PipelineProcess,
): Promise<{ ready: boolean; body: string } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${p.opsPort}/health/ready`, {
      signal: AbortSignal.timeout(3_000),
    });
    return { ready: response.status === 200, body: await response.text() };
  } catch {
    return null;
  }
}

/** The consumers first, then the replay that feeds them. */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { prefix } = options;
  const common = {
    TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'info',
    // The broker's minimum: a member the broker lost moves its partitions on after 6 s.
    KAFKA_SESSION_TIMEOUT: '6s',
    ...options.env,
  };
  const analyser = await startProcess('fir-analyser', 'services/fir-analyser/src/main.ts', {
    ...common,
    KAFKA_GROUP_ID: `${prefix}fir-analyser`,
    CHECKPOINT_INTERVAL: '1s',
  });
  const calculator = await startProcess('fee-calculator', 'services/fee-calculator/src/main.ts', {
    ...common,
    KAFKA_GROUP_ID: `${prefix}fee-calculator`,
    CHECKPOINT_INTERVAL: '1s',
  });
  const producer = await startProcess('flight-producer', 'services/flight-producer/src/main.ts', {
    ...common,
    MODE: 'replay',
    REPLAY_FILES: options.files.join(','),
    REPLAY_SPEED: String(options.speed),
    REPLAY_AT_END: 'keep',
    PROGRESS_INTERVAL: '5s',
  });
  const all = [producer, analyser, calculator];
  return {
    producer,
    analyser,
    calculator,
    all,
    saveLogs(dir) {
      mkdirSync(dir, { recursive: true });
      for (const p of all) writeFileSync(join(dir, `${p.name}.log`), p.output());
      return dir;
    },
    async stop() {
      await Promise.all(
        all.map(async ({ child }) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          try {
            await exited;
          } finally {
            clearTimeout(timer);
          }
        }),
      );
    },
  };
}

/** How far a group is behind a topic's end (summed over partitions); null when it committed nothing. */
export async function lag(groupId: string, topic: string): Promise<number | null> {
  return withAdmin(async (admin) => {
    const committed = await admin.committedOffsets(groupId, topic);
    const ends = await admin.topicOffsets(topic);
    let behind = 0;
    let any = false;
    for (const { partition, high } of ends) {
      const at = committed.get(partition);
      if (at === null || at === undefined) {
        if (Number(high) > 0) return null;
        continue;
      }
      any = true;
      behind += Number(high) - Number(at);
    }
    return any ? behind : null;
  });
}

/**
 * True once the replay has ended by itself (exit 0) and both consumers have committed
 * everything their input topic holds.
 */
export async function drained(pipeline: Pipeline, prefix: string): Promise<boolean> {
  const { producer } = pipeline;
  if (producer.child.exitCode === null) return false;
  if (producer.child.exitCode !== 0)
    throw new Error(`flight-producer exited ${producer.child.exitCode}:\n${tail(producer)}`);
  const analyserLag = await lag(`${prefix}fir-analyser`, `${prefix}flights.updates`);
  const calculatorLag = await lag(`${prefix}fee-calculator`, `${prefix}fir.crossings`);
  return analyserLag === 0 && calculatorLag === 0;
}

/**
 * Polls `condition` until it is true, failing at once (not at the deadline) when a consumer
 * service exits or the replay exits with an error.
 */
export async function whileRunning(
  pipeline: Pipeline,
  condition: () => Promise<boolean>,
  { timeoutMs, message }: { timeoutMs: number; message: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = exitedEarly(pipeline);
    if (gone)
      throw new Error(
        `${gone.name} exited (${gone.child.exitCode ?? gone.child.signalCode}) while waiting for ${message}`,
      );
    const { producer } = pipeline;
    if (producer.child.exitCode !== null && producer.child.exitCode !== 0)
      throw new Error(
        `flight-producer exited ${producer.child.exitCode} while waiting for ${message}`,
      );
    try {
      if (await condition()) return;
    } catch {
      // The broker may be away: ask again.
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A consumer service (not the replay, which ends by itself) that exited: the test failed. */
export function exitedEarly(pipeline: Pipeline): PipelineProcess | undefined {
  return [pipeline.analyser, pipeline.calculator].find(
    (p) => p.child.exitCode !== null || p.child.signalCode !== null,
  );
}

export function tail(p: PipelineProcess, chars = 6_000): string {
  return `--- ${p.name} ---\n${p.output().slice(-chars)}`;
}

/** Lines of a process's output that hold a stack trace (pino's `stack`, or a raw one). */
export function stackTraces(p: PipelineProcess): string[] {
  return p
    .output()
    .split('\n')
    .filter(
      (line) => line.includes('"stack":') || /^\s+at\s/.test(line) || line.includes('\\n    at '),
    );
}

export interface PipelineOutput {
  /** FINAL crossings by id, as JSON without the wall-clock `producedAt`. */
  crossings: Map<string, string>;
  /** Charges by id, as JSON without the wall-clock `calculatedAt`. */
  charges: Map<string, string>;
  /** Records on each topic, duplicates included. */
  crossingRecords: number;
  chargeRecords: number;
}

/**
 * What the pipeline published, as its consumers see it after upserting by id. A record sent
 * again must be the very same record: a second, different version of an id fails here.
 */
export async function pipelineOutput(runtime: KafkaRuntime): Promise<PipelineOutput> {
  const crossings = new Map<string, string>();
  let crossingRecords = 0;
  await runtime.readToEnd('fir.crossings', (m) => {
    if (!m.value) return;
    crossingRecords++;
    const { producedAt: _at, ...rest } = m.value as FirCrossing;
    if (rest.status !== 'FINAL') return;
    const json = JSON.stringify(rest);
    const earlier = crossings.get(rest.crossingId);
    if (earlier !== undefined && earlier !== json)
      throw new Error(`crossing ${rest.crossingId} published twice, differently`);
    crossings.set(rest.crossingId, json);
  });
  const charges = new Map<string, string>();
  let chargeRecords = 0;
  await runtime.readToEnd('charges.calculated', (m) => {
    if (!m.value) return;
    chargeRecords++;
    const { calculatedAt: _at, ...rest } = m.value as ChargeCalculated;
    const json = JSON.stringify(rest);
    const earlier = charges.get(rest.chargeId);
    if (earlier !== undefined && earlier !== json)
      throw new Error(`charge ${rest.chargeId} published twice, differently`);
    charges.set(rest.chargeId, json);
  });
  return { crossings, charges, crossingRecords, chargeRecords };
}
