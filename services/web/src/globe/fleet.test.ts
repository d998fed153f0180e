import { describe, expect, it } from 'vitest';
import { toColumns } from './columns.js';
import { NO_FILTER, type TrafficFilter } from './filter.js';
import { Fleet, REMOVE_AFTER_MS } from './fleet.js';
import type { LiveAircraft } from './live-types.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

const aircraft = (icao24: string, over: Partial<LiveAircraft> = {}): LiveAircraft => ({
  icao24,
  callsign: null,
  lat: 50,
  lon: 5,
  alt: 10_000,
  onGround: false,
  speed: 230,
  track: 90,
  vRate: 0,
  squawk: null,
  positionTime: T0,
  ...over,
});

const noFir = () => null;
const filter = (over: Partial<TrafficFilter>): TrafficFilter => ({ ...NO_FILTER, ...over });
const snapshot = (records: LiveAircraft[], t = T0) => toColumns('snapshot', t, records);
const delta = (records: LiveAircraft[], removed: string[] = [], t = T0) =>
  toColumns('delta', t, records, removed);

/** Whether the GPU draws the aircraft (its `shown` attribute). */
const drawn = (fleet: Fleet, icao24: string) => fleet.state[fleet.slotOf(icao24) * 2];
const kind = (fleet: Fleet, icao24: string) => fleet.state[fleet.slotOf(icao24) * 2 + 1];

describe('Fleet.apply', () => {
  it('holds a snapshot: slots, GPU attributes, page-side columns', () => {
    const fleet = new Fleet(NO_FILTER, noFir);
    fleet.apply(
      snapshot([
        aircraft('4ca1d3', { callsign: 'EIN123', squawk: '7000', lat: 53.4, lon: -6.2 }),
        aircraft('3c6444', { alt: null, onGround: true, speed: 5, track: null, vRate: null }),
      ]),
    );
    expect(fleet.total).toBe(2);
    expect(fleet.shown).toBe(2);
    expect(fleet.high).toBe(2);
    expect(fleet.ids().sort()).toEqual(['3c6444', '4ca1d3']);
    expect(fleet.epoch).toBe(T0 - 3_600_000);

    const a = fleet.slotOf('4ca1d3');
    expect(fleet.idOf(a)).toBe('4ca1d3');
    expect(fleet.callsign[a]).toBe('EIN123');
    expect(fleet.squawk[a]).toBe('7000');
    expect(fleet.lat[a]).toBe(53.4);
    expect(fleet.lon[a]).toBe(-6.2);
    expect(fleet.geo[a * 3]).toBeCloseTo(53.4, 5);
    expect(fleet.geo[a * 3 + 2]).toBe(10_000);
    expect([...fleet.motion.subarray(a * 3, a * 3 + 3)]).toEqual([230, 90, 3600]);
    expect(kind(fleet, '4ca1d3')).toBe(0);

    // Missing altitude: NaN for the page, 0 for the GPU; no track: no motion; on the ground.
    const b = fleet.slotOf('3c6444');
    expect(fleet.alt[b]).toBeNaN();
    expect(fleet.geo[b * 3 + 2]).toBe(0);
    expect(fleet.motion[b * 3]).toBe(0);
    expect(fleet.motion[b * 3 + 1]).toBe(0);
    expect(fleet.vRate[b]).toBeNaN();
    expect(fleet.callsign[b]).toBeNull();
    expect(fleet.squawk[b]).toBeNull();
    expect(kind(fleet, '3c6444')).toBe(1);
    expect(fleet.slotOf('000001')).toBe(-1);
  });

  it('upserts a delta by icao24 in place, and removes what it names', () => {
    const fleet = new Fleet(NO_FILTER, noFir);
    fleet.apply(snapshot([aircraft('000001'), aircraft('000002'), aircraft('000003')]));
    const slot = fleet.slotOf('000002');
    const version = fleet.version;

    fleet.apply(
      delta(
        [aircraft('000002', { lat: 51, callsign: 'BAW1', positionTime: T0 + 5_000 })],
        ['000003', 'ffffff'], // an unknown id is ignored
      ),
    );
    expect(fleet.version).toBeGreaterThan(version);
    expect(fleet.slotOf('000002')).toBe(slot);
    expect(fleet.lat[slot]).toBe(51);
    expect(fleet.callsign[slot]).toBe('BAW1');
    expect(fleet.positionTime[slot]).toBe(T0 + 5_000);
    expect(fleet.motion[slot * 3 + 2]).toBe(3605);
    expect(fleet.slotOf('000003')).toBe(-1);
    expect(fleet.total).toBe(2);
    expect(fleet.shown).toBe(2);
    expect(fleet.ids().sort()).toEqual(['000001', '000002']);
  });

  it('replaces everything on a new snapshot', () => {
    const fleet = new Fleet(NO_FILTER, noFir);
    fleet.apply(snapshot([aircraft('000001'), aircraft('000002'), aircraft('000003')]));
    fleet.apply(snapshot([aircraft('00000a')]));
    expect(fleet.ids()).toEqual(['00000a']);
    expect(fleet.total).toBe(1);
    expect(fleet.shown).toBe(1);
    expect(fleet.high).toBe(1);
    expect(fleet.slotOf('00000a')).toBe(0);
  });

  it('reuses a removed aircraft’s slot, so `high` does not grow', () => {
    const fleet = new Fleet(NO_FILTER, noFir);
    fleet.apply(snapshot([aircraft('000001'), aircraft('000002'), aircraft('000003')]));
    const freed = fleet.slotOf('000002');
    fleet.apply(delta([], ['000002']));
    expect(fleet.high).toBe(3);
    expect(fleet.state[freed * 2]).toBe(0); // no longer drawn
    expect(fleet.present[freed]).toBe(0);

    fleet.apply(delta([aircraft('000004', { callsign: 'KLM9' })]));
    expect(fleet.slotOf('000004')).toBe(freed);
    expect(fleet.high).toBe(3);
    expect(fleet.callsign[freed]).toBe('KLM9');
    expect(fleet.idOf(freed)).toBe('000004');
    expect(fleet.total).toBe(3);

    // Arrivals and departures in turn, each delta removing the one before: at most one
    // more slot than the three held.
    let previous = '000004';
    for (let i = 0; i < 50; i++) {
      const id = (0x100 + i).toString(16).padStart(6, '0');
      fleet.apply(delta([aircraft(id)], [previous]));
      previous = id;
    }
    expect(fleet.total).toBe(3);
    expect(fleet.high).toBe(4);
  });

  it('grows beyond its initial capacity, keeping every aircraft’s data', () => {
    const fleet = new Fleet(NO_FILTER, noFir);
    expect(fleet.capacity).toBe(4096);
    const many = Array.from({ length: 5000 }, (_, i) =>
      aircraft((i + 1).toString(16).padStart(6, '0'), {
        lat: -60 + i / 100,
        lon: i / 50,
        alt: i,
        callsign: `T${i}`,
      }),
    );
    fleet.apply(snapshot(many.slice(0, 4096)));
    expect(fleet.capacity).toBe(4096);
    fleet.apply(delta(many.slice(4096)));
    expect(fleet.capacity).toBe(8192);
    expect(fleet.geo.length).toBe(8192 * 3);
    expect(fleet.motion.length).toBe(8192 * 3);
    expect(fleet.state.length).toBe(8192 * 2);
    expect(fleet.total).toBe(5000);
    expect(fleet.shown).toBe(5000);
    expect(fleet.high).toBe(5000);
    for (const i of [0, 1, 2048, 4095, 4096, 4999]) {
      const r = many[i] as LiveAircraft;
      const slot = fleet.slotOf(r.icao24);
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(fleet.idOf(slot)).toBe(r.icao24);
      expect(fleet.lat[slot]).toBe(r.lat);
      expect(fleet.lon[slot]).toBe(r.lon);
      expect(fleet.alt[slot]).toBe(i);
      expect(fleet.geo[slot * 3 + 2]).toBe(i);
      expect(fleet.motion[slot * 3]).toBe(230);
      expect(fleet.state[slot * 2]).toBe(1);
      expect(fleet.present[slot]).toBe(1);
      expect(fleet.callsign[slot]).toBe(`T${i}`);
    }
  });
});

describe('Fleet counts under a filter', () => {
  const traffic = [
    aircraft('000001', { alt: 1_000, callsign: 'AFR1' }),
    aircraft('000002', { alt: 11_000, callsign: 'BAW22' }),
    aircraft('000003', { alt: null, callsign: 'AFR3' }),
    aircraft('000004', { alt: 0, onGround: true, callsign: 'KLM4' }),
  ];

  it('counts shown and total; a delta that moves an aircraft across the filter recounts it', () => {
    const fleet = new Fleet(filter({ minAlt: 5_000 }), noFir);
    fleet.apply(snapshot(traffic));
    expect(fleet.total).toBe(4);
    expect(fleet.shown).toBe(1);
    expect(drawn(fleet, '000002')).toBe(1);
    expect(drawn(fleet, '000001')).toBe(0);
    expect(drawn(fleet, '000003')).toBe(0); // no altitude: not within a bound

    fleet.apply(delta([aircraft('000001', { alt: 6_000, callsign: 'AFR1' })]));
    expect(fleet.shown).toBe(2);
    fleet.apply(delta([aircraft('000002', { alt: 4_000, callsign: 'BAW22' })]));
    expect(fleet.shown).toBe(1);
    // An update that keeps a shown aircraft shown does not count it twice.
    fleet.apply(delta([aircraft('000001', { alt: 7_000, callsign: 'AFR1' })]));
    fleet.apply(delta([aircraft('000001', { alt: 8_000, callsign: 'AFR1' })]));
    expect(fleet.shown).toBe(1);
    // Removing a hidden aircraft leaves shown alone; removing a shown one lowers it.
    fleet.apply(delta([], ['000003']));
    expect(fleet.shown).toBe(1);
    expect(fleet.total).toBe(3);
    fleet.apply(delta([], ['000001']));
    expect(fleet.shown).toBe(0);
    expect(fleet.total).toBe(2);
  });

  it('setFilter recounts every aircraft and back', () => {
    const fleet = new Fleet(NO_FILTER, noFir);
    fleet.apply(snapshot(traffic));
    expect(fleet.shown).toBe(4);

    const version = fleet.version;
    fleet.setFilter(filter({ operators: ['AFR'] }));
    expect(fleet.version).toBeGreaterThan(version);
    expect(fleet.shown).toBe(2);
    expect(drawn(fleet, '000001')).toBe(1);
    expect(drawn(fleet, '000002')).toBe(0);

    fleet.setFilter(filter({ ground: 'ground' }));
    expect(fleet.shown).toBe(1);
    expect(drawn(fleet, '000004')).toBe(1);

    fleet.setFilter(NO_FILTER);
    expect(fleet.shown).toBe(4);
    expect(fleet.total).toBe(4);
  });

  it('asks firAt for the FIR filter, at the aircraft’s position', () => {
    const asked: Array<[number, number]> = [];
    const firAt = (lat: number, lon: number) => {
      asked.push([lat, lon]);
      return lon < 0 ? 'EGTT' : 'LFFF';
    };
    const fleet = new Fleet(NO_FILTER, firAt);
    fleet.apply(
      snapshot([aircraft('000001', { lat: 51, lon: -1 }), aircraft('000002', { lat: 48, lon: 2 })]),
    );
    expect(asked).toEqual([]); // no filter: never asked
    fleet.setFilter(filter({ fir: 'EGTT' }));
    expect(fleet.shown).toBe(1);
    expect(drawn(fleet, '000001')).toBe(1);
    expect(asked).toContainEqual([51, -1]);
  });
});

describe('Fleet.expire', () => {
  it('removes aircraft silent for more than 60 s of data time, and only those', () => {
    const fleet = new Fleet(NO_FILTER, noFir);
    fleet.apply(
      snapshot([
        aircraft('000001', { positionTime: T0 }),
        aircraft('000002', { positionTime: T0 + 30_000 }),
        aircraft('000003', { positionTime: T0 + 50_000 }),
      ]),
    );
    const version = fleet.version;
    expect(fleet.expire(T0 + REMOVE_AFTER_MS)).toBe(0); // exactly 60 s: kept
    expect(fleet.version).toBe(version);
    expect(fleet.expire(T0 + REMOVE_AFTER_MS + 1)).toBe(1);
    expect(fleet.version).toBeGreaterThan(version);
    expect(fleet.ids().sort()).toEqual(['000002', '000003']);
    expect(fleet.total).toBe(2);
    expect(fleet.shown).toBe(2);

    // News keeps an aircraft alive.
    fleet.apply(delta([aircraft('000002', { positionTime: T0 + 100_000 })]));
    expect(fleet.expire(T0 + 120_000)).toBe(1);
    expect(fleet.ids()).toEqual(['000002']);
    expect(fleet.shown).toBe(1);
  });
});

describe('Fleet.select', () => {
  it('marks the selected aircraft, restores the previous one’s kind, forgets it on removal', () => {
    const fleet = new Fleet(NO_FILTER, noFir);
    fleet.apply(snapshot([aircraft('000001', { onGround: true }), aircraft('000002')]));
    const a = fleet.slotOf('000001');
    const b = fleet.slotOf('000002');

    fleet.select(a);
    expect(fleet.selected).toBe(a);
    expect(fleet.state[a * 2 + 1]).toBe(2);

    // A delta for the selected aircraft keeps it selected.
    fleet.apply(delta([aircraft('000001', { onGround: true, lat: 52 })]));
    expect(fleet.state[a * 2 + 1]).toBe(2);

    fleet.select(b);
    expect(fleet.state[a * 2 + 1]).toBe(1); // back to on the ground
    expect(fleet.state[b * 2 + 1]).toBe(2);

    fleet.select(-1);
    expect(fleet.selected).toBe(-1);
    expect(fleet.state[b * 2 + 1]).toBe(0); // back to airborne

    fleet.select(b);
    fleet.apply(delta([], ['000002']));
    expect(fleet.selected).toBe(-1);
    // The freed slot, reused by a newcomer, is not drawn as selected.
    fleet.apply(delta([aircraft('000003')]));
    expect(fleet.slotOf('000003')).toBe(b);
    expect(fleet.state[b * 2 + 1]).toBe(0);
  });
});
