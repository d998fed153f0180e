import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import { toJsonlLine } from './jsonl-format.js';
import { openTrajectory } from './read.js';
import { readAll } from './test-support/read-all.js';
import { inTimeOrder } from './time-order.js';

const dir = mkdtempSync(join(tmpdir(), 'overfly-time-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A JSONL recording kept flight by flight: aircraft b's rows, then a's, out of time order. */
function flightByFlight(): string {
  const row = (icao24: string, t: number) =>
    toJsonlLine({
      icao24,
      callsign: null,
      originCountry: null,
      positionTime: t,
      lastContact: t,
      latitude: 46,
      longitude: 7 + t / 1e6,
      baroAltitudeM: 10_000,
      geoAltitudeM: null,
      onGround: null,
      velocityMs: 230,
      trackDeg: 90,
      verticalRateMs: 0,
      squawk: null,
      source: 'REPLAY',
      receivedAt: 0,
    });
  const times = [5_000, 1_000, 3_000, 3_000, 9_000, 7_000, 2_000];
  const b = times.map((t) => row('bbbbbb', t));
  const a = times.map((t) => row('aaaaaa', t + 500));
  const path = join(dir, 'flights.jsonl');
  writeFileSync(path, [...b, 'not json\n', ...a].join(''));
  return path;
}

describe('reading a recording in time order', () => {
  it('sorts it through runs spilled to disk, stably, and removes them', async () => {
    const spillDir = mkdtempSync(join(dir, 'spill-'));
    const file = await openTrajectory(flightByFlight(), { maxBackwardsMs: null });
    const rows = [];
    for await (const row of inTimeOrder(file.rows(), { chunkRows: 3, tmpDir: spillDir }))
      rows.push(row);
    // The bad line is reported first, then every accepted row in time order.
    expect(rows[0]).toMatchObject({ ok: false, line: 8, reason: 'UNPARSEABLE' });
    const accepted = rows.flatMap((r) => (r.ok ? [r] : []));
    const times = accepted.map((r) => r.position.positionTime);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(accepted).toHaveLength(14);
    // Equal times keep the file's order: b's two rows at 3,000 ms are lines 3 and 4.
    expect(accepted.filter((r) => r.position.positionTime === 3_000).map((r) => r.line)).toEqual([
      3, 4,
    ]);
    expect(readdirSync(spillDir)).toEqual([]);
  });

  it('gives the Swiss sample (kept flight by flight) in time order, as an in-memory sort does', async () => {
    const path = dataFile('trajectories/switzerland.json.gz');
    const inFileOrder = await readAll(path, { maxBackwardsMs: null });
    const expected = inFileOrder.accepted
      .map((row, seq) => ({ row, seq }))
      .sort((x, y) => x.row.position.positionTime - y.row.position.positionTime || x.seq - y.seq)
      .map(({ row }) => [row.line, row.position.icao24, row.position.positionTime]);
    const sorted = await readAll(path, { order: 'time' });
    expect(sorted.rejected).toEqual([]);
    expect(
      sorted.accepted.map((r) => [r.line, r.position.icao24, r.position.positionTime]),
    ).toEqual(expected);
    // 139,098 rows read twice and compared: seconds on a quiet machine, far more on a busy one.
  }, 90_000);
});
