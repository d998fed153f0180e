import { defaultAirports, defaultFirLayer } from '@overfly/geo';
import type { OutgoingRecord } from '@overfly/kafka';
import { type AnalyserStateRecord, type PositionUpdate, valueTypeFor } from '@overfly/schemas';
import type { CrossingRecord, EngineOutput } from '@overfly/tracking';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataFile } from '../../../tests/support/data-files.js';
import { PartitionState } from './partition-state.js';
import { positionsOf } from './test-support/input.js';

const deps = { layer: defaultFirLayer(), airports: defaultAirports() };
const stateType = valueTypeFor('fir-analyser.state');
let updates: PositionUpdate[];

beforeAll(async () => {
  const positions = await positionsOf(
    ['trajectories/elal747.json.gz', 'trajectories/dreamliner_airfrance.json.gz'].map(dataFile),
    { asStream: true },
  );
  updates = positions;
});

const collect = (sink: CrossingRecord[]): EngineOutput => ({
  crossing: (c) => sink.push(c),
  event: () => {},
});

/** A changelog as Kafka keeps it: every record in order, through Avro. */
class Changelog {
  readonly records: Array<[string, AnalyserStateRecord | null]> = [];
  write(records: ReadonlyArray<OutgoingRecord<AnalyserStateRecord>>): void {
    for (const r of records) {
      const value =
        r.value === null
          ? null
          : (stateType.fromBuffer(stateType.toBuffer(r.value)) as AnalyserStateRecord);
      this.records.push([r.key as string, value]);
    }
  }
  /** A whole checkpoint, taken at once. */
  append(state: PartitionState): void {
    this.write(state.beginCheckpoint(0).next(Number.POSITIVE_INFINITY));
  }
  latest(): Map<string, AnalyserStateRecord | null> {
    return new Map(this.records);
  }
}

function finals(records: CrossingRecord[]): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const r of records) {
    if (r.status !== 'FINAL') continue;
    const versions = byId.get(r.crossingId) ?? [];
    const json = JSON.stringify(r);
    if (!versions.includes(json)) versions.push(json);
    byId.set(r.crossingId, versions);
  }
  return byId;
}

describe('a partition restored from its changelog', () => {
  it('does not bring back an aircraft whose flight ended after an earlier snapshot of it', () => {
    const elAl = updates.filter((u) => u.icao24 === '738043');
    const live = new PartitionState(0, deps, {}, 'test-group');
    const log = new Changelog();
    const sink: CrossingRecord[] = [];
    elAl.forEach((u, i) => {
      live.ingest(i, u, collect(sink));
      if (i === 1_000) log.append(live); // mid-flight snapshot
    });
    // Another aircraft, 20 minutes later, moves the partition's clock past the 10-minute
    // gap: the El Al flight (landed at LLBG) is closed and the aircraft dropped.
    const last = elAl.at(-1)!;
    live.ingest(
      elAl.length,
      { ...last, icao24: 'abcdef', positionTime: last.positionTime + 20 * 60_000 },
      collect(sink),
    );
    live.committedOffset = 1_000;
    log.append(live); // a marker replaces the El Al snapshot
    expect(
      log.records.filter(([k]) => k === 'test-group/738043').map(([, v]) => v?.aircraft === null),
    ).toEqual([false, true]);

    const restored = new PartitionState(0, deps, {}, 'test-group');
    restored.restore(log.latest());
    expect(restored.engine.trackedAircraft).toBe(1); // only the other aircraft
    // Redelivered from the last commit, the flight's own fixes are known to be absorbed.
    const redelivered: CrossingRecord[] = [];
    for (const [i, u] of elAl.slice(1_001).entries())
      restored.ingest(1_001 + i, u, collect(redelivered));
    expect(redelivered).toEqual([]);
    expect(restored.skipped).toBe(elAl.length - 1_001);
  });

  it('continues to the same final crossings after crashes at random points, commits lost or not', () => {
    const calm: CrossingRecord[] = [];
    const reference = new PartitionState(0, deps, {}, 'test-group');
    for (const [i, u] of updates.entries()) reference.ingest(i, u, collect(calm));

    const crashy: CrossingRecord[] = [];
    const out = collect(crashy);
    const log = new Changelog();
    let seed = 11;
    // Park–Miller: a seeded generator, so a failure repeats identically.
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    let state = new PartitionState(0, deps, {}, 'test-group');
    let committed = -1;
    let i = 0;
    let crashes = 0;
    let midway = 0;
    while (i < updates.length) {
      const checkpointAt = Math.min(updates.length - 1, i + Math.floor(random() * 3_000));
      for (; i <= checkpointAt; i++) state.ingest(i, updates[i]!, out);
      // In slices of one aircraft, positions ingested between two slices, as the runner
      // does; now and then a crash before the last slice, its earlier ones written.
      const run = state.beginCheckpoint(0);
      const crashMidway = random() < 0.3;
      while (!run.done && i < updates.length) {
        log.write(run.next(1));
        if (crashMidway) break;
        const upTo = Math.min(updates.length, i + Math.floor(random() * 40));
        for (; i < upTo; i++) state.ingest(i, updates[i]!, out);
      }
      if (!run.done) midway++;
      else if (random() < 0.6) {
        committed = run.offset; // else the commit was lost with the crash
        state.committedOffset = committed;
      }
      const crashAt = Math.min(updates.length, i + Math.floor(random() * 1_500));
      for (; i < crashAt; i++) state.ingest(i, updates[i]!, out);
      if (i >= updates.length) break;
      state = new PartitionState(0, deps, {}, 'test-group');
      state.restore(log.latest());
      state.committedOffset = committed;
      state.lastOffset = committed;
      i = committed + 1;
      crashes++;
    }
    expect(crashes).toBeGreaterThan(5);
    expect(midway).toBeGreaterThan(0);
    const expected = finals(calm);
    const actual = finals(crashy);
    expect(expected.size).toBeGreaterThan(20);
    for (const [id, versions] of actual) expect(versions, id).toEqual(expected.get(id));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  });
});

describe('changelog keys', () => {
  it('belong to the consumer group, so another group on the same topics restores none of them', () => {
    const mine = new PartitionState(0, deps, {}, 'group-a');
    for (const [i, u] of updates.slice(0, 500).entries())
      mine.ingest(i, u, { crossing() {}, event() {} });
    const log = new Changelog();
    log.append(mine);
    expect([...log.latest().keys()].every((k) => k.startsWith('group-a/'))).toBe(true);

    const other = new PartitionState(0, deps, {}, 'group-b');
    other.restore(log.latest());
    expect(other.engine.trackedAircraft).toBe(0);
    const same = new PartitionState(0, deps, {}, 'group-a');
    same.restore(log.latest());
    expect(same.engine.trackedAircraft).toBe(mine.engine.trackedAircraft);
  });
});
