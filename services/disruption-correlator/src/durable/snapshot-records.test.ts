import type { CorrelatorStateRecord } from '@overfly/schemas';
import { valueTypeFor } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { handMadeDay } from '../test-support/day.js';
import { Harness } from '../test-support/harness.js';
import { at } from '../test-support/records.js';
import { checkpointKey, checkpointRecords, chunkKey, restoreSnapshot } from './snapshot-records.js';

const positions = [
  { topic: 'flight.events', partition: 0, next: 42 },
  { topic: 'external.weather', partition: 2, next: null },
];

function midDaySnapshot() {
  const h = new Harness();
  h.feedAll(handMadeDay());
  h.until(at('12:00'));
  return h.engine.exportSnapshot();
}

/** The changelog as compaction leaves it after these records. */
function compact(
  records: ReadonlyArray<{ key: string | null; value: CorrelatorStateRecord | null }>,
  into = new Map<string, CorrelatorStateRecord | null>(),
) {
  for (const r of records) if (r.key) into.set(r.key, r.value);
  return into;
}

describe('snapshot records', () => {
  it('write the state in chunks, then the checkpoint that names them, and restore it whole', () => {
    const snapshot = midDaySnapshot();
    const { records, chunkKeys } = checkpointRecords('g', 3, snapshot, positions, 1, []);
    expect(records.at(-1)?.key).toBe(checkpointKey('g'));
    expect(chunkKeys).toEqual(records.slice(0, -1).map((r) => r.key));
    const { restored, strays } = restoreSnapshot('g', compact(records));
    expect(restored?.snapshot).toEqual(snapshot);
    expect(restored?.positions).toEqual(positions);
    expect(strays).toEqual([]);
  });

  it('survive the Avro schema of disruption-correlator.state', () => {
    const type = valueTypeFor('disruption-correlator.state');
    const snapshot = midDaySnapshot();
    const { records } = checkpointRecords('g', 1, snapshot, positions, 1, []);
    const decoded = records.map((r) => ({
      key: r.key,
      value: type.fromBuffer(type.toBuffer(r.value)) as CorrelatorStateRecord,
    }));
    expect(restoreSnapshot('g', compact(decoded)).restored?.snapshot).toEqual(
      JSON.parse(JSON.stringify(snapshot)),
    );
  });

  it('split a large state into several chunks', () => {
    const snapshot = midDaySnapshot();
    const many = {
      ...snapshot,
      legs: Array.from({ length: 3_000 }, (_, i) => ({
        ...(snapshot.legs[0] as (typeof snapshot.legs)[number]),
        scheduleId: `X${i}`,
      })),
    };
    const { records, chunkKeys } = checkpointRecords('g', 1, many, positions, 1, []);
    expect(chunkKeys.length).toBeGreaterThan(1);
    expect(restoreSnapshot('g', compact(records)).restored?.snapshot.legs).toHaveLength(3_000);
  });

  it('leave the previous snapshot whole when a checkpoint is cut short, and name its strays', () => {
    const snapshot = midDaySnapshot();
    const first = checkpointRecords('g', 1, snapshot, positions, 1, []);
    const log = compact(first.records);
    // The next checkpoint's chunks land, its checkpoint record does not.
    const second = checkpointRecords('g', 2, snapshot, [], 2, first.chunkKeys);
    compact(second.records.slice(0, second.chunkKeys.length), log);
    const { restored, strays } = restoreSnapshot('g', log);
    expect(restored?.generation).toBe(1);
    expect(strays).toEqual([...second.chunkKeys].sort());
    // A complete one replaces it and tombstones the old chunks after its checkpoint record.
    const third = checkpointRecords('g', 3, snapshot, [], 3, [...first.chunkKeys, ...strays]);
    compact(third.records, log);
    expect(restoreSnapshot('g', log).restored?.generation).toBe(3);
    expect(
      [...log.entries()].filter(([k, v]) => k.includes('/chunk/') && v !== null).map(([k]) => k),
    ).toEqual(third.chunkKeys);
  });

  it('refuse a checkpoint whose chunks are gone (DISRUPTION_CORRELATOR_STATE_INVALID)', () => {
    const { records } = checkpointRecords('g', 1, midDaySnapshot(), positions, 1, []);
    const log = compact(records);
    log.set(chunkKey('g', 1, 0), null);
    expect(() => restoreSnapshot('g', log)).toThrow(
      expect.objectContaining({ code: 'DISRUPTION_CORRELATOR_STATE_INVALID' }),
    );
  });

  it('ignore another group’s records, and start empty without any', () => {
    const { records } = checkpointRecords('other', 1, midDaySnapshot(), positions, 1, []);
    expect(restoreSnapshot('g', compact(records))).toEqual({ restored: null, strays: [] });
  });
});
