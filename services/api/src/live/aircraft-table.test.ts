import { describe, expect, it } from 'vitest';
import { createAircraftTable } from './aircraft-table.js';
import { aircraftState } from './test-support/states.js';

const T0 = Date.UTC(2024, 5, 1, 12);

function clock(start: number) {
  let wall = start;
  return { now: () => wall, advance: (ms: number) => (wall += ms) };
}

describe('the aircraft table', () => {
  it('reports what changed and what was removed since the last drain, once', () => {
    const table = createAircraftTable({ now: () => T0 });
    table.upsert(aircraftState('aaaaaa', T0));
    table.upsert(aircraftState('bbbbbb', T0));
    expect(table.drain().changed.map((e) => e.state.icao24)).toEqual(['aaaaaa', 'bbbbbb']);
    table.upsert(aircraftState('aaaaaa', T0 + 1_000));
    expect(table.remove('bbbbbb')).toBe(true);
    expect(table.remove('cccccc')).toBe(false);
    const { changed, removed } = table.drain();
    expect(changed.map((e) => e.state.positionTime)).toEqual([T0 + 1_000]);
    expect(removed).toEqual(['bbbbbb']);
    expect(table.drain()).toEqual({ changed: [], removed: [] });
    expect(table.size).toBe(1);
  });

  it('keeps only the latest of several updates in one tick', () => {
    const table = createAircraftTable({ now: () => T0 });
    for (let i = 0; i < 5; i++) table.upsert(aircraftState('aaaaaa', T0 + i * 100));
    const { changed } = table.drain();
    expect(changed).toHaveLength(1);
    expect(changed[0]?.state.positionTime).toBe(T0 + 400);
  });

  it('ignores a state older than what it holds, and an exact duplicate', () => {
    const table = createAircraftTable({ now: () => T0 });
    table.upsert(aircraftState('aaaaaa', T0 + 5_000));
    table.drain();
    expect(table.upsert(aircraftState('aaaaaa', T0 + 4_000))).toBe(false);
    expect(table.upsert(aircraftState('aaaaaa', T0 + 5_000))).toBe(false);
    // Same fix, written again later (a callsign learnt): taken.
    expect(
      table.upsert(aircraftState('aaaaaa', T0 + 5_000, { updatedAt: T0 + 6_000, callsign: 'X' })),
    ).toBe(true);
    expect(table.get('aaaaaa')?.state.callsign).toBe('X');
  });

  it('a state after a removal in the same tick brings the aircraft back as changed', () => {
    const table = createAircraftTable({ now: () => T0 });
    table.upsert(aircraftState('aaaaaa', T0));
    table.drain();
    table.remove('aaaaaa');
    table.upsert(aircraftState('aaaaaa', T0 + 1_000));
    const { changed, removed } = table.drain();
    expect(changed).toHaveLength(1);
    expect(removed).toEqual([]);
  });

  it('removes aircraft not updated for staleAfterMs of data time, in a replay of the past', () => {
    // Wall clock a year later than the data: a wall-clock rule would drop everything.
    const wall = clock(T0 + 365 * 86_400_000);
    const table = createAircraftTable({ staleAfterMs: 60_000, now: wall.now });
    table.upsert(aircraftState('aaaaaa', T0));
    table.upsert(aircraftState('bbbbbb', T0));
    expect(table.drain().changed).toHaveLength(2);
    // A fast replay: data time moves 61 s while the wall moves 1 s.
    wall.advance(1_000);
    table.upsert(aircraftState('bbbbbb', T0 + 61_000));
    const { removed, changed } = table.drain();
    expect(removed).toEqual(['aaaaaa']);
    expect(changed.map((e) => e.state.icao24)).toEqual(['bbbbbb']);
  });

  it('empties when the feed stops: the data clock follows the wall clock', () => {
    const wall = clock(T0);
    const table = createAircraftTable({ staleAfterMs: 60_000, now: wall.now });
    table.upsert(aircraftState('aaaaaa', T0));
    table.drain();
    wall.advance(59_000);
    expect(table.drain().removed).toEqual([]);
    wall.advance(2_000);
    expect(table.drain().removed).toEqual(['aaaaaa']);
    expect(table.size).toBe(0);
  });

  it('never shows a state already stale, and a far-future one does not expire the rest', () => {
    const wall = clock(T0);
    const table = createAircraftTable({ staleAfterMs: 60_000, now: wall.now });
    table.upsert(aircraftState('aaaaaa', T0));
    expect(table.upsert(aircraftState('bbbbbb', T0 - 120_000))).toBe(false);
    table.upsert(aircraftState('cccccc', T0 + 86_400_000));
    const { changed, removed } = table.drain();
    expect(changed.map((e) => e.state.icao24)).toEqual(['aaaaaa', 'cccccc']);
    expect(removed).toEqual([]);
    expect(table.dataTime()).toBe(T0);
  });
});
