/**
 * pnpm exec tsx tests/bench/fir-core.bench.ts — the pure core of fir-analyser on one thread:
 * positions/s through TrackEngine (reorder buffer, track assembly, FIR lookup on the real
 * defaultFirLayer(), crossing detection), every fix already in memory, after a warm-up pass;
 * the rate is ingest + the final flush, the median of BENCH_REPEATS (3) fresh engines:
 *   (a) the Swiss sample (139,098 rows, 842 aircraft, 17 h of 2018-08-01), sorted by time and
 *       replayed BENCH_SWISS_COPIES times (5) as consecutive days of the same aircraft: copy k is
 *       shifted by +k days with its icao24 kept, so each aircraft's flights of one day have
 *       ended (idle > gapMs, expired by the engine) before the next day's begin;
 *   (b) a synthetic world: BENCH_AIRCRAFT (25,000) aircraft mid-route on great circles between
 *       random pairs of real airports (with an IATA code) ≥ 500 km apart, ~230 m/s at
 *       ~11,000 m, one fix every 10 s (OpenSky's anonymous resolution) for BENCH_MINUTES (10),
 *       interleaved in time order; seeded, so every run ingests the same fixes.
 * Then the naive lookup (turf booleanPointInPolygon over every layer feature, smallest area
 * first: packages/geo's test reference) on BENCH_NAIVE_SAMPLE (200,000) points of each workload.
 * Prints what it measured and whether the goal (≥ 500,000 positions/s) was met in this run;
 * asserts nothing. The synthetic world is exported for fir-memory.bench.ts; main() runs only
 * when this file is executed.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import {
  type Airport,
  type AirportIndex,
  defaultAirports,
  defaultFirLayer,
  type FirLayer,
  greatCircleKm,
  MEAN_EARTH_RADIUS_KM,
} from '../../packages/geo/src/index.js';
import { naiveLayer, seededRandom } from '../../packages/geo/src/test-support/references.js';
import type { PositionUpdate } from '../../packages/schemas/src/index.js';
import { type EngineOutput, TrackEngine } from '../../packages/tracking/src/index.js';
import { readTrajectory } from '../../packages/trajectories/src/index.js';
import { dataFile } from '../support/data-files.js';

/** From the issue: the core must keep up with 500,000 positions/s on one thread. */
const GOAL_POSITIONS_PER_S = 500_000;
const DAY_MS = 86_400_000;
/** OpenSky's anonymous REST resolution. */
const OPENSKY_ANONYMOUS_STEP_MS = 10_000;
/** A long-haul jet's cruise: ~450 kt true airspeed at FL360. */
const CRUISE_MS = 230;
const CRUISE_ALT_M = 11_000;
const MIN_ROUTE_KM = 500;
const DEG = Math.PI / 180;

const SWISS_PATH = dataFile('trajectories/switzerland.json.gz');
const AIRPORTS_CSV = dataFile('airports/airports.csv');
const BOUNDARIES = dataFile('fir/vatspy-boundaries.geojson');

/** One aircraft flying a great circle at constant speed and altitude. */
export interface Route {
  icao24: string;
  callsign: string;
  from: Airport;
  to: Airport;
  /** Angular length of the route, radians. */
  sigma: number;
  /** Distance flown along the route at time 0, km. */
  startKm: number;
  speedMs: number;
  altM: number;
  /** Where in the fix period this aircraft reports, ms. */
  phaseMs: number;
}

/** Airports of the bundled table that have an IATA code (scheduled-service airports). */
export function iataAirports(airports: AirportIndex): Airport[] {
  const out: Airport[] = [];
  const rows: Record<string, string>[] = parse(readFileSync(AIRPORTS_CSV), {
    bom: true,
    columns: true,
    skip_empty_lines: true,
  });
  for (const { icao = '' } of rows) {
    const airport = airports.byIcao(icao);
    if (airport?.iata) out.push(airport);
  }
  return out;
}

/**
 * `count` aircraft between random airport pairs ≥ 500 km apart, each starting somewhere along
 * its route with at least `keepKm` still to fly, so it stays en route for the whole window.
 */
export function greatCircleRoutes(
  count: number,
  seed: number,
  airports: readonly Airport[],
  keepKm: number,
  accept: (lon: number, lat: number) => boolean = () => true,
): Route[] {
  const random = seededRandom(seed);
  const pick = () => airports[Math.floor(random() * airports.length)] as Airport;
  const routes: Route[] = [];
  while (routes.length < count) {
    const from = pick();
    const to = pick();
    const km = greatCircleKm(from, to);
    // Near-antipodal pairs have no unique great circle.
    if (km < MIN_ROUTE_KM || km < keepKm + 50 || km > 19_000) continue;
    const i = routes.length;
    const route: Route = {
      icao24: (0x400000 + i).toString(16),
      callsign: `OVF${i}`,
      from,
      to,
      sigma: km / MEAN_EARTH_RADIUS_KM,
      startKm: 20 + random() * (km - keepKm - 40),
      speedMs: CRUISE_MS * (0.95 + random() * 0.1),
      altM: CRUISE_ALT_M + Math.round((random() - 0.5) * 8) * 150,
      phaseMs: Math.floor(random() * OPENSKY_ANONYMOUS_STEP_MS),
    };
    const p = positionAt(route, 0);
    if (accept(p.lon, p.lat)) routes.push(route);
  }
  return routes;
}

/** Position `ms` after time 0 (spherical interpolation between the two airports). */
function positionAt(r: Route, ms: number): { lon: number; lat: number } {
  const km = r.startKm + (r.speedMs * ms) / 1e6;
  const f = km / MEAN_EARTH_RADIUS_KM / r.sigma;
  const a = Math.sin((1 - f) * r.sigma) / Math.sin(r.sigma);
  const b = Math.sin(f * r.sigma) / Math.sin(r.sigma);
  const lat1 = r.from.lat * DEG;
  const lon1 = r.from.lon * DEG;
  const lat2 = r.to.lat * DEG;
  const lon2 = r.to.lon * DEG;
  const x = a * Math.cos(lat1) * Math.cos(lon1) + b * Math.cos(lat2) * Math.cos(lon2);
  const y = a * Math.cos(lat1) * Math.sin(lon1) + b * Math.cos(lat2) * Math.sin(lon2);
  const z = a * Math.sin(lat1) + b * Math.sin(lat2);
  return { lon: Math.atan2(y, x) / DEG, lat: Math.atan2(z, Math.hypot(x, y)) / DEG };
}

/** The route's position at `ms`, as the analyser receives it: a flights.updates record. */
export function routeFix(r: Route, t0: number, ms: number): PositionUpdate {
  const p = positionAt(r, ms);
  const time = t0 + ms;
  return {
    icao24: r.icao24,
    callsign: r.callsign,
    originCountry: null,
    positionTime: time,
    lastContact: time,
    latitude: p.lat,
    longitude: p.lon,
    baroAltitudeM: r.altM,
    geoAltitudeM: null,
    onGround: false,
    velocityMs: r.speedMs,
    trackDeg: null,
    verticalRateMs: 0,
    squawk: null,
    source: 'SIMULATED',
    receivedAt: time,
  };
}

interface Counts {
  crossings: number;
  provisional: number;
  final: number;
  events: number;
  rejected: number;
}

function counter(): { counts: Counts; out: EngineOutput } {
  const counts: Counts = { crossings: 0, provisional: 0, final: 0, events: 0, rejected: 0 };
  const out: EngineOutput = {
    crossing(c) {
      counts.crossings++;
      if (c.status === 'FINAL') counts.final++;
      else counts.provisional++;
    },
    event() {
      counts.events++;
    },
    rejected() {
      counts.rejected++;
    },
  };
  return { counts, out };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Ingests every fix into a fresh engine (the warm-up pass first, untimed), REPEATS times; the
 * rate counts ingest + the final flush (end of input closes every flight).
 */
function engineRate(
  label: string,
  fixes: readonly PositionUpdate[],
  aircraft: { count: number; unit: string; plural: string; note: string },
  layer: FirLayer,
  airports: AirportIndex,
  source: 'REPLAY' | 'SIMULATED',
  repeats: number,
): number {
  const runOnce = () => {
    const engine = new TrackEngine({ layer, airports }, { source });
    const { counts, out } = counter();
    const start = performance.now();
    for (const fix of fixes) engine.ingest(fix, out);
    const ingested = performance.now();
    engine.flush(out);
    const end = performance.now();
    return { counts, ingestS: (ingested - start) / 1000, totalS: (end - start) / 1000 };
  };
  runOnce(); // warm-up: JIT, the layer's lookup paths
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    gc?.();
    const { counts, ingestS, totalS } = runOnce();
    const rate = fixes.length / totalS;
    rates.push(rate);
    console.log(
      `  run ${r + 1}: ${fmt(rate).padStart(10)} positions/s  (ingest ${ingestS.toFixed(3)} s + flush ${(totalS - ingestS).toFixed(3)} s; ingest alone ${fmt(fixes.length / ingestS)}/s)`,
    );
    if (r === 0) {
      console.log(
        `         crossings emitted ${fmt(counts.crossings)} (${fmt(counts.provisional)} PROVISIONAL, ${fmt(counts.final)} FINAL), flight events ${fmt(counts.events)}, fixes rejected ${fmt(counts.rejected)}`,
      );
    }
  }
  const rate = median(rates);
  console.log(
    `${label}: median ${fmt(rate)} positions/s over ${repeats} runs, ${fmt(fixes.length)} fixes, ${fmt(aircraft.count)} ${aircraft.plural}${aircraft.note}, ${(fixes.length / aircraft.count).toFixed(1)} fixes per ${aircraft.unit} — goal ≥ ${fmt(GOAL_POSITIONS_PER_S)}/s ${rate >= GOAL_POSITIONS_PER_S ? 'MET' : 'NOT MET'}`,
  );
  return rate;
}

/** The same points through the engine's firAt and through the naive turf lookup. */
function naivePeer(
  label: string,
  fixes: readonly PositionUpdate[],
  engineRatePerS: number,
  layer: FirLayer,
  naive: ReturnType<typeof naiveLayer>,
  size: number,
): void {
  const n = Math.min(size, fixes.length);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const f = fixes[Math.floor((j * fixes.length) / n)] as PositionUpdate;
    lon[j] = f.longitude;
    lat[j] = f.latitude;
  }
  const naiveRun = (limit: number) => {
    let sum = 0;
    for (let i = 0; i < limit; i++)
      sum += naive.firAt(lon[i] as number, lat[i] as number)?.length ?? 0;
    return sum;
  };
  const firAtRun = () => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += layer.firAt(lon[i] as number, lat[i] as number)?.index ?? -1;
    return sum;
  };
  naiveRun(Math.min(n, 20_000));
  let start = performance.now();
  const naiveSum = naiveRun(n);
  const naiveS = (performance.now() - start) / 1000;
  firAtRun();
  start = performance.now();
  const firAtSum = firAtRun();
  const firAtS = (performance.now() - start) / 1000;
  const naiveRate = n / naiveS;
  console.log(
    `${label}: naive turf ${fmt(naiveRate)} points/s (${fmt(n)} points in ${naiveS.toFixed(2)} s, checksum ${naiveSum}); layer.firAt alone ${fmt(n / firAtS)} points/s (checksum ${firAtSum})`,
  );
  console.log(
    `${label}: engine / naive = ${(engineRatePerS / naiveRate).toFixed(1)}× (whole engine per position vs naive lookup per point)`,
  );
}

async function swissFixes(copies: number): Promise<{ fixes: PositionUpdate[]; aircraft: number }> {
  const day: PositionUpdate[] = [];
  for await (const row of readTrajectory(SWISS_PATH, { maxBackwardsMs: null })) {
    if (row.ok) day.push(row.position);
  }
  day.sort((a, b) => a.positionTime - b.positionTime); // stable: equal times keep file order
  const span = (day.at(-1)?.positionTime ?? 0) - (day[0]?.positionTime ?? 0);
  if (span >= DAY_MS - 600_000) throw new Error('the Swiss sample no longer fits in one day');
  const fixes: PositionUpdate[] = [];
  for (let k = 0; k < copies; k++) {
    for (const f of day) {
      const shift = k * DAY_MS;
      fixes.push({
        ...f,
        positionTime: f.positionTime + shift,
        lastContact: f.lastContact + shift,
      });
    }
  }
  return { fixes, aircraft: new Set(day.map((f) => f.icao24)).size };
}

function worldFixes(routes: readonly Route[], minutes: number, t0: number): PositionUpdate[] {
  const byPhase = [...routes].sort((a, b) => a.phaseMs - b.phaseMs);
  const steps = (minutes * 60_000) / OPENSKY_ANONYMOUS_STEP_MS;
  const fixes: PositionUpdate[] = [];
  for (let k = 0; k < steps; k++) {
    for (const r of byPhase) fixes.push(routeFix(r, t0, k * OPENSKY_ANONYMOUS_STEP_MS + r.phaseMs));
  }
  return fixes;
}

async function main(): Promise<void> {
  const copies = Number(process.env.BENCH_SWISS_COPIES ?? 5);
  const aircraft = Number(process.env.BENCH_AIRCRAFT ?? 25_000);
  const minutes = Number(process.env.BENCH_MINUTES ?? 10);
  const naiveSample = Number(process.env.BENCH_NAIVE_SAMPLE ?? 200_000);
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);

  let start = performance.now();
  const layer = defaultFirLayer();
  const airports = defaultAirports();
  console.log(
    `defaultFirLayer(): ${layer.firs.length} FIRs, defaultAirports(): ${fmt(airports.size)} airports, loaded in ${(performance.now() - start).toFixed(0)} ms; Node ${process.version}, one thread`,
  );

  start = performance.now();
  const swiss = await swissFixes(copies);
  console.log(
    `\n(a) Swiss sample × ${copies} consecutive days (same icao24s, +1 day per copy): ${fmt(swiss.fixes.length)} fixes built in ${(performance.now() - start).toFixed(0)} ms`,
  );
  const swissRate = engineRate(
    '(a) Swiss',
    swiss.fixes,
    {
      count: swiss.aircraft * copies,
      unit: 'aircraft-day',
      plural: 'aircraft-days',
      note: ` (${fmt(swiss.aircraft)} icao24s × ${copies} days)`,
    },
    layer,
    airports,
    'REPLAY',
    repeats,
  );

  start = performance.now();
  const candidates = iataAirports(airports);
  const routes = greatCircleRoutes(
    aircraft,
    2024,
    candidates,
    (CRUISE_MS * 1.05 * minutes * 60) / 1000,
  );
  const world = worldFixes(routes, minutes, Date.UTC(2024, 5, 1, 12));
  console.log(
    `\n(b) synthetic world: ${fmt(aircraft)} aircraft between ${fmt(candidates.length)} IATA airports, a fix every ${OPENSKY_ANONYMOUS_STEP_MS / 1000} s for ${minutes} min: ${fmt(world.length)} fixes built in ${(performance.now() - start).toFixed(0)} ms`,
  );
  const worldRate = engineRate(
    '(b) world',
    world,
    { count: aircraft, unit: 'aircraft', plural: 'aircraft', note: '' },
    layer,
    airports,
    'SIMULATED',
    repeats,
  );

  console.log(
    `\nNaive peer on ${fmt(naiveSample)} evenly spaced fixes of each workload (same process, same run)`,
  );
  start = performance.now();
  const naive = naiveLayer(JSON.parse(readFileSync(BOUNDARIES, 'utf8')) as { features: unknown[] });
  console.log(
    `naive layer: ${naive.ids.length} FIRs built in ${(performance.now() - start).toFixed(0)} ms`,
  );
  naivePeer('(a) Swiss', swiss.fixes, swissRate, layer, naive, naiveSample);
  naivePeer('(b) world', world, worldRate, layer, naive, naiveSample);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
