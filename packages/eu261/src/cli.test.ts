import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';
import { journeyDistanceKm } from './distance.js';
import type { Eu261Assessment } from './types.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'overfly-eu261-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  vi.spyOn(console, 'error').mockImplementation((s: unknown) => {
    err.push(String(s));
  });
  return main(argv).then((code) => ({ code, out: out.join(''), err: err.join('\n') }));
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('pnpm overfly eu261', () => {
  it('prints what is owed, the facts, then each reasoning step with its basis', async () => {
    const { code, out, err } = await run([example('missed-connection.json')]);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('EU261: €400.00 owed (booking K7XQ2M, EDDH → EDDF → LPPT)');
    expect(lines[1]).toBe(
      'band B (€400.00), 2197.7 km great circle, arrival 226 min late, MISSED_CONNECTION on legs[0], cause TECHNICAL, no reduction',
    );
    expect(lines[2]).toBe('reasoning:');
    expect(lines.slice(3).map((l) => l.slice(0, l.indexOf('(')).trim())).toEqual([
      '1. SCOPE',
      '2. DISTANCE',
      '3. BAND',
      '4. DISRUPTION',
      '5. DELAY',
      '6. EXTRAORDINARY',
      '7. REDUCTION',
      '8. AMOUNT',
    ]);
    expect(lines[4]).toContain('(Art. 7(1); Art. 7(4); C-559/16 Bossen)');
  });

  it('prints the assessment as JSON with --json', async () => {
    const { code, out } = await run([example('long-haul-delay.json'), '--json']);
    expect(code).toBe(0);
    const assessment = JSON.parse(out) as Eu261Assessment;
    expect(assessment.amount).toEqual({ amountMinor: 30_000, currency: 'EUR' });
    expect(assessment.band).toBe('C');
    expect(assessment.reductionApplied).toBe(true);
    expect(assessment.arrivalDelayMinutes).toBe(216);
    expect(assessment.reasoning.at(-1)?.topic).toBe('AMOUNT');
  });

  it('says nothing is owed for a cancellation in extraordinary circumstances, and why', async () => {
    const { code, out } = await run([example('weather-cancellation.json')]);
    expect(code).toBe(0);
    expect(out).toMatch(/^EU261: nothing owed \(booking R2D4FW, LFPG → LIRF\)\n/);
    expect(out).toContain('cause WEATHER (extraordinary)');
    expect(out).toContain('Evidence: metar:LFPG:2024-12-03T14:30Z, taf:LFPG:2024-12-03T11:00Z.');
    expect(out).toContain('CARE (Art. 5(3); Art. 8; Art. 9; C-12/11 McDonagh)');
  });

  it('exits 2 naming the field of a bad itinerary', async () => {
    const text = readFileSync(example('long-haul-delay.json'), 'utf8').replace(
      '2024-07-02T12:55:00-04:00',
      '2024-07-02 12:55',
    );
    const { code, out, err } = await run([file('bad-time.json', text)]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('EU261_INPUT_INVALID');
    expect(err).toContain('legs[0].scheduledArrival: an ISO 8601 time with a zone');
  });

  it('exits 2 naming the field of an airport it does not know', async () => {
    const text = readFileSync(example('long-haul-delay.json'), 'utf8').replace('"KJFK"', '"KXYZ"');
    const { code, err } = await run([file('unknown-airport.json', text)]);
    expect(code).toBe(2);
    expect(err).toContain('EU261_AIRPORT_UNKNOWN');
    expect(err).toContain('legs[0].to: KXYZ');
  });

  it('exits 2 on a usage error, a missing file or a bad --airports table', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['a.json', 'b.json'])).code).toBe(2);
    expect((await run(['--frobnicate'])).code).toBe(2);
    const missing = await run([join(dir, 'no-such.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read');
    const airports = await run([
      example('long-haul-delay.json'),
      '--airports',
      join(dir, 'none.csv'),
    ]);
    expect(airports.code).toBe(2);
    expect(airports.err).toContain('--airports (AIRPORTS_FILE)');
    expect((await run(['--help'])).code).toBe(0);
  });

  it('looks airports up in the table --airports names', async () => {
    const table = file(
      'airports.csv',
      // KJFK placed one degree of longitude east of EDDF: the table is read, not the bundled one.
      'icao,iata,name,lat,lon,altitude_ft\nEDDF,FRA,Frankfurt,50,8,364\nKJFK,JFK,Made-up,50,9,13\n',
    );
    const { code, out } = await run([
      example('long-haul-delay.json'),
      '--airports',
      table,
      '--json',
    ]);
    expect(code).toBe(0);
    const assessment = JSON.parse(out) as Eu261Assessment;
    expect(assessment.distanceKm).toBe(journeyDistanceKm({ lat: 50, lon: 8 }, { lat: 50, lon: 9 }));
    expect(assessment.distanceKm).toBeCloseTo(71.47, 1);
    expect(assessment.band).toBe('A');
  });

  it('is registered as a command of pnpm overfly', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/overfly.ts', 'eu261', example('long-haul-delay.json')],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out.split('\n')[0]).toBe('EU261: €300.00 owed (booking N8PL3T, EDDF → KJFK)');
  });
});
