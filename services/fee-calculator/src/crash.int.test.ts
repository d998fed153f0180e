import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { defaultAirports, defaultFirLayer } from '@overfly/geo';
import type { ChargeCalculated, FirCrossing } from '@overfly/schemas';
import { type CrossingRecord, crossingsOf } from '@overfly/tracking';
import { openTrajectory, positionsInTimeOrder } from '@overfly/trajectories';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import { committedTotal, isolatedRuntime } from '../../../tests/support/kafka-runtime.js';
import { waitFor } from '../../../tests/support/wait-for.js';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
type Runtime = Awaited<ReturnType<typeof isolatedRuntime>>['runtime'];

/**
 * Every crossing record the analyser would publish for these recordings, in its order:
 * the Swiss sample (zone LS, 1,243 flights), the Air France B787 (France's five FIRs, left
 * and entered again) and the A319 (LFFF then LFEE).
 */
async function crossingRecords(): Promise<FirCrossing[]> {
  const files = await Promise.all(
    [
      'trajectories/switzerland.json.gz',
      'trajectories/dreamliner_airfrance.json.gz',
      'trajectories/flight_a319_opensky.csv',
    ].map((f) => openTrajectory(dataFile(f), { maxBackwardsMs: null })),
  );
  const out: CrossingRecord[] = [];
  await crossingsOf(
    positionsInTimeOrder(files, () => {}),
    { layer: defaultFirLayer(), airports: defaultAirports() },
    { crossing: (c) => out.push(c), event: () => {} },
  );
  const producedAt = Date.now();
  return out.map((c) => ({ ...c, producedAt }));
}

async function publish(runtime: Runtime, records: readonly FirCrossing[]): Promise<void> {
  const producer = await runtime.producer();
  for (let i = 0; i < records.length; i += 2_000)
    await producer.send(
      'fir.crossings',
      records.slice(i, i + 2_000).map((c) => ({ key: c.icao24, value: c })),
    );
}

function startService(prefix: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}fee-calculator`,
      CHECKPOINT_INTERVAL: '300ms',
      // The broker's minimum: a killed member's partitions move on after 6 s, not 30.
      KAFKA_SESSION_TIMEOUT: '6s',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output.slice(-4_000) };
}

/** Every charge published, as JSON without its wall-clock time; each key must say one thing. */
async function charges(runtime: Runtime): Promise<Map<string, string>> {
  const byKey = new Map<string, string>();
  await runtime.readToEnd('charges.calculated', (m) => {
    if (!m.value || !m.key) return;
    const { calculatedAt: _at, ...rest } = m.value as ChargeCalculated;
    const json = JSON.stringify(rest);
    const earlier = byKey.get(m.key);
    // A passage priced again must be priced the same, never differently.
    if (earlier !== undefined) expect(json, m.key).toBe(earlier);
    byKey.set(m.key, json);
  });
  return byKey;
}

describe('fee-calculator killed with SIGKILL', () => {
  it('publishes the same passage charges as an undisturbed run, after 5 kills mid-flight', {
    timeout: 420_000,
  }, async () => {
    const records = await crossingRecords();
    const calm = await isolatedRuntime('fee-calm');
    const killed = await isolatedRuntime('fee-killed');
    const done = (prefix: string) => async () =>
      (await committedTotal(`${prefix}fee-calculator`, `${prefix}fir.crossings`)) ===
      records.length;

    await publish(calm.runtime, records);
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

    // The same records in six parts, the service killed as soon as each run made progress
    // of its own, while the next part is being published.
    const parts = 6;
    const size = Math.ceil(records.length / parts);
    const part = (i: number) => records.slice(i * size, (i + 1) * size);
    const kills: number[] = [];
    let committed = 0;
    await publish(killed.runtime, part(0));
    for (let i = 0; i < parts - 1; i++) {
      const run = startService(killed.prefix);
      const before = committed;
      await waitFor(
        async () => {
          if (run.child.exitCode !== null)
            throw new Error(`service exited early:\n${run.output()}`);
          committed = await committedTotal(
            `${killed.prefix}fee-calculator`,
            `${killed.prefix}fir.crossings`,
          );
          return committed > before;
        },
        { timeoutMs: 180_000, intervalMs: 50, message: `progress after restart ${i}` },
      );
      const publishing = publish(killed.runtime, part(i + 1));
      run.child.kill('SIGKILL');
      await once(run.child, 'exit');
      await publishing;
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
    expect(kills.every((k, i) => k < records.length && (i === 0 || k > kills[i - 1]!))).toBe(true);

    const expected = await charges(calm.runtime);
    const actual = await charges(killed.runtime);
    expect(expected.size).toBeGreaterThan(1_000);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, json] of expected) expect(actual.get(key), key).toBe(json);
    const multi = [...expected.values()].filter(
      (json) => ((JSON.parse(json) as ChargeCalculated).passage?.crossingIds.length ?? 0) > 1,
    ).length;
    console.log(
      `killed at committed offsets ${kills.join(', ')} of ${records.length}; ${expected.size} passage charges in both runs, ${multi} of them over several FIRs`,
    );
  });
});
