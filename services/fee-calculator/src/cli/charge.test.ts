import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TARIFF_DIR } from '@overfly/charges';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './charge.js';

const dir = mkdtempSync(join(tmpdir(), 'overfly-charge-'));
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

const crossingLine = {
  crossingId: 'f1:LFFF:1',
  flightId: 'f1',
  icao24: '738043',
  callsign: 'ELY1747',
  firId: 'LFFF',
  firName: 'PARIS',
  entryTime: Date.UTC(2022, 5, 1),
  exitTime: Date.UTC(2022, 5, 1, 1),
  entryLatitude: 48,
  entryLongitude: 2,
  exitLatitude: 49,
  exitLongitude: 3,
  greatCircleDistanceKm: 400,
  flownDistanceKm: 410,
  departureAirport: null,
  arrivalAirport: null,
  status: 'FINAL',
  sequence: 1,
  source: 'REPLAY',
};

describe('pnpm overfly charge', () => {
  it('prints one charge per crossing line and reports a bad line on stderr', async () => {
    const crossing = {
      crossingId: 'f1:LFFF:1',
      flightId: 'f1',
      icao24: '738043',
      callsign: 'ELY1747',
      firId: 'LFFF',
      firName: 'PARIS',
      entryTime: Date.UTC(2022, 5, 1),
      exitTime: Date.UTC(2022, 5, 1, 1),
      entryLatitude: 48,
      entryLongitude: 2,
      exitLatitude: 49,
      exitLongitude: 3,
      greatCircleDistanceKm: 400,
      flownDistanceKm: 410,
      departureAirport: null,
      arrivalAirport: null,
      status: 'FINAL',
      sequence: 1,
      source: 'REPLAY',
    };
    const file = join(dir, 'crossings.jsonl');
    writeFileSync(file, `${JSON.stringify(crossing)}\nnot json\n`);
    const { code, out, err } = await run([file]);
    expect(code).toBe(1);
    const charges = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Shipped tariff: France 2022, 73.24 EUR; B744 p = 2.82, d = 4.00 → 826.1472 → 826.15 EUR.
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({
      status: 'PRICED',
      amount: { amountMinor: 82_615, currency: 'EUR' },
    });
    expect(err).toMatch(/crossings\.jsonl:2: CHARGES_CROSSING_INVALID/);
  });

  it('fails with the error code when the tariff folder is bad', async () => {
    const { code, err } = await run([join(dir, 'none.jsonl'), '--tariff', join(dir, 'missing')]);
    expect(code).toBe(1);
    expect(err).toMatch(/CHARGES_FILE_UNREADABLE/);
  });

  it('refuses impossible crossings with their line number, and prices none of them', async () => {
    const bad = (over: Record<string, unknown>) => JSON.stringify({ ...crossingLine, ...over });
    const file = join(dir, 'impossible.jsonl');
    writeFileSync(
      file,
      [
        bad({ crossingId: 'x1', greatCircleDistanceKm: 80_000 }),
        // JSON has no NaN, but 1e999 parses as Infinity.
        `${bad({ crossingId: 'x2' }).slice(0, -1)},"flownDistanceKm":1e999}`,
        bad({ crossingId: 'x3', greatCircleDistanceKm: 1e12 }),
        bad({ crossingId: 'x4', status: 'final' }),
        bad({
          crossingId: 'x5',
          entryTime: Date.UTC(1990, 0, 1),
          exitTime: Date.UTC(1990, 0, 1, 1),
        }),
        bad({ crossingId: 'x6', exitTime: crossingLine.entryTime - 1 }),
        bad({ crossingId: 'x7', source: 'replay' }),
        bad({ crossingId: 'x8', entryLatitude: 91 }),
      ].join('\n'),
    );
    const { code, out, err } = await run([file]);
    expect(code).toBe(1);
    expect(out).toBe('');
    const lines = err.split('\n').filter((l) => l.includes('impossible.jsonl:'));
    expect(lines.map((l) => l.slice(l.indexOf(':') + 1, l.indexOf(': ')))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ]);
    expect(lines[0]).toMatch(
      /CHARGES_DISTANCE_INVALID: .*80000 is more than half the Earth's circumference/,
    );
    expect(lines[1]).toMatch(/CHARGES_DISTANCE_INVALID: .*flownDistanceKm Infinity/);
    expect(lines[2]).toMatch(/CHARGES_DISTANCE_INVALID: .*1000000000000 is more than half/);
    expect(lines[3]).toMatch(
      /CHARGES_CROSSING_INVALID: .*status "final" is not PROVISIONAL, FINAL/,
    );
    expect(lines[4]).toMatch(
      /CHARGES_CROSSING_INVALID: .*entryTime 1990-01-01T00:00:00.000Z is outside/,
    );
    expect(lines[5]).toMatch(/CHARGES_CROSSING_INVALID: .*exitTime .* is before entryTime/);
    expect(lines[6]).toMatch(/CHARGES_CROSSING_INVALID: .*source "replay" is not one of/);
    expect(lines[7]).toMatch(/CHARGES_CROSSING_INVALID: .*entryLatitude 91 is not a latitude/);
  });

  it('exits 2 on a usage error, naming the flag and its variable', async () => {
    const { code, err } = await run(['--distance', 'rhumb']);
    expect(code).toBe(2);
    expect(err).toMatch(/--distance \(DISTANCE_BASIS\): expected one of GREAT_CIRCLE, FLOWN/);
  });

  it('prices with the tables the service would: TARIFF_DIR, unless --tariff overrides it', async () => {
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, `${JSON.stringify(crossingLine)}\n`);
    const fixture = fileURLToPath(
      new URL('../../../../packages/charges/src/fixtures/tariff', import.meta.url),
    );
    vi.stubEnv('TARIFF_DIR', fixture);
    try {
      const fromEnv = await run([file]);
      expect(fromEnv.err).toMatch(/tariff TEST-FIXTURE\.v1/);
      expect(JSON.parse(fromEnv.out)).toMatchObject({ tariffVersion: 'TEST-FIXTURE.v1' });
      const flagged = await run([file, '--tariff', DEFAULT_TARIFF_DIR]);
      expect(flagged.err).toMatch(/tariff 2026-11\.v2/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads DISTANCE_BASIS like the service, and --distance overrides it', async () => {
    const file = join(dir, 'basis.jsonl');
    writeFileSync(file, `${JSON.stringify(crossingLine)}\n`);
    vi.stubEnv('DISTANCE_BASIS', 'FLOWN');
    try {
      expect(JSON.parse((await run([file])).out)).toMatchObject({ distanceBasis: 'FLOWN' });
      const flagged = await run([file, '--distance', 'great-circle']);
      expect(JSON.parse(flagged.out)).toMatchObject({ distanceBasis: 'GREAT_CIRCLE' });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
