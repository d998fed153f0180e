// Issue 10, findings 4-6: flight-producer (replay), fir-analyser and fee-calculator as child
// processes ride out a stop of the broker, of the schema registry and of PostgreSQL (the
// registry's storage): no process exits, no stack trace in their logs, no dead letter, and
// the FINAL crossings and the charges equal an undisturbed run's, by id and content; while
// they wait, /health/ready says what for.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Component as InfraComponent } from '../../infra/src/index.js';
import { dataFile } from '../support/data-files.js';
import { isolatedRuntime } from '../support/kafka-runtime.js';
import { outage } from '../support/outage.js';
import {
  drained,
  exitedEarly,
  lag,
  type Pipeline,
  type PipelineOutput,
  pipelineOutput,
  readiness,
  stackTraces,
  startPipeline,
  tail,
  whileRunning,
} from '../support/pipeline.js';

// 842 aircraft over Switzerland for 17 hours: at 2,000× the replay lasts about 30 s. The
// undisturbed run needs no pace (what is published depends on event times only): max.
const files = [dataFile('trajectories/switzerland.json.gz')];
const SPEED = 2_000;
const OUTAGE_MS = 15_000;

/** The components these services need (they send no mail). */
type Component = Exclude<InfraComponent, 'mailpit'>;

/** What readiness names while a component is away (PostgreSQL: the registry answers 5xx). */
const WAITING_FOR: Record<Component, string> = {
  kafka: 'the Kafka broker',
  registry: 'the schema registry',
  postgres: 'the schema registry',
};

interface Disturbance {
  /** Stopped before the services start; they start while it is away. */
  atStart?: Component;
  /** Stopped once the pipeline has made progress, while the replay runs. */
  midRun?: Component;
}

interface Run {
  output: PipelineOutput;
  deadLetters: number;
  pipeline: Pipeline;
  /** Per service: what /health/ready said while it was not ready during an outage. */
  notReady: Map<string, string>;
}

/**
 * Polls every service's /health/ready until each has said it is not ready because of
 * `component`, or `untilMs` passes; records what each said.
 */
async function watchReadiness(
  pipeline: Pipeline,
  component: Component,
  notReady: Map<string, string>,
  untilMs: number,
): Promise<void> {
  while (Date.now() < untilMs && notReady.size < pipeline.all.length) {
    await Promise.all(
      pipeline.all.map(async (p) => {
        const answer = await readiness(p);
        if (answer && !answer.ready && answer.body.includes(WAITING_FOR[component]))
          notReady.set(p.name, answer.body);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function runPipeline(label: string, disturbance: Disturbance = {}): Promise<Run> {
  const { runtime, prefix } = await isolatedRuntime(label);
  const notReady = new Map<string, string>();
  let pipeline: Pipeline | undefined;
  const start = async () => {
    const paced = disturbance.atStart !== undefined || disturbance.midRun !== undefined;
    pipeline = await startPipeline({ prefix, files, speed: paced ? SPEED : 'max' });
    return pipeline;
  };
  try {
    if (disturbance.atStart) {
      const component = disturbance.atStart;
      const times = await outage(component, OUTAGE_MS, async () => {
        await watchReadiness(await start(), component, notReady, Date.now() + OUTAGE_MS - 2_000);
      });
      console.log(`${component} down for ${times.restartedAt - times.stoppedAt} ms at start`);
    } else await start();
    const running = pipeline!;
    if (disturbance.midRun) {
      const component = disturbance.midRun;
      await whileRunning(
        running,
        async () => (await lag(`${prefix}fee-calculator`, `${prefix}fir.crossings`)) !== null,
        { timeoutMs: 180_000, message: 'the pipeline to make progress' },
      );
      expect(running.producer.child.exitCode, 'the replay must still run').toBeNull();
      const times = await outage(component, OUTAGE_MS, () =>
        component === 'kafka'
          ? watchReadiness(running, component, notReady, Date.now() + OUTAGE_MS - 2_000)
          : Promise.resolve(),
      );
      console.log(`${component} down for ${times.restartedAt - times.stoppedAt} ms mid-run`);
    }
    await whileRunning(running, () => drained(running, prefix), {
      timeoutMs: 240_000,
      message: `the ${label} run to drain`,
    });
    // Still running after the outage: nothing gave up and exited.
    expect(exitedEarly(running)).toBeUndefined();
    for (const p of running.all.slice(1)) expect((await readiness(p))?.ready, p.name).toBe(true);
  } catch (error) {
    for (const p of pipeline?.all ?? []) console.log(tail(p));
    throw error;
  } finally {
    await pipeline?.stop();
    if (pipeline) console.log(`logs: ${pipeline.saveLogs(join(tmpdir(), `overfly-${prefix}`))}`);
  }
  const letters = await runtime.readDeadLetters();
  return {
    output: await pipelineOutput(runtime),
    deadLetters: letters.letters.length,
    pipeline: pipeline!,
    notReady,
  };
}

let calm: PipelineOutput;

function expectSameAsCalm(label: string, run: Run): void {
  for (const p of run.pipeline.all)
    expect(stackTraces(p), `${p.name} logged a stack trace`).toEqual([]);
  expect(run.deadLetters, 'dead letters').toBe(0);
  const { output } = run;
  expect([...output.crossings.keys()].sort()).toEqual([...calm.crossings.keys()].sort());
  for (const [id, json] of calm.crossings) expect(output.crossings.get(id), id).toBe(json);
  expect([...output.charges.keys()].sort()).toEqual([...calm.charges.keys()].sort());
  for (const [id, json] of calm.charges) expect(output.charges.get(id), id).toBe(json);
  console.log(
    `${label}: ${output.crossings.size} FINAL crossings (${output.crossingRecords} records, ${calm.crossingRecords} undisturbed), ${output.charges.size} charges (${output.chargeRecords} records, ${calm.chargeRecords} undisturbed)`,
  );
}

/** Every service said, while the component was away, that it waits for it. */
function expectSaidWaiting(run: Run, component: Component): void {
  for (const p of run.pipeline.all)
    expect(run.notReady.get(p.name), `${p.name}'s /health/ready during the outage`).toContain(
      WAITING_FOR[component],
    );
  console.log(`${component}: ${[...run.notReady.values()][0]}`);
}

describe('the pipeline through a platform outage', () => {
  beforeAll(async () => {
    const run = await runPipeline('outage-calm');
    calm = run.output;
    expect(run.deadLetters).toBe(0);
    expect(calm.crossings.size).toBeGreaterThan(500);
    expect(calm.charges.size).toBeGreaterThan(100);
  }, 420_000);

  it('survives the broker stopped for 15 s in the middle of the replay', {
    timeout: 420_000,
  }, async () => {
    const run = await runPipeline('outage-kafka', { midRun: 'kafka' });
    expectSameAsCalm('broker', run);
    expectSaidWaiting(run, 'kafka');
  });

  it('starts while the schema registry is stopped, and survives it stopped again mid-run', {
    timeout: 420_000,
  }, async () => {
    const run = await runPipeline('outage-registry', { atStart: 'registry', midRun: 'registry' });
    expectSameAsCalm('registry', run);
    expectSaidWaiting(run, 'registry');
  });

  it('starts while PostgreSQL (the registry storage) is stopped, and survives it stopped again mid-run', {
    timeout: 420_000,
  }, async () => {
    const run = await runPipeline('outage-postgres', { atStart: 'postgres', midRun: 'postgres' });
    expectSameAsCalm('postgres', run);
    expectSaidWaiting(run, 'postgres');
  });
});
