import { haversineKm } from '@overfly/geo';
import { describe, expect, it } from 'vitest';
import { TrackEngine } from './engine.js';
import { collector } from './test-support/collect.js';
import { airport, airportIndex, boxLayer } from './test-support/fake-geo.js';
import { type Aircraft, FT, fly, racetrackLap } from './test-support/fly.js';
import type { TrackedPosition } from './types.js';

// One FIR over the whole test area; two aerodromes 220 km apart, one at 1,400 ft.
const layer = boxLayer([{ id: 'AAAA', west: -5, south: -5, east: 5, north: 5 }]);
const airports = airportIndex([airport('XAAA', 0, 0, 0), airport('XBBB', 2, 0, 1_400)]);
const T0 = Date.UTC(2024, 8, 17, 8);

function run(fixes: readonly TrackedPosition[]) {
  const engine = new TrackEngine({ layer, airports }, { latenessMs: 0 });
  const out = collector();
  for (const f of fixes) engine.ingest(f, out);
  engine.flush(out);
  return out;
}

const ofType = (out: ReturnType<typeof collector>, type: string) =>
  out.events.filter((e) => e.type === type);

/** An aircraft cruising east at 250 kt, 10,000 ft, well away from both aerodromes. */
function cruising(overrides: Partial<Aircraft> = {}): Aircraft {
  return {
    icao24: 'abc123',
    t: T0,
    lon: 0.6,
    lat: 1,
    headingDeg: 90,
    altitudeM: 10_000 * FT,
    speedMs: 128.6,
    ...overrides,
  };
}

describe('HOLDING', () => {
  it('finds three racetrack laps at 10,000 ft and publishes one event with their duration when the aircraft leaves', () => {
    const ac = cruising();
    const before = fly(ac, [{ seconds: 300 }]);
    const holdStart = ac.t;
    const pattern = fly(ac, [...racetrackLap(), ...racetrackLap(), ...racetrackLap()]);
    const holdEnd = ac.t;
    const after = fly(ac, [{ seconds: 600 }]);
    const out = run([...before, ...pattern, ...after]);
    const holdings = ofType(out, 'HOLDING');
    expect(holdings).toHaveLength(1);
    const h = holdings[0];
    expect(h?.eventId).toBe(`abc123-${before[0]?.positionTime}-HOLDING-1`);
    expect(h?.attributes).toMatchObject({ direction: 'RIGHT', endReason: 'LEFT_PATTERN' });
    // Three 5-minute laps; the start is measured from a 30-s anchor, the end is the last turn
    // (the final inbound leg is straight, so it is not the pattern any more).
    expect(Math.abs((h?.occurredAt ?? 0) - holdStart)).toBeLessThanOrEqual(30_000);
    expect(Math.abs(Number(h?.attributes.endedAt) - holdEnd)).toBeLessThanOrEqual(90_000);
    expect(Number(h?.attributes.turnDegrees)).toBeGreaterThanOrEqual(1_000);
    // The centre of the pattern is inside it: within a few km of every pattern fix.
    const centre = { lat: h?.latitude ?? 0, lon: h?.longitude ?? 0 };
    for (const f of pattern) {
      expect(haversineKm(centre.lat, centre.lon, f.latitude, f.longitude)).toBeLessThan(12);
    }
    // Its evidence: at most 30 positions, in time order, from the pattern.
    const times = h?.evidence.map((p) => p.time) ?? [];
    expect(times.length).toBeGreaterThan(5);
    expect(times.length).toBeLessThanOrEqual(30);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBeGreaterThanOrEqual(holdStart - 30_000);
    expect(times.at(-1)).toBeLessThanOrEqual(holdEnd);
    expect(h?.evidence.every((p) => Math.abs((p.altitudeM ?? 0) - 10_000 * FT) < 1)).toBe(true);
  });

  it('numbers a second holding of the same flight HOLDING-2, and tells left-hand turns', () => {
    const ac = cruising();
    const fixes = fly(ac, [
      { seconds: 120 },
      ...racetrackLap(),
      ...racetrackLap(),
      { seconds: 900 },
      ...racetrackLap(-1),
      ...racetrackLap(-1),
      { seconds: 600 },
    ]);
    const holdings = ofType(run(fixes), 'HOLDING');
    expect(holdings.map((e) => e.eventId.replace(/^.*-(HOLDING-\d)$/, '$1'))).toEqual([
      'HOLDING-1',
      'HOLDING-2',
    ]);
    expect(holdings.map((e) => e.attributes.direction)).toEqual(['RIGHT', 'LEFT']);
  });

  it('finds a single level orbit (360° in 2 minutes)', () => {
    const ac = cruising();
    const out = run(fly(ac, [{ seconds: 300 }, { seconds: 120, turnDegS: 3 }, { seconds: 600 }]));
    expect(ofType(out, 'HOLDING')).toHaveLength(1);
  });

  it('does not take a spiral climbing 1,500 ft a lap for a holding', () => {
    const ac = cruising();
    const lap = racetrackLap().map((s) => ({ ...s, climbMs: (1_500 * FT) / 300 }));
    const out = run(fly(ac, [{ seconds: 300 }, ...lap, ...lap, ...lap, { seconds: 600 }]));
    expect(ofType(out, 'HOLDING')).toEqual([]);
  });

  it('does not look for holdings above FL250', () => {
    const ac = cruising({ altitudeM: 26_000 * FT, speedMs: 200 });
    const out = run(
      fly(ac, [{ seconds: 300 }, ...racetrackLap(), ...racetrackLap(), { seconds: 600 }]),
    );
    expect(ofType(out, 'HOLDING')).toEqual([]);
  });

  it('does not count a full turn spread over more than 10 minutes (a wide orbit)', () => {
    const ac = cruising();
    // 360° at 0.5°/s: 12 minutes, a circle 9 km in radius.
    const out = run(fly(ac, [{ seconds: 300 }, { seconds: 720, turnDegS: 0.5 }, { seconds: 600 }]));
    expect(ofType(out, 'HOLDING')).toEqual([]);
  });

  it('does not count S-turns: turns that undo each other', () => {
    const ac = cruising();
    const s = [
      { seconds: 45, turnDegS: 2 },
      { seconds: 45, turnDegS: -2 },
    ];
    const out = run(
      fly(ac, [{ seconds: 300 }, ...s, ...s, ...s, ...s, ...s, ...s, { seconds: 300 }]),
    );
    expect(ofType(out, 'HOLDING')).toEqual([]);
  });

  it('closes a holding still flown when the input ends, saying so', () => {
    const ac = cruising();
    const out = run(fly(ac, [{ seconds: 300 }, ...racetrackLap(), ...racetrackLap()]));
    const holdings = ofType(out, 'HOLDING');
    expect(holdings).toHaveLength(1);
    expect(holdings[0]?.attributes.endReason).toBe('END_OF_INPUT');
  });
});

/** An aircraft 17 km west of XAAA (sea level) at 3,000 ft, flying east at 140 kt, down a 3° path. */
function onApproach(): Aircraft {
  return {
    icao24: 'def456',
    t: T0,
    lon: -17 / 111.195,
    lat: 0,
    headingDeg: 90,
    altitudeM: 3_000 * FT,
    speedMs: 72,
  };
}
// 3° at 72 m/s: 3.8 m/s down; 220 s of it end at 280 ft, 1.2 km before the aerodrome.
const GLIDE_MS = -3.77;
const APPROACH = { seconds: 220, climbMs: GLIDE_MS };

describe('GO_AROUND', () => {
  it('finds a descent to 280 ft over an aerodrome and a climb from there, without a landing', () => {
    const ac = onApproach();
    const approach = fly(ac, [APPROACH]);
    const lowest = approach.at(-1) as TrackedPosition;
    const climb = fly(ac, [{ seconds: 120, climbMs: 10 }, { seconds: 300 }]);
    const out = run([...approach, ...climb]);
    const goArounds = ofType(out, 'GO_AROUND');
    expect(goArounds).toHaveLength(1);
    const g = goArounds[0];
    expect(g?.eventId).toBe(`def456-${approach[0]?.positionTime}-GO_AROUND-1`);
    expect(g?.airportIcao).toBe('XAAA');
    expect(g?.occurredAt).toBe(lowest.positionTime);
    expect(Number(g?.attributes.lowestAltitudeM)).toBeLessThan(300 * FT);
    // The evidence shows the way down and the start of the climb.
    const alts = g?.evidence.map((p) => p.altitudeM ?? 0) ?? [];
    expect(alts.length).toBeGreaterThan(5);
    expect(Math.min(...alts)).toBeCloseTo(lowest.baroAltitudeM ?? 0, 6);
    expect(alts.at(-1)).toBeGreaterThanOrEqual((lowest.baroAltitudeM ?? 0) + 500 * FT);
    expect(ofType(out, 'LANDING')).toEqual([]);
  });

  it('is not a go-around when the approach ends in a landing, nor a take-off after it', () => {
    const ac = onApproach();
    const fixes = [
      ...fly(ac, [APPROACH, { seconds: 10 }]),
      ...fly(ac, [{ seconds: 60, onGround: true, speedMs: 30 }], 5),
      ...fly(ac, [{ seconds: 600, onGround: true, speedMs: 0 }], 30),
      ...fly(ac, [{ seconds: 40, onGround: true, speedMs: 70 }], 5),
      ...fly(ac, [{ seconds: 300, climbMs: 10, speedMs: 80 }]),
    ];
    const out = run(fixes);
    expect(ofType(out, 'LANDING')).toHaveLength(1);
    expect(ofType(out, 'TAKEOFF')).toHaveLength(1);
    expect(ofType(out, 'GO_AROUND')).toEqual([]);
  });

  it('is not a go-around when the climb comes more than 5 minutes after the low point', () => {
    const ac = onApproach();
    const fixes = fly(ac, [APPROACH, { seconds: 360, turnDegS: 1 }, { seconds: 120, climbMs: 10 }]);
    expect(ofType(run(fixes), 'GO_AROUND')).toEqual([]);
  });
});

describe('RETURN_TO_ORIGIN', () => {
  /** On the ground at XBBB, then off to the east. */
  function departing(): { ac: Aircraft; fixes: TrackedPosition[] } {
    const ac: Aircraft = {
      icao24: 'aaa111',
      t: T0,
      lon: 2,
      lat: 0,
      headingDeg: 90,
      altitudeM: 1_400 * FT,
      speedMs: 0,
    };
    const fixes = [
      ...fly(ac, [{ seconds: 120, onGround: true }], 10),
      ...fly(ac, [{ seconds: 30, onGround: true, speedMs: 60 }], 5),
    ];
    return { ac, fixes };
  }

  function landing(ac: Aircraft): TrackedPosition[] {
    return fly(ac, [{ seconds: 60, onGround: true, speedMs: 30 }], 5);
  }

  it('finds a flight that goes 100 km out and lands where it took off, with take-off, turning point and landing as evidence', () => {
    const { ac, fixes } = departing();
    // Out east, a right turn (it comes back 6.5 km south of its way out), back west, down.
    fixes.push(
      ...fly(ac, [
        { seconds: 600, climbMs: 5, speedMs: 170 },
        { seconds: 60, turnDegS: 3 },
        { seconds: 600, climbMs: -5 },
      ]),
    );
    const out = run([...fixes, ...landing(ac)]);
    const returns = ofType(out, 'RETURN_TO_ORIGIN');
    expect(returns).toHaveLength(1);
    const r = returns[0];
    expect(r?.airportIcao).toBe('XBBB');
    expect(r?.eventId).toBe(`aaa111-${fixes[0]?.positionTime}-RETURN_TO_ORIGIN`);
    expect(r?.occurredAt).toBe(ofType(out, 'LANDING')[0]?.occurredAt);
    expect(Number(r?.attributes.farthestKm)).toBeGreaterThan(90);
    expect(r?.evidence).toHaveLength(3);
    expect(r?.evidence[0]?.time).toBe(ofType(out, 'TAKEOFF')[0]?.occurredAt);
  });

  it('is not a return for circuits that stay within 10 km, 12 minutes of them', () => {
    const { ac, fixes } = departing();
    const circuit = [
      { seconds: 60, turnDegS: -3 },
      { seconds: 120 },
      { seconds: 60, turnDegS: -3 },
      { seconds: 60 },
    ];
    fixes.push(
      ...fly(ac, [
        { seconds: 60, climbMs: 5, speedMs: 70 },
        ...circuit,
        { seconds: 60 },
        ...circuit.slice(0, 3),
        { seconds: 60, climbMs: -5 },
      ]),
    );
    const out = run([...fixes, ...landing(ac)]);
    expect(ofType(out, 'LANDING')).toHaveLength(1);
    expect(ofType(out, 'RETURN_TO_ORIGIN')).toEqual([]);
  });

  it('is not a return when the flight lands elsewhere', () => {
    const { ac, fixes } = departing();
    // West to XAAA, 220 km away: up, across, and down to its elevation 8 km before it.
    ac.headingDeg = 270;
    fixes.push(
      ...fly(ac, [
        { seconds: 300, climbMs: 5, speedMs: 170 },
        { seconds: 660 },
        { seconds: 300, climbMs: -6.42 },
      ]),
    );
    const out = run([...fixes, ...landing(ac)]);
    expect(ofType(out, 'LANDING').map((e) => e.airportIcao)).toEqual(['XAAA']);
    expect(ofType(out, 'RETURN_TO_ORIGIN')).toEqual([]);
  });
});
