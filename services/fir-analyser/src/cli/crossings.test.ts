import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PositionUpdate } from '@overfly/schemas';
import { openTrajectory, toJsonlLine } from '@overfly/trajectories';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../../tests/support/data-files.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'overfly-crossings-'));

function overfly(...args: string[]) {
  return overflyWith({}, ...args);
}

function overflyWith(env: Record<string, string>, ...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/overfly.ts', 'crossings', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env },
    },
  );
}

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const elAl = dataFile('trajectories/elal747.json.gz');
const firsOf = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { firId: string; sequence: number; status: string })
    .sort((a, b) => a.sequence - b.sequence);

describe('pnpm overfly crossings', () => {
  it('reads the FIR file from FIR_GEOJSON as the service does, and --firs overrides it', () => {
    const missing = join(dir, 'no-such-firs.geojson');
    const fromEnv = overflyWith({ FIR_GEOJSON: missing }, elAl);
    expect(fromEnv.status).toBe(1);
    expect(fromEnv.stderr).toContain('GEO_FILE_UNREADABLE');
    expect(fromEnv.stderr).toContain(missing);
    const flagged = overflyWith(
      { FIR_GEOJSON: missing },
      elAl,
      '--firs',
      dataFile('fir/vatspy-boundaries.geojson'),
    );
    expect(flagged.status, flagged.stderr).toBe(0);
  });

  it('refuses a malformed variable as a usage error naming it', () => {
    const run = overflyWith({ LATENESS: 'soon' }, elAl);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('LATENESS');
  });

  // Two passes over 139,098 rows and a sort: about 10 s alone, more on a busy machine.
  it('gives a recording kept flight by flight the crossings of the same rows in time order', {
    timeout: 60_000,
  }, async () => {
    const swiss = dataFile('trajectories/switzerland.json.gz');
    const rows: Array<{ seq: number; position: PositionUpdate }> = [];
    const file = await openTrajectory(swiss, { maxBackwardsMs: null });
    for await (const row of file.rows())
      if (row.ok) rows.push({ seq: rows.length, position: row.position });
    rows.sort((a, b) => a.position.positionTime - b.position.positionTime || a.seq - b.seq);
    const sorted = write(
      'switzerland-by-time.jsonl',
      rows.map((r) => toJsonlLine(r.position)).join(''),
    );

    const asStored = overfly(swiss);
    const byTime = overfly(sorted);
    expect(asStored.status, asStored.stderr).toBe(0);
    expect(byTime.status, byTime.stderr).toBe(0);
    const lines = (out: string) => out.trim().split('\n').sort();
    expect(lines(asStored.stdout)).toEqual(lines(byTime.stdout));
    // Read in file order, 23,683 rows went back in time and 210 flights had no crossing.
    expect(asStored.stderr).toContain('139098 positions, 0 invalid rows');
    const flights = new Set(
      lines(asStored.stdout).map((l) => (JSON.parse(l) as { flightId: string }).flightId),
    );
    expect(flights.size).toBe(1_243);
  });

  it('prints the final crossings of a recording as JSON lines', () => {
    const run = overfly(elAl);
    expect(run.status, run.stderr).toBe(0);
    const crossings = firsOf(run.stdout);
    expect(crossings.map((c) => c.firId)).toEqual(['LIRR', 'LIBB', 'LGGG', 'LCCC', 'LLLL']);
    expect(crossings.every((c) => c.status === 'FINAL')).toBe(true);
    expect(run.stderr).toContain('2110 positions, 0 invalid rows');
  });

  it('goes on past a corrupted line, naming it on stderr', () => {
    const good = JSON.stringify({
      v: 1,
      icao24: 'abc123',
      callsign: null,
      originCountry: null,
      positionTime: 1_700_000_000_000,
      lastContact: 1_700_000_000_000,
      latitude: 46.5,
      longitude: 7.5,
      baroAltitudeM: 11_000,
      geoAltitudeM: null,
      onGround: null,
      velocityMs: 230,
      trackDeg: 90,
      verticalRateMs: 0,
      squawk: null,
      source: 'REPLAY',
      receivedAt: 0,
    });
    const file = write(
      'broken.jsonl',
      `${good}\n{"v":1, this is not json\n${good.replace('1700000000000', '1700000005000').replaceAll('1700000000000', '1700000005000')}\n`,
    );
    const run = overfly(file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/broken\.jsonl:2: UNPARSEABLE/);
    expect(run.stderr).toContain('1 invalid rows');
  });

  it('refuses a file of unknown format with a clear error', () => {
    const run = overfly(write('notes.txt', 'hello, these are not positions\n'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/TRAJECTORIES_UNKNOWN_FORMAT/);
  });

  it('refuses a FIR file that is not polygons, naming the feature', () => {
    const lines = write(
      'lines.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'XXXX' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [0, 0],
                [1, 1],
              ],
            },
          },
        ],
      }),
    );
    const run = overfly(elAl, '--firs', lines);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/crossings: [A-Z_]+: .*XXXX|LineString/);
  });

  it('leaves a FIR out of the charging layer when told to, without a FIR file', () => {
    const run = overfly(elAl, '--exclude', 'LIBB');
    expect(run.status, run.stderr).toBe(0);
    expect(firsOf(run.stdout).map((c) => c.firId)).not.toContain('LIBB');
  });
});

describe('the fir-analyser service', () => {
  it('stops at start-up with the reason when its FIR file is not polygons', () => {
    const lines = write(
      'service-lines.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'YYYY' },
            geometry: { type: 'Point', coordinates: [0, 0] },
          },
        ],
      }),
    );
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'services/fir-analyser/src/main.ts'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env.PATH ?? '', FIR_GEOJSON: lines },
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`fir-analyser: cannot load the FIR layer from ${lines}`);
    expect(run.stderr).not.toMatch(/\n\s+at /); // a reason, not a stack trace
  });
});
