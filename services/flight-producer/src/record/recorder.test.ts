import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PositionUpdate } from '@overfly/schemas';
import { openTrajectory } from '@overfly/trajectories';
import { describe, expect, it } from 'vitest';
import { createRecorder, hourlyFileName } from './recorder.js';

function update(t: number): PositionUpdate {
  return {
    icao24: '4b1805',
    callsign: 'SWR123',
    originCountry: 'Switzerland',
    positionTime: t,
    lastContact: t + 100,
    latitude: 46.9,
    longitude: 7.5,
    baroAltitudeM: 11_277.6,
    geoAltitudeM: null,
    onGround: false,
    velocityMs: 231.5,
    trackDeg: 58.2,
    verticalRateMs: null,
    squawk: '0700',
    source: 'OPENSKY_LIVE',
    receivedAt: t + 900,
  };
}

const H10_59 = Date.UTC(2024, 8, 17, 10, 59, 50);
const H11_00 = Date.UTC(2024, 8, 17, 11, 0, 0);

describe('recording live positions', () => {
  it('names files by UTC hour', () => {
    expect(hourlyFileName(H10_59)).toBe('positions-2024-09-17T10.jsonl');
  });

  it('rotates every hour and writes JSONL the replay reader reads back unchanged', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'overfly-record-')), 'nested');
    const recorder = createRecorder(dir);
    await recorder.write([update(H10_59 - 5_000), update(H10_59)], H10_59);
    await recorder.write([update(H11_00)], H11_00);
    await recorder.close();
    expect(readdirSync(dir).sort()).toEqual([
      'positions-2024-09-17T10.jsonl',
      'positions-2024-09-17T11.jsonl',
    ]);

    const positions: PositionUpdate[] = [];
    const file = await openTrajectory(join(dir, 'positions-2024-09-17T10.jsonl'));
    expect(file.format).toBe('overfly-jsonl');
    for await (const row of file.rows()) if (row.ok) positions.push(row.position);
    expect(positions.map((p) => p.positionTime)).toEqual([H10_59 - 5_000, H10_59]);
    expect(positions[1]).toMatchObject({
      icao24: '4b1805',
      lastContact: H10_59 + 100,
      squawk: '0700',
      originCountry: 'Switzerland',
      baroAltitudeM: 11_277.6,
      verticalRateMs: null,
    });
  });

  it('appends to the hour file after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overfly-record-'));
    for (const t of [H10_59 - 1_000, H10_59]) {
      const recorder = createRecorder(dir);
      await recorder.write([update(t)], t);
      await recorder.close();
    }
    const file = await openTrajectory(join(dir, hourlyFileName(H10_59)));
    let rows = 0;
    for await (const _ of file.rows()) rows += 1;
    expect(rows).toBe(2);
  });
});
