import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';

/** What main writes to stdout and stderr, and its exit code. */
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((text) => out.push(String(text)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((text) => err.push(String(text)) > 0);
  const code = await main(argv);
  return { code, out: out.join(''), err: err.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('pnpm overfly network', () => {
  it('prints the day of a built-in with its ground truth', async () => {
    const { code, out } = await run(['network-cascade']);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^network-cascade: 2024-09-17T06:00:00.000Z to 2024-09-17T14:00:00.000Z, seed 51/,
    );
    expect(out).toContain('12 airports, 6 airlines, 96 aircraft');
    expect(out).toMatch(/MAJOR {2}CASCADING_DELAY +\d{2}:\d{2}–\d{2}:\d{2} +EBBR/);
  });

  it('prints the same as JSON, with the seed and start it is given', async () => {
    const { code, out } = await run([
      'network-normal',
      '--json',
      '--seed',
      '12',
      '--start',
      '2025-01-10T05:00:00Z',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({
      name: 'network-normal',
      seed: 12,
      start: '2025-01-10T05:00:00.000Z',
      aircraft: 96,
    });
    expect(summary.groundTruth.filter((g: { major: boolean }) => g.major)).toEqual([]);
  });

  it('says what is wrong with its arguments or the scenario, exit 2', async () => {
    expect(await run([])).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage: pnpm overfly network'),
    });
    expect(await run(['network-normal', '--seed', 'x'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--seed (NETWORK_SEED)'),
    });
    expect(await run(['no-such-day'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^SCENARIOS_NOT_FOUND/),
    });
  });
});
