// Mock mode: SIMULATED traffic, not OpenSky data. A fixed fleet of made-up aircraft flies
// straight lines that bounce off the edges of an area, so a demo shows movement without a
// network. Everything marks itself as fake: callsigns SIM0000…, origin country
// "Simulated", ICAO addresses ff0000 upward (do not look them up in aircraft databases).
// Same seed and same clock give the same states. The answer is a real /states/all body
// (rows in OpenSky's layout), so the parser and credit accounting run as in live mode.
import type { MockHandler, MockResponse } from '@overfly/resilience';
import type { BoundingBox, SimulatedTrafficOptions } from './types.js';

const DEFAULT_SIMULATED_AREA: BoundingBox = Object.freeze({
  lamin: 35,
  lomin: -10,
  lamax: 60,
  lomax: 30,
});
const DEFAULT_AIRCRAFT = 150;
/** Anonymous OpenSky data comes at 10 s resolution; the simulator matches it. */
const TIME_RESOLUTION_S = 10;
const METRES_PER_DEGREE = 111_320;

interface SimulatedAircraft {
  icao24: string;
  callsign: string;
  startLat: number;
  startLon: number;
  headingDeg: number;
  speedMs: number;
  altitudeM: number;
  onGround: boolean;
  squawk: string;
  category: number;
}

export function createSimulatedTraffic(
  options: SimulatedTrafficOptions,
  now: () => number,
): MockHandler {
  const area = options.area ?? DEFAULT_SIMULATED_AREA;
  const fleet = makeFleet(options.aircraft ?? DEFAULT_AIRCRAFT, options.seed ?? 1, area);
  return (request): MockResponse | undefined => {
    if (request.method !== 'GET' || request.path !== '/states/all') return undefined;
    const nowS = Math.floor(now() / 1000);
    const time = nowS - (nowS % TIME_RESOLUTION_S);
    const box = boxFromQuery(request.query) ?? area;
    const states = fleet
      .map((aircraft) => stateAt(aircraft, time, area))
      .filter((row) => inside(row[6] as number, row[5] as number, box));
    return { status: 200, body: { time, states } };
  };
}

function makeFleet(count: number, seed: number, area: BoundingBox): SimulatedAircraft[] {
  const random = mulberry32(seed);
  const categories = [2, 3, 4, 6];
  return Array.from({ length: count }, (_, i) => {
    const onGround = random() < 0.05;
    return {
      icao24: `ff${i.toString(16).padStart(4, '0')}`,
      callsign: `SIM${String(i).padStart(4, '0')}`.padEnd(8, ' '),
      startLat: area.lamin + random() * (area.lamax - area.lamin),
      startLon: area.lomin + random() * (area.lomax - area.lomin),
      headingDeg: random() * 360,
      speedMs: onGround ? 0 : 150 + random() * 100,
      altitudeM: onGround ? 0 : Math.round(8_000 + random() * 4_000),
      onGround,
      squawk: Math.floor(random() * 4096)
        .toString(8)
        .padStart(4, '0'),
      category: categories[Math.floor(random() * categories.length)] ?? 0,
    };
  });
}

function stateAt(a: SimulatedAircraft, time: number, area: BoundingBox): unknown[] {
  const distanceM = a.speedMs * time;
  const headingRad = (a.headingDeg * Math.PI) / 180;
  const cosLat = Math.cos((a.startLat * Math.PI) / 180);
  const lat = bounce(
    a.startLat + (distanceM * Math.cos(headingRad)) / METRES_PER_DEGREE,
    area.lamin,
    area.lamax,
  );
  const lon = bounce(
    a.startLon + (distanceM * Math.sin(headingRad)) / (METRES_PER_DEGREE * cosLat),
    area.lomin,
    area.lomax,
  );
  // A bounce off a north/south edge mirrors the track about east-west, and vice versa.
  let track = a.headingDeg;
  if (lat.flipped) track = 180 - track;
  if (lon.flipped) track = 360 - track;
  track = ((track % 360) + 360) % 360;
  const round = (x: number, digits: number) => Number(x.toFixed(digits));
  return [
    a.icao24,
    a.callsign,
    'Simulated',
    time,
    time,
    round(lon.value, 4),
    round(lat.value, 4),
    a.onGround ? null : a.altitudeM,
    a.onGround,
    round(a.speedMs, 2),
    round(track, 2),
    0,
    null,
    a.onGround ? null : a.altitudeM + 150,
    a.squawk,
    false,
    0,
    a.category,
  ];
}

/** Folds an unbounded coordinate back into [min, max] like a ball between two walls. */
function bounce(x: number, min: number, max: number): { value: number; flipped: boolean } {
  const span = max - min;
  const offset = (((x - min) % (2 * span)) + 2 * span) % (2 * span);
  return offset <= span
    ? { value: min + offset, flipped: false }
    : { value: max - (offset - span), flipped: true };
}

function boxFromQuery(query: Record<string, string>): BoundingBox | undefined {
  const values = [query.lamin, query.lomin, query.lamax, query.lomax].map(Number);
  const [lamin, lomin, lamax, lomax] = values;
  if (lamin === undefined || lomin === undefined || lamax === undefined || lomax === undefined) {
    return undefined;
  }
  if (values.some((v) => !Number.isFinite(v))) return undefined;
  return { lamin, lomin, lamax, lomax };
}

function inside(lat: number, lon: number, box: BoundingBox): boolean {
  return lat >= box.lamin && lat <= box.lamax && lon >= box.lomin && lon <= box.lomax;
}

/** A small seeded PRNG (mulberry32): deterministic fleets without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
