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
