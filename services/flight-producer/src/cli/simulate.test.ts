import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulation, loadScenario } from '@overfly/scenarios';
import { openTrajectory } from '@overfly/trajectories';
import { describe, expect, it, vi } from 'vitest';
import { main, parseSimulateArgs } from './simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'overfly-simulate-cli-'));

async function quietly(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('pnpm overfly simulate', () => {
  it('reads its options', () => {
    expect(
      parseSimulateArgs(
        ['europe-day', '--out', 'x.jsonl', '--start', 'now', '--seed', '3', '--duration', '2h'],
        1_000,
      ),
    ).toEqual({
      scenario: 'europe-day',
      out: 'x.jsonl',
      start: 1_000,
      seed: 3,
      durationMs: 7_200_000,
      registryOut: null,
    });
    expect(() => parseSimulateArgs([])).toThrow('no scenario given');
    expect(() => parseSimulateArgs(['a', '--start', 'tomorrow'])).toThrow('--start');
    expect(() => parseSimulateArgs(['a', '--duration', '10'])).toThrow(
      '--duration (SIMULATE_DURATION): expected a duration like 250ms, 10s, 5m, 1h30m (a unit is required) and more than 0s, got "10"',
    );
    expect(() => parseSimulateArgs(['a', '--duration', '0s'])).toThrow('--duration');
  });

  it('reads the simulate mode variables, each overridden by its flag', () => {
    const env = { SIMULATE_SEED: '7', SIMULATE_START: '2024-01-01T00:00:00Z' };
    expect(parseSimulateArgs(['europe-day'], 1_000, env)).toMatchObject({
      seed: 7,
      start: Date.UTC(2024, 0, 1),
      durationMs: undefined,
    });
    expect(parseSimulateArgs(['europe-day', '--seed', '9'], 1_000, env)).toMatchObject({
      seed: 9,
    });
    expect(() => parseSimulateArgs(['europe-day'], 1_000, { SIMULATE_SEED: '-1' })).toThrow(
      /SIMULATE_SEED/,
    );
  });

  it('writes the scenario as Overfly JSONL that the trajectory readers take whole', async () => {
    const out = join(dir, 'a319.jsonl');
    const { code, stderr } = await quietly(['a319-north', '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^a319-north: 807 positions, 1 flights/);
    const file = await openTrajectory(out);
    expect(file.format).toBe('overfly-jsonl');
    const rows = [];
    for await (const row of file.rows()) rows.push(row);
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    const offline = [...createSimulation(loadScenario('a319-north')).positions()];
    expect(rows.map((r) => (r.ok ? r.position.positionTime : 0))).toEqual(
      offline.map((p) => p.positionTime),
    );
  });

  it('writes registry rows for the aircraft the bundled registry lacks', async () => {
    const scenario = join(dir, 'two.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        name: 'two',
        seed: 5,
        start: '2024-09-17T08:00:00Z',
        duration: '30m',
        flights: [
          { kind: 'scripted', origin: 'LFPG', destination: 'ESSA', icao24: '3946e9' },
          { kind: 'scripted', origin: 'EGLL', destination: 'EDDF', type: 'A320' },
        ],
      }),
    );
    const registry = join(dir, 'registry.csv');
    const { code } = await quietly([
      scenario,
      '--out',
      join(dir, 'two.jsonl'),
      '--registry-out',
      registry,
    ]);
    expect(code).toBe(0);
    expect(readFileSync(registry, 'utf8')).toBe(
      'icao24,type,source\nbffffe,A320,"synthetic: Overfly scenario two, seed 5"\n',
    );
  });

  it('exits 2 naming the field of a bad scenario, and the built-ins for an unknown name', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        seed: 1,
        duration: '1h',
        flights: [{ kind: 'scripted', origin: 'LFPG', destination: 'QQQQ' }],
      }),
    );
    const invalid = await quietly([bad, '--start', 'now', '--out', join(dir, 'bad.jsonl')]);
    expect(invalid).toMatchObject({ code: 2 });
    expect(invalid.stderr).toContain('flights[0].destination: unknown airport "QQQQ"');
    const unknown = await quietly(['moon-day']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('a319-north');
    expect((await quietly(['europe-day', '--seed', 'x'])).code).toBe(2);
  });
});
