import { greatCircleKm } from '@overfly/geo';
import type { PositionUpdate } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './load.js';
import { createSimulation } from './simulation.js';
import { run, scenarioOf } from './test-support/run.js';

const KT = 1852 / 3600;
const FT = 0.3048;

describe('determinism', () => {
  const text = (seed?: number) =>
    run('europe-day', { durationMs: 3 * 3_600_000, ...(seed === undefined ? {} : { seed }) })
      .positions.map((p) => JSON.stringify(p))
      .join('\n');

  it('gives byte-identical positions for the same scenario and seed', () => {
    const first = text();
    expect(first.length).toBeGreaterThan(1_000_000);
    expect(text()).toBe(first);
  });

  it('gives different positions for another seed', () => {
    expect(text(43)).not.toBe(text());
  });
});

/** Streams a scenario through the checks an airliner's fixes must pass, per aircraft. */
function checkPlausibility(positions: Iterable<PositionUpdate>) {
  const last = new Map<string, PositionUpdate>();
  let previousTime = Number.NEGATIVE_INFINITY;
  const worst = {
    impliedKt: 0,
    altitudeFt: 0,
    minAirborneFt: Infinity,
    verticalFpm: 0,
    speedKt: 0,
  };
  let count = 0;
  let unordered = 0;
  let altitudeOnGround = 0;
  for (const p of positions) {
    count += 1;
    if (p.positionTime < previousTime) unordered += 1;
    previousTime = p.positionTime;
    if (p.onGround && p.baroAltitudeM !== null) altitudeOnGround += 1;
    if (!p.onGround) {
      const ft = (p.baroAltitudeM ?? Number.NaN) / FT;
      worst.altitudeFt = Math.max(worst.altitudeFt, ft);
      worst.minAirborneFt = Math.min(worst.minAirborneFt, ft);
    }
    worst.verticalFpm = Math.max(worst.verticalFpm, Math.abs(p.verticalRateMs ?? 0) / (FT / 60));
    worst.speedKt = Math.max(worst.speedKt, (p.velocityMs ?? 0) / KT);
    const before = last.get(p.icao24);
    if (before) {
      const hours = (p.positionTime - before.positionTime) / 3_600_000;
      const nm =
        greatCircleKm(
          { lon: before.longitude, lat: before.latitude },
          { lon: p.longitude, lat: p.latitude },
        ) / 1.852;
      worst.impliedKt = Math.max(worst.impliedKt, nm / hours);
    }
    last.set(p.icao24, p);
  }
  return { count, unordered, altitudeOnGround, worst, aircraft: last.size };
}

describe('physical plausibility of a whole generated scenario (europe-day, 19 h)', () => {
  const simulation = createSimulation(loadScenario('europe-day'));
  const result = checkPlausibility(simulation.positions());

  it('is in time order', () => {
    expect(result.count).toBeGreaterThan(100_000);
    expect(result.unordered).toBe(0);
  });

  it('never implies a ground speed above 700 kt between two fixes of one aircraft', () => {
    expect(result.worst.impliedKt).toBeLessThan(700);
    expect(result.worst.speedKt).toBeLessThan(520);
  });

  it('keeps airborne altitudes within 0–45,000 ft (down to EHAM at -11 ft), and none on the ground', () => {
    expect(result.worst.altitudeFt).toBeLessThanOrEqual(45_000);
    expect(result.worst.minAirborneFt).toBeGreaterThanOrEqual(-11.01);
    expect(result.altitudeOnGround).toBe(0);
  });

  it('climbs and descends at airliner rates', () => {
    expect(result.worst.verticalFpm).toBeLessThanOrEqual(2_600);
  });

  it('flies 300 flights, and holds at most the aircraft active at once', () => {
    expect(simulation.stats.flights).toBe(300);
    expect(result.aircraft).toBe(300);
    expect(simulation.stats.active).toBe(0);
  });
});

describe('one generated flight from gate to gate', () => {
  const { positions, flights } = run('europe-day', { durationMs: 19 * 3_600_000 });
  const flight = flights.find((f) => f.origin === 'EGLL' && f.destination === 'LTFM') ?? flights[0];
  const fixes = positions.filter((p) => p.icao24 === flight?.icao24);
  const airborne = fixes.filter((p) => !p.onGround);
  const cruise = airborne.filter((p) => p.verticalRateMs === 0);

  it('starts standing on the ground and ends stopped on the ground, then disappears', () => {
    expect(fixes.slice(0, 3).map((p) => [p.onGround, p.velocityMs])).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
    ]);
    expect(fixes.slice(-3).map((p) => [p.onGround, p.velocityMs])).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
    ]);
  });

  it('climbs at 2,000 ft/min to a level from FL300 to FL390 and cruises at 420–480 kt', () => {
    const climb = airborne.find((p) => (p.verticalRateMs ?? 0) > 0);
    expect((climb?.verticalRateMs ?? 0) / (FT / 60)).toBeCloseTo(2_000, 0);
    const level = (cruise[0]?.baroAltitudeM ?? 0) / FT / 100;
    expect(level).toBeGreaterThanOrEqual(300);
    expect(level).toBeLessThanOrEqual(390);
    expect(Number.isInteger(Math.round(level * 1000) / 1000)).toBe(true);
    const kt = (cruise[0]?.velocityMs ?? 0) / KT;
    expect(kt).toBeGreaterThanOrEqual(420);
    expect(kt).toBeLessThanOrEqual(480);
  });

  it('descends on a 3 nm per 1,000 ft path', () => {
    const topOfDescent = airborne.findIndex((p) => (p.verticalRateMs ?? 0) < 0);
    const a = airborne[topOfDescent] as PositionUpdate;
    const b = airborne[topOfDescent + 30] as PositionUpdate;
    const nm =
      greatCircleKm({ lon: a.longitude, lat: a.latitude }, { lon: b.longitude, lat: b.latitude }) /
      1.852;
    const feet = ((a.baroAltitudeM ?? 0) - (b.baroAltitudeM ?? 0)) / FT;
    expect(nm / (feet / 1_000)).toBeCloseTo(3, 1);
  });
});

describe('world-25k', () => {
  const simulation = createSimulation(loadScenario('world-25k', { durationMs: 60_000 }));
  const firstReport = new Map<string, PositionUpdate>();
  let count = 0;
  for (const p of simulation.positions()) {
    count += 1;
    if (!firstReport.has(p.icao24)) firstReport.set(p.icao24, p);
  }

  it('has 25,000 aircraft reporting from the start, all but a few already in the air', () => {
    expect(firstReport.size).toBe(25_000);
    const airborne = [...firstReport.values()].filter((p) => !p.onGround).length;
    expect(airborne).toBeGreaterThan(24_950);
    expect(count).toBeGreaterThanOrEqual(6 * 24_900);
  });

  it('holds one object per aircraft, not their positions', () => {
    expect(simulation.stats.active).toBeLessThanOrEqual(25_000);
  });
});

describe('after landing', () => {
  const group = {
    kind: 'generated',
    count: 2,
    airports: ['LFPG', 'LEMD', 'EDDM'],
    departureSpread: '10m',
    turnaround: '30m',
  };

  it('rotate: the same aircraft flies back after its turnaround, at a level of the other parity', () => {
    const { flights, positions } = run(
      scenarioOf({ duration: '8h', flights: [{ ...group, afterLanding: 'rotate' }] }),
    );
    for (const icao24 of new Set(flights.map((f) => f.icao24))) {
      const legs = flights.filter((f) => f.icao24 === icao24);
      expect(legs.length).toBeGreaterThanOrEqual(2);
      const [out, back] = legs as [(typeof legs)[0], (typeof legs)[0]];
      expect([back.origin, back.destination]).toEqual([out.destination, out.origin]);
      expect(Number(back.callsign.slice(3)) ^ 1).toBe(Number(out.callsign.slice(3)));
      const fixes = positions.filter((p) => p.icao24 === icao24);
      const lastOut = fixes.filter((p) => p.positionTime < back.departureTime).at(-1);
      expect(back.departureTime - (lastOut?.positionTime ?? 0)).toBeGreaterThanOrEqual(30 * 60_000);
      const level = (from: number, to: number) =>
        Math.max(
          ...fixes
            .filter((p) => p.positionTime >= from && p.positionTime < to)
            .map((p) => p.baroAltitudeM ?? 0),
        ) /
        0.3048 /
        1000;
      const outLevel = level(out.departureTime, back.departureTime);
      const backLevel = level(back.departureTime, back.landingTime + 60_000);
      expect(Math.round(outLevel + backLevel) % 2).toBe(1);
    }
  });

  it('replace: stays in time order and plausible while aircraft come and go', () => {
    const scenario = scenarioOf({
      duration: '4h',
      flights: [
        {
          ...group,
          count: 60,
          airports: ['LFPG', 'LEMD', 'EDDM', 'EGLL', 'LIRF', 'EKCH'],
          startAirborne: true,
          afterLanding: 'replace',
        },
      ],
    });
    const simulation = createSimulation(scenario);
    const result = checkPlausibility(simulation.positions());
    expect(simulation.stats.flights).toBeGreaterThan(120);
    expect(result.unordered).toBe(0);
    expect(result.worst.impliedKt).toBeLessThan(700);
  });

  it('replace: a new aircraft departs when one has gone, so the count holds', () => {
    const { flights } = run(
      scenarioOf({ duration: '8h', flights: [{ ...group, afterLanding: 'replace' }] }),
    );
    expect(flights.length).toBeGreaterThan(4);
    expect(new Set(flights.map((f) => f.icao24)).size).toBe(flights.length);
    expect(flights.every((f) => f.icao24 >= 'b00000' && f.icao24 < 'bff000')).toBe(true);
  });
});
