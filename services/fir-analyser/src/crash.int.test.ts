import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FirCrossing, FlightEvent } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import { committedTotal, isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';
import {
  eventWithoutProducedAt,
  latestById,
  MANOEUVRES,
  positionsOf,
  publishPositions,
  scenarioPositions,
  withoutProducedAt,
} from './test-support/input.js';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
// 1,243 flights over Switzerland, plus the El Al 747 and the A319; with them, flown on the
// Swiss sample's day, the built-in scenario with a holding, a go-around and a return to origin.
const MANOEUVRES_START = Date.UTC(2018, 7, 1, 8);
const files = [
  'trajectories/switzerland.json.gz',
  'trajectories/elal747.json.gz',
  'trajectories/flight_a319_opensky.csv',
].map(dataFile);

function startService(prefix: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}fir-analyser`,
      CHECKPOINT_INTERVAL: '500ms',
      // The broker's minimum: a killed member's partitions move on after 6 s, not 30.
      KAFKA_SESSION_TIMEOUT: '6s',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return { child, output: () => output.slice(-4_000) };
}

async function finalCrossings(read: Awaited<ReturnType<typeof isolatedRuntime>>['runtime']) {
  const all: FirCrossing[] = [];
  await read.readToEnd('fir.crossings', (m) => {
    if (m.value) all.push(m.value);
  });
  const finals = new Map<string, string>();
  for (const c of all) {
    if (c.status !== 'FINAL') continue;
    const json = JSON.stringify(withoutProducedAt(c));
    const earlier = finals.get(c.crossingId);
    // A crossing sent again must be the very same record, never a different one.
    if (earlier !== undefined) expect(json, c.crossingId).toBe(earlier);
    finals.set(c.crossingId, json);
  }
  return { finals, records: all.length, ids: latestById(all).size };
}

/** The holdings, go-arounds and returns published, by eventId; one id never has two contents. */
async function manoeuvreEvents(read: Awaited<ReturnType<typeof isolatedRuntime>>['runtime']) {
  const found = new Map<string, string>();
  await read.readToEnd('flight.events', (m) => {
    const e: FlightEvent | null = m.value;
    if (!e || !MANOEUVRES.has(e.type)) return;
    const json = JSON.stringify(eventWithoutProducedAt(e));
    const earlier = found.get(e.eventId);
    if (earlier !== undefined) expect(json, e.eventId).toBe(earlier);
    found.set(e.eventId, json);
  });
  return found;
}

describe('fir-analyser killed with SIGKILL', () => {
  it('produces the same final crossings and manoeuvre events as an undisturbed run, after 5 kills during the replay', {
    timeout: 420_000,
  }, async () => {
    const positions = [
      ...(await positionsOf(files, { asStream: true })),
      ...scenarioPositions('manoeuvres', MANOEUVRES_START),
    ].sort((a, b) => a.positionTime - b.positionTime);
    const calm = await isolatedRuntime('fir-calm');
    const killed = await isolatedRuntime('fir-killed');
    await publishPositions(calm.runtime, positions);
    const done = (prefix: string) => async () =>
      (await committedTotal(`${prefix}fir-analyser`, `${prefix}flights.updates`)) ===
      positions.length;

    // The reference run, left alone.
    const reference = startService(calm.prefix);
    try {
      await waitFor(done(calm.prefix), {
        timeoutMs: 180_000,
        intervalMs: 500,
        message: 'the undisturbed run to finish',
      });
    } finally {
      reference.child.kill('SIGTERM');
      await once(reference.child, 'exit');
    }

    // The same input replayed in six parts, the service killed five times while the
    // replay goes on: each run is killed as soon as it has made progress of its own.
    const parts = 6;
    const size = Math.ceil(positions.length / parts);
    const part = (i: number) => positions.slice(i * size, (i + 1) * size);
    const kills: number[] = [];
    let committed = 0;
    await publishPositions(killed.runtime, part(0));
    for (let i = 0; i < parts - 1; i++) {
      const run = startService(killed.prefix);
      const before = committed;
      await waitFor(
        async () => {
          if (run.child.exitCode !== null)
            throw new Error(`service exited early:\n${run.output()}`);
          committed = await committedTotal(
            `${killed.prefix}fir-analyser`,
            `${killed.prefix}flights.updates`,
          );
          return committed > before;
        },
        { timeoutMs: 180_000, intervalMs: 50, message: `progress after restart ${i}` },
      );
      const replaying = publishPositions(killed.runtime, part(i + 1));
      run.child.kill('SIGKILL');
      await once(run.child, 'exit');
      await replaying;
      kills.push(committed);
    }
    const last = startService(killed.prefix);
    try {
      await waitFor(done(killed.prefix), {
        timeoutMs: 180_000,
        intervalMs: 500,
        message: 'the killed run to finish',
      });
    } finally {
      last.child.kill('SIGTERM');
      await once(last.child, 'exit');
    }
    expect(kills).toHaveLength(5);
    // Every kill landed mid-stream, each later than the one before.
    expect(kills.every((k, i) => k < positions.length && (i === 0 || k > kills[i - 1]!))).toBe(
      true,
    );
    console.log(`killed at committed offsets ${kills.join(', ')} of ${positions.length}`);

    const expected = await finalCrossings(calm.runtime);
    const actual = await finalCrossings(killed.runtime);
    expect(expected.finals.size).toBeGreaterThan(1_000);
    expect([...actual.finals.keys()].sort()).toEqual([...expected.finals.keys()].sort());
    for (const [id, json] of expected.finals) expect(actual.finals.get(id), id).toBe(json);
    // Every crossing still open at the end is open in both runs, under the same id.
    expect(actual.ids).toBe(expected.ids);
    console.log(
      `${expected.finals.size} final crossings in both runs; ${actual.records} records published by the killed run, ${expected.records} by the undisturbed one`,
    );

    // The holdings, go-arounds and returns: the same events, evidence and all.
    const calmEvents = await manoeuvreEvents(calm.runtime);
    const killedEvents = await manoeuvreEvents(killed.runtime);
    const types = [...calmEvents.keys()].map((id) =>
      id.replace(/^.*-(HOLDING|GO_AROUND|RETURN_TO_ORIGIN)(-\d+)?$/, '$1'),
    );
    expect(types.sort()).toEqual([
      'GO_AROUND',
      'GO_AROUND',
      'HOLDING',
      'HOLDING',
      'RETURN_TO_ORIGIN',
    ]);
    expect([...killedEvents.keys()].sort()).toEqual([...calmEvents.keys()].sort());
    for (const [id, json] of calmEvents) expect(killedEvents.get(id), id).toBe(json);
  });
});
