import { TrajectoryError } from '@overfly/trajectories';
import { describe, expect, it } from 'vitest';
import { ItemError } from './operation.js';
import { diffCrossings, type HeldCrossing } from './operations/crossing-diff.js';
import { parseFlightId } from './operations/flight-track.js';
import { importErrorOf, importOperation } from './operations/import.js';
import { reprocessOperation } from './operations/reprocess.js';

const held = (sequence: number, firId: string, more: Partial<HeldCrossing> = {}): HeldCrossing => ({
  crossingId: `738043-1572773290000-${sequence}-${firId}`,
  flightId: '738043-1572773290000',
  icao24: '738043',
  callsign: 'ELY1747',
  firId,
  firName: null,
  entryTime: 1_572_773_290_000 + sequence * 600_000,
  exitTime: 1_572_773_290_000 + (sequence + 1) * 600_000,
  entryLatitude: 41.8,
  entryLongitude: 12.25,
  exitLatitude: 40.1,
  exitLongitude: 17.9,
  greatCircleDistanceKm: 512.4,
  flownDistanceKm: 530.2,
  departureAirport: null,
  arrivalAirport: null,
  status: 'FINAL',
  sequence,
  exitReason: 'BOUNDARY',
  nextFirId: null,
  ...more,
});

describe('reprocess', () => {
  const op = reprocessOperation({ airspace: null, crossings: null });

  it('takes a period or a list of flights, naming the field at fault', () => {
    expect(op.check({ from: '2026-03-01', to: '2026-03-02' })).toBeNull();
    expect(op.check({ flights: ['738043-1572773290000'] })).toBeNull();
    expect(op.check({})).toMatch(/^filters\.from /);
    expect(op.check({ from: '2026-03-01' })).toMatch(/^filters\.from /);
    expect(op.check({ from: '2026-03-05', to: '2026-03-01' })).toMatch(/^filters\.from /);
    expect(op.check({ flights: ['a', 'b'] })).toMatch(/^filters\.flights "a"/);
    expect(op.check({ flights: [] })).toMatch(/^filters\.flights /);
    // A START sent by another producer is not schema-checked: a wrong type is refused, not thrown.
    expect(op.check({ flights: 'x' as never })).toMatch(/^filters\.flights /);
    expect(op.check({ flights: ['738043-1'], from: '2026-03-01', to: '2026-03-02' })).toMatch(
      /^filters\.flights .*not both/,
    );
  });

  it('reads the icao24 and the first fix from a flightId', () => {
    expect(parseFlightId('738043-1572773290000')).toEqual({
      icao24: '738043',
      startMs: 1_572_773_290_000,
    });
    expect(parseFlightId('738043')).toBeNull();
    expect(parseFlightId('XYZ043-1')).toBeNull();
  });

  it('tells new, changed, same and missing crossings apart, within a centimetre', () => {
    const computed = [
      held(1, 'LIRR', { entryLatitude: 41.8 + 1e-9 }),
      held(2, 'LIBB', { exitTime: 1_572_775_400_000, greatCircleDistanceKm: 600 }),
      held(3, 'LGGG', { callsign: 'ELY1747 ' }),
      held(4, 'LCCC'),
    ];
    const diff = diffCrossings(computed, [
      held(1, 'LIRR'),
      held(2, 'LIBB'),
      held(3, 'LGGG'),
      held(5, 'LLLL'),
    ]);
    expect(diff).toEqual({
      new: ['738043-1572773290000-4-LCCC'],
      changed: [
        {
          crossingId: '738043-1572773290000-2-LIBB',
          fields: ['exitTime', 'greatCircleDistanceKm'],
        },
      ],
      same: 2,
      missing: ['738043-1572773290000-5-LLLL'],
    });
  });
});

describe('import', () => {
  const op = importOperation({ airspace: null, crossings: null });

  it('names uploaded files, one item each, in name order', async () => {
    expect(op.check({ files: ['elal747.json.gz'] })).toBeNull();
    expect(op.check({})).toMatch(/^filters\.files /);
    expect(op.check({ files: [7] as never })).toMatch(/^filters\.files 7/);
    expect(op.check({ files: ['../etc/passwd'] })).toMatch(/^filters\.files "\.\.\/etc\/passwd"/);
    expect(op.check({ files: ['a.csv'], operator: 'BAW' })).toMatch(/^filters\.operator /);
    const f = { files: ['b.csv', 'a.csv', 'c.csv'] };
    expect(await op.count(null as never, f)).toBe(3);
    expect(await op.keys(null as never, f, 'a.csv', 10)).toEqual(['b.csv', 'c.csv']);
  });

  it('turns a whole-file problem into an item error of its category, naming the file', () => {
    const path = '/tmp/overfly-import-x/notes.txt';
    const unknown = importErrorOf(
      new TrajectoryError('TRAJECTORIES_UNKNOWN_FORMAT', `${path}: content not recognised`),
      path,
      'notes.txt',
    );
    expect(unknown).toBeInstanceOf(ItemError);
    expect(unknown).toMatchObject({ category: 'UNKNOWN_FORMAT' });
    expect((unknown as Error).message).not.toContain('/tmp');
    expect(
      importErrorOf(new TrajectoryError('TRAJECTORIES_FILE_UNREADABLE', 'bad gzip'), path, 'x'),
    ).toMatchObject({ category: 'UNREADABLE_FILE' });
    const other = new Error('socket hang up');
    expect(importErrorOf(other, path, 'x')).toBe(other);
  });
});
