import { describe, expect, it } from 'vitest';
import { TrajectoryError } from './errors.js';
import { openTrajectory } from './read.js';
import { fixture, readAll } from './test-support/read-all.js';

const summary = (rows: Awaited<ReturnType<typeof readAll>>['rejected']) =>
  rows.map(({ line, reason }) => ({ line, reason }));

describe('an OpenSky states CSV with corrupted lines', () => {
  it('accepts the good lines and reports each bad one with its line number and reason', async () => {
    const { format, accepted, rejected } = await readAll(fixture('states-corrupted.csv'));
    expect(format).toBe('opensky-csv');
    expect(accepted.map((row) => row.line)).toEqual([2, 6]);
    expect(summary(rejected)).toEqual([
      { line: 3, reason: 'UNPARSEABLE' },
      { line: 4, reason: 'POSITION_OUT_OF_RANGE' },
      { line: 5, reason: 'BAD_ICAO24' },
      { line: 7, reason: 'MISSING_POSITION' },
      { line: 8, reason: 'TIME_NOT_MONOTONIC' },
    ]);
    expect(rejected[0]?.raw).toBe('1480759210,4b1805,46.9200,7.5100,231.7,58.3');
    expect(rejected[0]?.message).toBe('6 fields, expected 16');
  });

  it('normalises icao24 and callsign and keeps SI values, timed by the last position update', async () => {
    const { accepted, positions } = await readAll(fixture('states-corrupted.csv'), {
      now: () => 42,
    });
    expect(accepted[0]?.line).toBe(2);
    expect(positions[0]).toEqual({
      icao24: '4b1805',
      callsign: 'SWR123',
      originCountry: null,
      positionTime: 1_480_759_199_500,
      lastContact: 1_480_759_199_900,
      latitude: 46.9123,
      longitude: 7.4987,
      baroAltitudeM: 11_277.6,
      geoAltitudeM: 11_430,
      onGround: false,
      velocityMs: 231.5,
      trackDeg: 58.2,
      verticalRateMs: -1.3,
      squawk: '1000',
      source: 'REPLAY',
      receivedAt: 42,
    });
    expect(positions[1]).toMatchObject({ onGround: true, velocityMs: null, callsign: null });
  });

  it('tolerates a step back in time up to the configured limit', async () => {
    const { rejected } = await readAll(fixture('states-corrupted.csv'), {
      maxBackwardsMs: 200_000,
    });
    expect(rejected.map((r) => r.reason)).not.toContain('TIME_NOT_MONOTONIC');
  });

  it('reads a states CSV without a header in the states_all column order', async () => {
    const { format, accepted } = await readAll(fixture('states-headerless.csv'));
    expect(format).toBe('opensky-csv');
    expect(
      accepted.map((row) => [row.line, row.position.icao24, row.position.positionTime]),
    ).toEqual([
      [1, '3c6444', 1_480_759_199_000],
      [2, '3c6444', 1_480_759_209_000],
    ]);
  });
});

describe('an Overfly JSONL recording with bad lines', () => {
  it('skips blank lines and reports bad JSON, unknown versions and time going back', async () => {
    const { format, accepted, positions, rejected } = await readAll(
      fixture('positions-corrupted.jsonl'),
    );
    expect(format).toBe('overfly-jsonl');
    expect(accepted.map((row) => row.line)).toEqual([1, 3]);
    expect(summary(rejected)).toEqual([
      { line: 2, reason: 'UNPARSEABLE' },
      { line: 5, reason: 'UNSUPPORTED_VERSION' },
      { line: 6, reason: 'TIME_NOT_MONOTONIC' },
    ]);
    expect(positions[0]).toMatchObject({
      positionTime: 1_700_000_000_000,
      lastContact: 1_700_000_000_120,
      originCountry: 'Switzerland',
      baroAltitudeM: 11_277.6,
    });
  });
});

describe('a traffic JSON file cut short', () => {
  it('yields the complete records, reports a non-numeric latitude and the cut record', async () => {
    const { format, positions, rejected } = await readAll(fixture('traffic-truncated.txt'));
    expect(format).toBe('traffic-json');
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ callsign: 'ELY1747', squawk: '0000' });
    expect(summary(rejected)).toEqual([
      { line: 2, reason: 'UNPARSEABLE' },
      { line: 3, reason: 'UNPARSEABLE' },
    ]);
    expect(rejected[1]?.message).toBe('the file ends inside the array');
  });
});

describe('files that cannot be read as trajectories', () => {
  it('refuses an unrecognised format with TRAJECTORIES_UNKNOWN_FORMAT', async () => {
    const error = await openTrajectory(fixture('mystery.txt')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrajectoryError);
    expect(error).toMatchObject({ code: 'TRAJECTORIES_UNKNOWN_FORMAT', retriable: false });
  });

  it('refuses a missing file with TRAJECTORIES_FILE_NOT_FOUND', async () => {
    await expect(openTrajectory(fixture('nope.csv'))).rejects.toMatchObject({
      code: 'TRAJECTORIES_FILE_NOT_FOUND',
    });
  });

  it('reads a file as the format it is told, even against its content', async () => {
    const file = await openTrajectory(fixture('states-headerless.csv'), { format: 'openap-csv' });
    await expect(file.rows().next()).rejects.toMatchObject({
      code: 'TRAJECTORIES_FILE_UNPARSEABLE',
    });
  });
});
