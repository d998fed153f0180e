// Diagnostic for platform-outages' second flight of 4ca257 (a flight id 40 s after the real
// one): can the changelog bookkeeping and the track engine alone, given every record the
// checkpoints wrote, lose an aircraft's state mid-flight? Run over the first hour of the
// Swiss sample (a few hundred aircraft at once, so idle sweeps end and start flights under
// other aircraft's positions), with crashes at seeded random points: commits lost, crashes
// between two slices, and abandoned checkpoints whose records land only after the restore
// has read the changelog. The FINAL crossings must equal the undisturbed run's.
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
type StateRecord = OutgoingRecord<AnalyserStateRecord>;
let updates: PositionUpdate[];

beforeAll(async () => {
  const swiss = await positionsOf([dataFile('trajectories/switzerland.json.gz')], {
    asStream: true,
  });
  updates = swiss.slice(0, 12_000);
}, 60_000);

/** Every record in order, through Avro, as the compacted topic holds it before compaction. */
class Changelog {
  readonly records: Array<[string, AnalyserStateRecord | null]> = [];
  write(records: readonly StateRecord[]): void {
    for (const r of records) {
      const value =
        r.value === null
          ? null
          : (stateType.fromBuffer(stateType.toBuffer(r.value)) as AnalyserStateRecord);
      this.records.push([r.key as string, value]);
    }
  }
  latest(): Map<string, AnalyserStateRecord | null> {
    return new Map(this.records);
  }
}

const collect = (sink: CrossingRecord[]): EngineOutput => ({
  crossing: (c) => sink.push(c),
  event: () => {},
});

function finals(records: CrossingRecord[]): Map<string, string> {
  const byId = new Map<string, string>();
  for (const r of records) if (r.status === 'FINAL') byId.set(r.crossingId, JSON.stringify(r));
  return byId;
}

/** Park–Miller: seeded, so a failure repeats identically. */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16_807) % 2_147_483_647;
    return s / 2_147_483_647;
  };
}

function crashyRun(seed: number): CrossingRecord[] {
  const random = generator(seed);
  const crossings: CrossingRecord[] = [];
  const out = collect(crossings);
  const log = new Changelog();
  let state = new PartitionState(0, deps, {}, 'g');
  let committed = -1;
  let i = 0;
  const ingestUpTo = (end: number) => {
    for (; i < Math.min(end, updates.length); i++) state.ingest(i, updates[i]!, out);
  };
  while (i < updates.length) {
    ingestUpTo(i + 1 + Math.floor(random() * 1_500));
    const run = state.beginCheckpoint(0);
    const crashMidway = random() < 0.3;
    // Written while the broker is away: they land after the restore has read the log.
    const late = random() < 0.4;
    const pending: StateRecord[] = [];
    while (!run.done && i < updates.length) {
      const slice = run.next(16);
      if (late) pending.push(...slice);
      else log.write(slice);
      if (crashMidway) break;
      ingestUpTo(i + Math.floor(random() * 40));
    }
    if (run.done && !late && random() < 0.6) {
      committed = run.offset;
      state.committedOffset = committed;
    }
    ingestUpTo(i + Math.floor(random() * 800));
    if (i >= updates.length) break;
    // Most checkpoints are followed by more: markers are tombstoned by a later one.
    if (!crashMidway && !late && random() < 0.6) continue;
    state = new PartitionState(0, deps, {}, 'g');
    state.restore(log.latest());
    log.write(pending);
    state.committedOffset = committed;
    state.lastOffset = committed;
    i = committed + 1;
  }
  return crossings;
}

describe('the Swiss sample through crashes and restores', () => {
  it.each([3, 7, 13])('ends with the undisturbed FINAL crossings (seed %i)', (seed) => {
    const calm: CrossingRecord[] = [];
    const reference = new PartitionState(0, deps, {}, 'g');
    for (const [i, u] of updates.entries()) reference.ingest(i, u, collect(calm));
    const expected = finals(calm);
    const actual = finals(crashyRun(seed));
    expect(expected.size).toBeGreaterThan(100);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, json] of expected) expect(actual.get(id), id).toBe(json);
  });
});
