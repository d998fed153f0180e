import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingRecord } from '@overfly/kafka';
import type { AircraftState, PositionUpdate } from '@overfly/schemas';
import { type RowRejection, toJsonlLine } from '@overfly/trajectories';
import type { ReplayOptions } from '../run-replay.js';
import type { ReplaySink } from '../sink.js';

/** A sink that keeps what it is given, for unit tests of the replay loop. */
export function memorySink() {
  const updates: PositionUpdate[] = [];
  const states: Array<OutgoingRecord<AircraftState>> = [];
  const letters: Array<{ path: string; row: RowRejection }> = [];
  const sink: ReplaySink = {
    sendUpdates: async (records) => {
      for (const r of records) if (r.value) updates.push(r.value);
    },
    sendStates: async (records) => {
      states.push(...records);
    },
    deadLetter: async (file, row) => {
      letters.push({ path: file.path, row });
    },
  };
  return { sink, updates, states, letters };
}

export const baseOptions: Omit<ReplayOptions, 'files'> = {
  speed: 'max',
  startOffsetMs: 0,
  loop: false,
  maxGapMs: null,
  batchSize: 500,
  order: 'file',
  maxBackwardsMs: 60_000,
  stateThrottleMs: 1_000,
  // The fake clocks barely move: throttle by event time only, as these tests describe.
  stateWallThrottleMs: 0,
  tombstoneAfterMs: 300_000,
  atEnd: 'keep',
};

/** One JSONL line of aircraft `icao24` at epoch ms `t` (the format flight-producer records). */
export function jsonlLine(icao24: string, t: number, latitude = 46.5): string {
  return toJsonlLine({
    icao24,
    callsign: 'TST1',
    originCountry: null,
    positionTime: t,
    lastContact: t,
    latitude,
    longitude: 7.5,
    baroAltitudeM: 10_000,
    geoAltitudeM: null,
    onGround: false,
    velocityMs: 220,
    trackDeg: 90,
    verticalRateMs: 0,
    squawk: '1000',
    source: 'OPENSKY_LIVE',
    receivedAt: t,
  });
}

/** Writes `text` to a new temporary file and returns its path. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'overfly-replay-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * Two aircraft for the tombstone rule: `aaaaaa` reports for 1 minute and falls silent,
 * `bbbbbb` reports every 10 s for 10 minutes, so event time passes aaaaaa's idle limit.
 */
export function twoAircraftJsonl(t0 = 1_700_000_000_000): string {
  const lines: string[] = [];
  for (let s = 0; s <= 600; s += 10) {
    if (s <= 60) lines.push(jsonlLine('aaaaaa', t0 + s * 1000));
    lines.push(jsonlLine('bbbbbb', t0 + s * 1000, 47));
  }
  return lines.join('');
}
