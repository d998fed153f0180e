/**
 * node --expose-gc --import tsx tests/bench/fir-memory.bench.ts — heap held by TrackEngine per
 * tracked aircraft, with the real defaultFirLayer() and defaultAirports() (loaded before the
 * baseline, so not counted) and live-like state: every aircraft mid-route at ~230 m/s and
 * ~11,000 m on a great circle between two real airports (the synthetic world of
 * fir-core.bench.ts), inside a FIR at the start, its flight confirmed with an open crossing,
 * and its reorder buffer as live traffic leaves it:
 *   - OpenSky anonymous, a fix every 10 s: one fix waits (the next one releases it);
 *   - a 1 s feed: the whole 5 s lateness window waits (5 fixes).
 * Each fix is a new object with its own icao24 and callsign strings, as decoded from Kafka;
 * the emitted records are counted and dropped; the dirty set is left full (as between two
 * checkpoints). Measured for 10,000 and 25,000 aircraft, each in a fresh engine.
 * Prints the heap deltas and whether the goals (≤ 32 MiB per 10,000 aircraft; 25,000 well
 * under 1 GiB) were met in this run; asserts nothing.
 */
import {
  type AirportIndex,
  defaultAirports,
  defaultFirLayer,
  type FirLayer,
} from '../../packages/geo/src/index.js';
import type { PositionUpdate } from '../../packages/schemas/src/index.js';
import { type EngineOutput, TrackEngine } from '../../packages/tracking/src/index.js';
import { greatCircleRoutes, iataAirports, type Route, routeFix } from './fir-core.bench.js';

/** From the issue. */
const GOAL_MIB_PER_10K = 32;
const GOAL_25K_MIB = 1024;
const MIB = 2 ** 20;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx tests/bench/fir-memory.bench.ts');
const collect = gc;

interface Profile {
  name: string;
  stepMs: number;
  /** Fixes per aircraft: enough to confirm the flight (≥ 30 s and ≥ 3 fixes) and then some. */
  fixes: number;
}

const profiles: readonly Profile[] = [
  { name: 'OpenSky anonymous, a fix every 10 s', stepMs: 10_000, fixes: 9 },
  { name: '1 s feed, full 5 s reorder window', stepMs: 1_000, fixes: 45 },
];

/** A new string from bytes, as the Avro decoder gives every record its own. */
const decoded = (s: string) => Buffer.from(s, 'latin1').toString('latin1');
const fmt = (n: number) => Math.round(n).toLocaleString('en');

function heapUsed(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

function measure(
  profile: Profile,
  count: number,
  layer: FirLayer,
  airports: AirportIndex,
  routes: readonly Route[],
): number {
  // Interleave in time order across aircraft, as a live feed does.
  const order = [...routes].sort(
    (a, b) => (a.phaseMs % profile.stepMs) - (b.phaseMs % profile.stepMs),
  );
  const t0 = Date.UTC(2024, 5, 1, 12);
  let emitted = 0;
  const out: EngineOutput = {
    crossing() {
      emitted++;
    },
    event() {},
  };
  const before = heapUsed();
  const engine = new TrackEngine({ layer, airports }, { source: 'OPENSKY_LIVE' });
  for (let k = 0; k < profile.fixes; k++) {
    for (const r of order) {
      const fix: PositionUpdate = {
        ...routeFix(r, t0, k * profile.stepMs + (r.phaseMs % profile.stepMs)),
        icao24: decoded(r.icao24),
        callsign: decoded(r.callsign),
      };
      engine.ingest(fix, out);
    }
  }
  const delta = heapUsed() - before;

  // What the engine holds, read back after the measurement.
  let flights = 0;
  let open = 0;
  let buffered = 0;
  let candidates = 0;
  for (const r of routes) {
    const s = engine.exportState(r.icao24);
    if (!s) continue;
    if (s.flight) flights++;
    if (s.flight?.crossing) open++;
    buffered += s.reorderBuffer.length;
    candidates += s.candidate.length;
  }
  const perAircraft = delta / engine.trackedAircraft;
  const per10k = (perAircraft * 10_000) / MIB;
  console.log(
    `  ${fmt(count).padStart(6)} aircraft: ${(delta / MIB).toFixed(1)} MiB heap, ${fmt(perAircraft)} B per aircraft = ${per10k.toFixed(1)} MiB per 10,000 — goal ≤ ${GOAL_MIB_PER_10K} MiB per 10,000 ${per10k <= GOAL_MIB_PER_10K ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    `         state: ${fmt(engine.trackedAircraft)} tracked, ${fmt(flights)} in flight, ${fmt(open)} inside an open FIR crossing, reorder buffer ${(buffered / engine.trackedAircraft).toFixed(2)} fixes/aircraft, candidate ${(candidates / engine.trackedAircraft).toFixed(2)}; ${fmt(emitted)} crossings emitted`,
  );
  return delta;
}

const layer = defaultFirLayer();
const airports = defaultAirports();
const candidates = iataAirports(airports);
console.log(
  `defaultFirLayer(): ${layer.firs.length} FIRs; ${fmt(candidates.length)} IATA airports; Node ${process.version}`,
);
// Start inside a FIR, so each aircraft holds an open crossing.
const inFir = (lon: number, lat: number) => layer.firAt(lon, lat) !== null;
for (const profile of profiles) {
  console.log(`\n${profile.name} (${profile.fixes} fixes per aircraft)`);
  let delta25k = 0;
  for (const count of [10_000, 25_000]) {
    const routes = greatCircleRoutes(count, 7 + count, candidates, 100, inFir);
    const delta = measure(profile, count, layer, airports, routes);
    if (count === 25_000) delta25k = delta;
  }
  const mib = delta25k / MIB;
  const atPer10k = GOAL_MIB_PER_10K * 2.5;
  console.log(
    `  25,000 aircraft total: ${mib.toFixed(1)} MiB = ${((100 * mib) / GOAL_25K_MIB).toFixed(1)}% of 1 GiB — goal well under 1 GiB ${mib < GOAL_25K_MIB ? 'MET' : 'NOT MET'}; within ${atPer10k} MiB (the per-10,000 goal × 2.5) ${mib <= atPer10k ? 'MET' : 'NOT MET'}`,
  );
}
