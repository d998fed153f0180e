import { describe, expect, it } from 'vitest';
import { TrackEngine } from './engine.js';
import { collector, position } from './test-support/collect.js';
import { airport, airportIndex, boxLayer } from './test-support/fake-geo.js';
import type { TrackedPosition } from './types.js';

// Four 1°×1° FIRs around the equator: A | B on the bottom row, C | D above them.
const layer = boxLayer([
  { id: 'AAAA', west: 0, south: 0, east: 1, north: 1 },
  { id: 'BBBB', west: 1, south: 0, east: 2, north: 1 },
  { id: 'CCCC', west: 0, south: 1, east: 1, north: 2 },
  { id: 'DDDD', west: 1, south: 1, east: 2, north: 2 },
]);
const airports = airportIndex([airport('XAAA', 0.2, 0.5, 100), airport('XBBB', 1.8, 0.5, 0)]);

function engine(config = {}) {
  return new TrackEngine({ layer, airports }, { latenessMs: 0, ...config });
}

/** A straight track: fixes every `stepMs` from (lon, lat) moving (dLon, dLat) degrees per step. */
function track(
  n: number,
  lon: number,
  lat: number,
  dLon: number,
  dLat: number,
  stepMs = 10_000,
  t0 = 0,
  extra: Partial<TrackedPosition> = {},
): TrackedPosition[] {
  return Array.from({ length: n }, (_, k) =>
    position(t0 + k * stepMs, lon + dLon * k, lat + dLat * k, extra),
  );
}

function run(fixes: readonly TrackedPosition[], config = {}) {
  const e = engine(config);
  const out = collector();
  for (const f of fixes) e.ingest(f, out);
  e.flush(out);
  return out;
}

const firSequence = (out: ReturnType<typeof collector>) =>
  out
    .finals()
    .sort((a, b) => a.sequence - b.sequence)
    .map((c) => c.firId);

describe('FIR crossings', () => {
  it('interpolates entry and exit exactly on a square boundary, in time and position', () => {
    const out = run(track(40, 0.5, 0.5, 0.03, 0));
    const [a, b] = out.finals().sort((x, y) => x.sequence - y.sequence);
    // lon 1 is reached at k = 16.67 steps of 10 s.
    expect(a).toMatchObject({
      firId: 'AAAA',
      exitTime: 166_667,
      exitLongitude: 1,
      exitLatitude: 0.5,
    });
    expect(b).toMatchObject({
      firId: 'BBBB',
      entryTime: 166_667,
      entryLongitude: 1,
      entryLatitude: 0.5,
    });
    expect(b?.exitTime).toBe(390_000);
  });

  it('counts the boundary-to-fix pieces in the flown distance of both FIRs', () => {
    const out = run(track(40, 0.5, 0.5, 0.03, 0));
    const [a, b] = out.finals().sort((x, y) => x.sequence - y.sequence);
    const total = (a?.flownDistanceKm ?? 0) + (b?.flownDistanceKm ?? 0);
    expect(total).toBeCloseTo(39 * 0.03 * 111.195, 0);
    expect(a?.flownDistanceKm).toBeCloseTo(0.5 * 111.195, 0);
    expect(a?.greatCircleDistanceKm).toBeCloseTo(0.5 * 111.195, 0);
  });

  it('keeps a corner clip of a third FIR that lasts longer than the dwell', () => {
    // Heading north-east past the corner (1, 1): A, then B for ~20 s, then D.
    const out = run(track(40, 0.5, 0.55, 0.03, 0.024));
    expect(firSequence(out)).toEqual(['AAAA', 'BBBB', 'DDDD']);
  });

  it('finds a corner clip inside a single long segment', () => {
    const out = run(track(12, 0.5, 0.55, 0.18, 0.144, 60_000));
    expect(firSequence(out)).toEqual(['AAAA', 'BBBB', 'DDDD']);
  });

  it('ignores a visit shorter than minCrossingMs that returns to the same FIR (boundary ping-pong)', () => {
    // East along lat 0.5, a 4 s dip into B and straight back.
    const fixes = [
      ...track(25, 0.5, 0.5, 0.02, 0),
      position(250_000, 1.003, 0.5),
      position(254_000, 0.997, 0.5),
      ...track(10, 0.99, 0.5, -0.02, 0, 10_000, 264_000),
    ];
    const out = run(fixes);
    expect(firSequence(out)).toEqual(['AAAA']);
    expect(out.events.filter((e) => e.type === 'FIR_ENTRY')).toHaveLength(1);
  });

  it('gives a flight that leaves and re-enters a FIR a new crossing each time', () => {
    const fixes = [
      ...track(20, 0.5, 0.5, 0.05, 0),
      ...track(20, 1.45, 0.5, -0.05, 0, 10_000, 200_000),
    ];
    const out = run(fixes);
    const finals = out.finals().sort((a, b) => a.sequence - b.sequence);
    expect(finals.map((c) => [c.sequence, c.firId])).toEqual([
      [1, 'AAAA'],
      [2, 'BBBB'],
      [3, 'AAAA'],
    ]);
    expect(new Set(finals.map((c) => c.crossingId)).size).toBe(3);
  });

  it('publishes each crossing PROVISIONAL at entry and FINAL at exit under the same id', () => {
    const out = run(track(40, 0.5, 0.5, 0.03, 0));
    const b = out.crossings.filter((c) => c.firId === 'BBBB');
    expect(b.map((c) => c.status)).toEqual(['PROVISIONAL', 'FINAL']);
    expect(b[0]?.exitTime).toBeNull();
    expect(b[0]?.crossingId).toBe(b[1]?.crossingId);
    const exits = out.events.filter((e) => e.type === 'FIR_EXIT');
    expect(exits.map((e) => e.attributes.reason)).toEqual(['BOUNDARY', 'END_OF_INPUT']);
  });

  it('says on each FINAL crossing why it ended and which FIR the track went on into', () => {
    const finals = run(track(40, 0.5, 0.5, 0.03, 0))
      .finals()
      .sort((a, b) => a.sequence - b.sequence);
    expect(finals.map((c) => [c.firId, c.exitReason, c.nextFirId])).toEqual([
      ['AAAA', 'BOUNDARY', 'BBBB'],
      ['BBBB', 'END_OF_INPUT', null],
    ]);
    // Out of every FIR (east of BBBB): a BOUNDARY exit into nothing.
    const out = run(track(40, 1.5, 0.5, 0.03, 0));
    expect(out.finals().map((c) => [c.firId, c.exitReason, c.nextFirId])).toEqual([
      ['BBBB', 'BOUNDARY', null],
    ]);
    expect(
      out.crossings.filter((c) => c.status === 'PROVISIONAL').every((c) => c.exitReason === null),
    ).toBe(true);
  });

  it('derives flight, crossing and event ids from the track alone', () => {
    const first = run(track(40, 0.5, 0.5, 0.03, 0));
    const second = run(track(40, 0.5, 0.5, 0.03, 0));
    expect(second.all).toEqual(first.all);
    expect(first.crossings[0]?.flightId).toBe('abc123-0');
    expect(first.crossings[0]?.crossingId).toBe('abc123-0-1-AAAA');
    expect(first.events.map((e) => e.eventId)).toContain('abc123-0-2-BBBB-ENTRY');
  });
});

describe('reordering', () => {
  it('gives the same records for fixes shuffled within the lateness window', () => {
    const sorted = track(40, 0.5, 0.5, 0.03, 0, 2_000);
    const shuffled = [...sorted];
    for (let i = 0; i + 1 < shuffled.length; i += 2) {
      [shuffled[i], shuffled[i + 1]] = [
        shuffled[i + 1] as TrackedPosition,
        shuffled[i] as TrackedPosition,
      ];
    }
    expect(run(shuffled, { latenessMs: 5_000 }).all).toEqual(
      run(sorted, { latenessMs: 5_000 }).all,
    );
  });

  it('drops a fix older than the last released one as LATE', () => {
    const fixes = track(20, 0.5, 0.5, 0.004, 0, 2_000);
    const out = run([...fixes, position(3_000, 0.506, 0.5)], { latenessMs: 5_000 });
    expect(out.rejects).toEqual([
      { position: expect.objectContaining({ positionTime: 3_000 }), reason: 'LATE' },
    ]);
  });

  it('drops an exact duplicate', () => {
    const fixes = track(20, 0.5, 0.5, 0.004, 0, 2_000);
    const out = run([...fixes.slice(0, 5), position(8_000, 0.516, 0.5), ...fixes.slice(5)], {
      latenessMs: 5_000,
    });
    expect(out.rejects.map((r) => r.reason)).toEqual(['DUPLICATE']);
  });
});

describe('outliers', () => {
  it('rejects a fix implying more than 1,000 kt and keeps the track', () => {
    const fixes = track(40, 0.2, 0.5, 0.02, 0);
    fixes[15] = position(150_000, 1.5, 0.5); // 70 km ahead of the track, inside BBBB
    const out = run(fixes);
    expect(out.rejects.map((r) => [r.position.positionTime, r.reason])).toEqual([
      [150_000, 'SPEED_OUTLIER'],
    ]);
    expect(firSequence(out)).toEqual(['AAAA']);
  });

  it('accepts the catch-up fix after a run of stale repeats, timing the position by its first report', () => {
    // 0.002° of longitude per second at the equator is 223 m/s (433 kt).
    const moving = track(40, 0.2, 0.5, 0.002, 0, 1_000);
    const last = moving.at(-1) as TrackedPosition;
    const stale = Array.from({ length: 20 }, (_, k) => ({
      ...last,
      positionTime: last.positionTime + (k + 1) * 1_000,
    }));
    const catchUp = track(10, 0.2 + 0.002 * 60, 0.5, 0.002, 0, 1_000, 60_000);
    const out = run([...moving, ...stale, ...catchUp]);
    expect(out.rejects.filter((r) => r.reason === 'SPEED_OUTLIER')).toEqual([]);
    expect(out.rejects.filter((r) => r.reason === 'STALE')).toHaveLength(20);
    expect(out.finals().map((c) => c.exitTime)).toEqual([69_000]);
  });

  it('drops an altitude spike but keeps the position', () => {
    const e = engine();
    const out = collector();
    for (const f of track(5, 0.5, 0.5, 0.02, 0)) e.ingest(f, out);
    e.ingest(position(50_000, 0.6, 0.5, { baroAltitudeM: 32_000 }), out);
    const state = e.exportState('abc123');
    expect(state?.lastAccepted).toMatchObject({ time: 50_000, longitude: 0.6, altitudeM: null });
    expect(state?.lastAltitudeM).toBe(10_000);
    e.ingest(position(60_000, 0.62, 0.5, { baroAltitudeM: 14_000 }), out); // +4,000 m in 20 s: a spike too
    expect(e.exportState('abc123')?.lastAccepted?.altitudeM).toBeNull();
    expect(out.rejects).toEqual([]);
  });

  it('never accepts a jump that continues at an impossible speed for its altitude, however long it lasts', () => {
    // Real track heading east, then the positions jump 100 km north-east and creep at 50 kt
    // at FL350 (the GPS-spoofing signature), long enough for the jump to become "reachable".
    const real = track(10, 0.1, 0.5, 0.02, 0);
    const spoofed = track(60, 1.2, 1.3, 0.0015, 0, 10_000, 100_000, { baroAltitudeM: 10_700 });
    const out = run([...real, ...spoofed]);
    expect(firSequence(out)).toEqual(['AAAA']);
    expect(out.rejects.every((r) => r.reason === 'SPEED_OUTLIER')).toBe(true);
    expect(out.rejects).toHaveLength(60);
  });

  it('follows a jump once the new track has flown like an aircraft for candidateConfirmMs with the old one silent', () => {
    const real = track(10, 0.1, 0.5, 0.02, 0);
    const moved = track(10, 1.2, 1.3, 0.02, 0, 10_000, 100_000);
    const out = run([...real, ...moved]);
    // The jump is bridged by a straight segment, which passes through CCCC.
    expect(firSequence(out)).toEqual(['AAAA', 'CCCC', 'DDDD']);
  });

  it('does not start a flight until its first fixes confirm each other', () => {
    const e = engine();
    const out = collector();
    for (const f of track(3, 0.5, 0.5, 0.02, 0)) e.ingest(f, out);
    expect(out.crossings).toEqual([]);
    e.ingest(position(30_000, 0.56, 0.5), out);
    expect(out.crossings.map((c) => [c.firId, c.entryTime])).toEqual([['AAAA', 0]]);
  });
});

describe('flights', () => {
  it('starts a new flight after a gap longer than gapMs, closing the first at its last fix', () => {
    const fixes = [
      ...track(10, 0.2, 0.5, 0.02, 0),
      ...track(10, 0.5, 0.5, 0.02, 0, 10_000, 90_000 + 660_000),
    ];
    const out = run(fixes);
    const finals = out.finals();
    expect(new Set(finals.map((c) => c.flightId))).toEqual(new Set(['abc123-0', 'abc123-750000']));
    expect(finals[0]).toMatchObject({ exitTime: 90_000, exitLongitude: 0.38 });
    expect(out.events.find((e) => e.type === 'FIR_EXIT')?.attributes.reason).toBe('GAP');
  });

  it('raises POSITION_GAP for a gap over two minutes inside a flight', () => {
    const fixes = [
      ...track(10, 0.2, 0.5, 0.02, 0),
      ...track(10, 0.5, 0.5, 0.02, 0, 10_000, 90_000 + 180_000),
    ];
    const gaps = run(fixes).events.filter((e) => e.type === 'POSITION_GAP');
    expect(gaps.map((g) => [g.occurredAt, g.attributes.gapSeconds])).toEqual([[90_000, '180']]);
  });

  it('lands on the on-ground flag and starts a new flight at the next take-off', () => {
    const arrive = track(10, 1.5, 0.5, 0.03, 0, 10_000, 0, { baroAltitudeM: 300 });
    const ground = track(10, 1.8, 0.5, 0.0001, 0, 10_000, 100_000, {
      onGround: true,
      baroAltitudeM: null,
      velocityMs: 5,
    });
    const depart = track(10, 1.801, 0.5, -0.03, 0, 10_000, 200_000, {
      onGround: false,
      baroAltitudeM: 500,
    });
    const out = run([...arrive, ...ground, ...depart]);
    const landing = out.events.find((e) => e.type === 'LANDING');
    const takeoff = out.events.find((e) => e.type === 'TAKEOFF');
    expect(landing).toMatchObject({ airportIcao: 'XBBB', flightId: 'abc123-0' });
    expect(takeoff).toMatchObject({ airportIcao: 'XBBB', flightId: 'abc123-190000' });
    const finals = out.finals();
    expect(finals.find((c) => c.flightId === 'abc123-0')).toMatchObject({
      firId: 'BBBB',
      arrivalAirport: 'XBBB',
      exitTime: 100_000,
    });
    expect(finals.find((c) => c.flightId === 'abc123-190000' && c.sequence === 1)).toMatchObject({
      firId: 'BBBB',
      departureAirport: 'XBBB',
    });
  });

  it('never lands on a single on-ground report, even over an aerodrome (a glitched flag)', () => {
    const fixes = track(60, 1.5, 0.5, 0.004, 0, 1_000, 0, {
      baroAltitudeM: 3_000,
      velocityMs: 139,
    });
    fixes[40] = { ...(fixes[40] as TrackedPosition), onGround: true, baroAltitudeM: null };
    const out = run(fixes);
    expect(out.events.filter((e) => e.type === 'LANDING' || e.type === 'TAKEOFF')).toEqual([]);
    expect(new Set(out.finals().map((c) => c.flightId))).toEqual(new Set(['abc123-0']));
  });

  it('does not take a run of ground reports at cruise speed or height for a landing', () => {
    const fixes = track(60, 1.5, 0.5, 0.004, 0, 1_000, 0, {
      baroAltitudeM: 3_000,
      velocityMs: 139,
    });
    for (let k = 40; k < 50; k++) fixes[k] = { ...(fixes[k] as TrackedPosition), onGround: true };
    const out = run(fixes);
    expect(out.events.filter((e) => e.type === 'LANDING')).toEqual([]);
  });

  it('never ends a crossing before it began when the landing roll crosses a FIR boundary', () => {
    // Touchdown 50 m short of the A|B boundary, at an aerodrome on it; the roll crosses into
    // B before the landing is confirmed (3 reports over 5 s), so the landing, placed at the
    // touchdown, comes before the entry into B (found in the europe-day scenario at LFPG).
    const edge = airportIndex([airport('XEDG', 1, 0.5, 0)]);
    const e = new TrackEngine({ layer, airports: edge }, { latenessMs: 0 });
    const out = collector();
    const arrive = track(10, 0.9, 0.5, 0.01, 0, 10_000, 0, { baroAltitudeM: 300 });
    const roll = track(8, 0.99955, 0.5, 0.0005, 0, 1_000, 100_000, {
      onGround: true,
      baroAltitudeM: null,
      velocityMs: 55,
    });
    for (const f of [...arrive, ...roll]) e.ingest(f, out);
    e.flush(out);
    expect(out.events.filter((x) => x.type === 'LANDING')).toMatchObject([
      { occurredAt: 100_000, airportIcao: 'XEDG' },
    ]);
    for (const c of out.finals())
      expect(c.exitTime ?? c.entryTime, c.crossingId).toBeGreaterThanOrEqual(c.entryTime);
    expect(firSequence(out)).toEqual(['AAAA', 'BBBB']);
    expect(out.finals().find((c) => c.firId === 'BBBB')).toMatchObject({
      exitReason: 'LANDING',
      arrivalAirport: 'XEDG',
    });
  });

  it('lands at the first report of a ground run that ends the data', () => {
    const arrive = track(10, 1.5, 0.5, 0.03, 0, 10_000, 0, { baroAltitudeM: 300 });
    const rollout = track(2, 1.8, 0.5, 0.0001, 0, 1_000, 100_000, {
      onGround: true,
      baroAltitudeM: null,
      velocityMs: 60,
    });
    const out = run([...arrive, ...rollout]);
    expect(out.events.filter((e) => e.type === 'LANDING')).toMatchObject([
      { occurredAt: 100_000, airportIcao: 'XBBB' },
    ]);
  });

  it('takes off from an aerodrome when the first fix is low, near it and climbing, and lands where the last one is low', () => {
    const up = Array.from({ length: 40 }, (_, k) =>
      position(k * 10_000, 0.2 + k * 0.03, 0.5, { baroAltitudeM: 100 + k * 150, velocityMs: 100 }),
    );
    const down = Array.from({ length: 15 }, (_, k) =>
      position(400_000 + k * 10_000, 1.37 + k * 0.03, 0.5, {
        baroAltitudeM: 3_000 - k * 200,
        velocityMs: 100,
      }),
    );
    const out = run([...up, ...down]);
    const finals = out.finals().sort((a, b) => a.sequence - b.sequence);
    expect(finals.map((c) => [c.firId, c.departureAirport, c.arrivalAirport])).toEqual([
      ['AAAA', 'XAAA', null],
      ['BBBB', null, 'XBBB'],
    ]);
    expect(
      out.events
        .filter((e) => e.type === 'TAKEOFF' || e.type === 'LANDING')
        .map((e) => e.airportIcao),
    ).toEqual(['XAAA', 'XBBB']);
  });
});

describe('expiry', () => {
  it('closes and evicts an aircraft idle for gapMs once the watermark passes, by event time', () => {
    const e = engine();
    const out = collector();
    for (const f of track(10, 0.5, 0.5, 0.02, 0)) e.ingest(f, out);
    e.ingest(position(400_000, 1.5, 1.5, { icao24: 'def456' }), out);
    expect(e.trackedAircraft).toBe(2);
    e.ingest(position(700_000, 1.5, 1.5, { icao24: 'def456' }), out);
    expect(e.trackedAircraft).toBe(1);
    expect([...e.evicted()]).toEqual(['abc123']);
    expect(out.finals().map((c) => [c.icao24, c.exitTime])).toEqual([['abc123', 90_000]]);
  });
});
