import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulation, loadScenario } from '@overfly/scenarios';
import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedRuntime } from '../../../tests/support/kafka-runtime.js';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const START = '2024-09-17T08:00:00Z';

// The built-in A319 from its gate, and 30 generated aircraft already in the air over Europe.
const scenarioFile = join(mkdtempSync(join(tmpdir(), 'overfly-simulate-')), 'mixed.json');
writeFileSync(
  scenarioFile,
  JSON.stringify({
    name: 'mixed',
    seed: 11,
    duration: '20m',
    flights: [
      {
        kind: 'scripted',
        origin: 'LFPG',
        destination: 'ESSA',
        icao24: '3946e9',
        callsign: 'AFR91HL',
      },
      {
        kind: 'generated',
        count: 30,
        airports: ['EGLL', 'EDDF', 'LEMD', 'LIRF', 'EKCH', 'LOWW'],
        startAirborne: true,
      },
    ],
  }),
);

describe('flight-producer MODE=simulate at max speed through Kafka', () => {
  let ctx: Awaited<ReturnType<typeof isolatedRuntime>>;
  const offline = [
    ...createSimulation(loadScenario(scenarioFile, { start: Date.parse(START) })).positions(),
  ];
  const updates: PositionUpdate[] = [];
  const states: Array<{ key: string | null; value: AircraftState | null }> = [];

  beforeAll(async () => {
    ctx = await isolatedRuntime('simulate');
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        MODE: 'simulate',
        SCENARIO: scenarioFile,
        SIMULATE_SPEED: 'max',
        SIMULATE_START: START,
        SIMULATE_AT_END: 'keep',
        TOPIC_PREFIX: ctx.prefix,
        LOG_LEVEL: 'warn',
      },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code, output).toBe(0);
    await ctx.runtime.readToEnd('flights.updates', (m) => {
      if (m.value) updates.push(m.value);
    });
    await ctx.runtime.readToEnd('flights.state', (m) => {
      states.push({ key: m.key, value: m.value });
    });
  });

  it('publishes as many positions as the offline generator makes, and the same ones', () => {
    expect(offline.length).toBeGreaterThan(3_000);
    expect(updates).toHaveLength(offline.length);
    const key = (p: PositionUpdate) => `${p.icao24} ${p.positionTime} ${p.latitude} ${p.longitude}`;
    expect(updates.map(key).sort()).toEqual(offline.map(key).sort());
    expect(updates.every((u) => u.source === 'SIMULATED')).toBe(true);
  });

  it('leaves the last position of every aircraft still around on flights.state', () => {
    const latest = new Map(states.map((s) => [s.key, s.value]));
    const lastFix = new Map(offline.map((p) => [p.icao24, p]));
    expect(latest.size).toBe(31);
    expect(latest.get('3946e9')).toMatchObject({
      callsign: 'AFR91HL',
      positionTime: lastFix.get('3946e9')?.positionTime,
      firstSeen: offline.find((p) => p.icao24 === '3946e9')?.positionTime,
    });
    for (const [icao24, state] of latest) {
      if (state)
        expect(state.positionTime, icao24 ?? '').toBe(lastFix.get(icao24 ?? '')?.positionTime);
    }
  });
});
