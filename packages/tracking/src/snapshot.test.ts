import { type AnalyserStateRecord, valueTypeFor } from '@overfly/schemas';
import { describe, expect, it } from 'vitest';
import { TrackEngine } from './engine.js';
import type { AircraftTrackState } from './index.js';
import { metaStateRecord } from './state-codec.js';
import { collector, position } from './test-support/collect.js';
import { airport, airportIndex, boxLayer } from './test-support/fake-geo.js';
import { type Aircraft, FT, fly, racetrackLap } from './test-support/fly.js';
import type { TrackedPosition } from './types.js';

const layer = boxLayer([
  { id: 'AAAA', west: 0, south: 0, east: 1, north: 1 },
  { id: 'BBBB', west: 1, south: 0, east: 2, north: 1 },
  { id: 'CCCC', west: 0, south: 1, east: 1, north: 2 },
  { id: 'DDDD', west: 1, south: 1, east: 2, north: 2 },
]);
const airports = airportIndex([airport('XAAA', 0.3, 0.3, 0), airport('XDDD', 1.7, 1.7, 0)]);
const stateType = valueTypeFor('fir-analyser.state');

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Several aircraft wandering over the boxes with noise, outliers, gaps, duplicates and reordering. */
function stream(seed: number): TrackedPosition[] {
  const rnd = mulberry32(seed);
  const fixes: TrackedPosition[] = [];
  for (let a = 0; a < 5; a++) {
    const icao24 = `a0000${a}`;
    let t = Math.floor(rnd() * 60_000);
    let lon = 0.2 + rnd() * 1.6;
    let lat = 0.2 + rnd() * 1.6;
    let heading = rnd() * 2 * Math.PI;
    let alt = 300 + rnd() * 10_000;
    for (let k = 0; k < 400; k++) {
      t += 1_000 + Math.floor(rnd() * 9_000);
      if (rnd() < 0.01) t += 200_000 + Math.floor(rnd() * 600_000); // position gap or flight gap
      heading += (rnd() - 0.5) * 0.3;
      lon = Math.min(1.95, Math.max(0.05, lon + Math.cos(heading) * 0.0002 * 10));
      lat = Math.min(1.95, Math.max(0.05, lat + Math.sin(heading) * 0.0002 * 10));
      alt = Math.max(0, alt + (rnd() - 0.5) * 200);
      const outlier = rnd() < 0.02;
      const f = position(t, outlier ? lon + 0.8 : lon, outlier ? lat - 0.5 : lat, {
        icao24,
        baroAltitudeM: rnd() < 0.02 ? 40_000 : alt,
        onGround: alt < 200 ? true : rnd() < 0.5 ? false : null,
        velocityMs: alt < 200 ? 10 : 200,
        callsign: rnd() < 0.1 ? null : `CS${a}`,
      });
      fixes.push(f);
      if (rnd() < 0.03) fixes.push({ ...f });
    }
  }
  fixes.sort((x, y) => x.positionTime - y.positionTime);
  // Local reordering: swap neighbours up to 3 s apart.
  for (let i = 0; i + 1 < fixes.length; i++) {
    const x = fixes[i] as TrackedPosition;
    const y = fixes[i + 1] as TrackedPosition;
    if (y.positionTime - x.positionTime < 3_000 && rnd() < 0.3) {
      fixes[i] = y;
      fixes[i + 1] = x;
    }
  }
  return fixes;
}

/**
 * The fixes ingested with `restores` checkpoints at random cut points: each time every
 * aircraft's state and the meta go through Avro into a new engine, which goes on.
 */
function restoredRun(fixes: readonly TrackedPosition[], seed: number, restores = 3) {
  const rnd = mulberry32(seed * 7919);
  const cuts = Array.from({ length: restores }, () => Math.floor(rnd() * fixes.length)).sort(
    (x, y) => x - y,
  );
  const out = collector();
  let engine = newEngine();
  let position = 0;
  for (const cut of [...cuts, fixes.length]) {
    for (; position < cut; position++) engine.ingest(fixes[position] as TrackedPosition, out);
    if (cut === fixes.length) break;
    // Checkpoint: every dirty aircraft's state, tombstones for the evicted, and the meta.
    const stored = new Map<string, AircraftTrackState>();
    for (const icao24 of new Set(fixes.slice(0, cut).map((f) => f.icao24))) {
      const state = engine.exportState(icao24);
      if (state) stored.set(icao24, roundTrip(state));
    }
    const meta = roundTrip(metaStateRecord(engine.exportMeta()));
    engine = newEngine();
    engine.importState(meta);
    for (const state of [...stored.values()].reverse()) engine.importState(state);
  }
  engine.flush(out);
  return out;
}

/**
 * Three aircraft at once: one holds twice at 9,000 ft, one goes around at XAAA and lands
 * there, one takes off from XDDD, flies 60 km away and comes back to land there.
 */
function manoeuvres(): TrackedPosition[] {
  const T = 1_700_000_000_000;
  const holder: Aircraft = {
    icao24: 'a10000',
    t: T,
    lon: 1.2,
    lat: 0.5,
    headingDeg: 0,
    altitudeM: 9_000 * FT,
    speedMs: 125,
  };
  const holds = fly(holder, [
    { seconds: 200 },
    ...racetrackLap(),
    ...racetrackLap(),
    ...racetrackLap(),
    { seconds: 600 },
    ...racetrackLap(-1),
    ...racetrackLap(-1),
    { seconds: 400 },
  ]);
  // 17 km west of XAAA at 3,000 ft, down a 3° path to 280 ft, then up and round to land.
  const goer: Aircraft = {
    icao24: 'a20000',
    t: T + 60_000,
    lon: 0.3 - 17 / 111.195,
    lat: 0.3,
    headingDeg: 90,
    altitudeM: 3_000 * FT,
    speedMs: 72,
  };
  const goes = fly(goer, [
    { seconds: 220, climbMs: -3.77 },
    { seconds: 80, climbMs: 10 },
    { seconds: 60, turnDegS: -3 },
    { seconds: 240 },
    { seconds: 60, turnDegS: -3 },
    { seconds: 200, climbMs: -4.1 },
  ]);
  goes.push(...fly(goer, [{ seconds: 60, onGround: true, speedMs: 20 }], 5));
  const returner: Aircraft = {
    icao24: 'a30000',
    t: T + 30_000,
    lon: 1.7,
    lat: 1.7,
    headingDeg: 225,
    altitudeM: 0,
    speedMs: 0,
  };
  const returns = [
    ...fly(returner, [{ seconds: 60, onGround: true }]),
    ...fly(returner, [{ seconds: 30, onGround: true, speedMs: 60 }], 5),
    ...fly(returner, [
      { seconds: 300, climbMs: 8, speedMs: 110 },
      { seconds: 60, turnDegS: 3 },
      { seconds: 300, climbMs: -8 },
    ]),
    ...fly(returner, [{ seconds: 60, onGround: true, speedMs: 20 }], 5),
  ];
  return [...holds, ...goes, ...returns].sort(
    (a, b) => a.positionTime - b.positionTime || a.icao24.localeCompare(b.icao24),
  );
}

function newEngine(): TrackEngine {
  return new TrackEngine({ layer, airports });
}

function roundTrip(state: AircraftTrackState): AircraftTrackState {
  // As the analyser stores it: inside its changelog envelope.
  const record = stateType.fromBuffer(
    stateType.toBuffer({ inputOffset: 1, aircraft: state }),
  ) as AnalyserStateRecord;
  if (!record.aircraft) throw new Error('state lost in the round trip');
  return record.aircraft;
}

describe('snapshot and restore', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`continues exactly after a restore through Avro at random cut points (seed ${seed})`, () => {
      const fixes = stream(seed);
      const reference = collector();
      const whole = newEngine();
      for (const f of fixes) whole.ingest(f, reference);
      whole.flush(reference);
      expect(reference.finals().length).toBeGreaterThan(3);

      expect(restoredRun(fixes, seed).all).toEqual(reference.all);
    });
  }

  for (const seed of [7, 8, 9]) {
    it(`continues a holding, a go-around and a return to origin exactly after restores (seed ${seed})`, () => {
      const fixes = manoeuvres();
      const reference = collector();
      const whole = newEngine();
      for (const f of fixes) whole.ingest(f, reference);
      whole.flush(reference);
      const types = reference.events.map((e) => e.type);
      expect(types.filter((t) => t === 'HOLDING')).toHaveLength(2);
      expect(types.filter((t) => t === 'GO_AROUND')).toHaveLength(1);
      expect(types.filter((t) => t === 'RETURN_TO_ORIGIN')).toHaveLength(1);
      expect(restoredRun(fixes, seed, 8).all).toEqual(reference.all);
    });
  }

  it('reports dirty and evicted aircraft for the checkpoint', () => {
    const engine = newEngine();
    const out = collector();
    engine.ingest(position(0, 0.5, 0.5, { icao24: 'aaaaaa' }), out);
    expect([...engine.dirty()]).toEqual(['aaaaaa']);
    engine.clearDirty();
    engine.ingest(position(700_000, 0.5, 0.5, { icao24: 'bbbbbb' }), out);
    expect([...engine.evicted()]).toEqual(['aaaaaa']);
    expect([...engine.dirty()]).toEqual(['bbbbbb']);
  });
});
