/**
 * pnpm exec tsx tests/bench/fir-lookup.bench.ts — FIR lookup rates on this machine, one core:
 *   (a) firAt over every point of the Swiss sample (139,098 fixes where five FIRs meet), repeated;
 *   (b) firAt over 1,000,000 random points in the layer's European bounding box (land + sea);
 * the same points through the naive lookup (turf booleanPointInPolygon over every layer
 * feature, smallest area first), and transitions() over consecutive Swiss fixes.
 * Prints what it measured; asserts nothing.
 *
 * BENCH_RANDOM=200000 pnpm exec tsx tests/bench/fir-lookup.bench.ts   for a quicker run.
 */
import { readFileSync } from 'node:fs';
import { defaultFirLayer } from '../../packages/geo/src/index.js';
import {
  consecutivePairs,
  naiveLayer,
  readTrafficSample,
  seededRandom,
} from '../../packages/geo/src/test-support/references.js';

const RANDOM = Number(process.env.BENCH_RANDOM ?? 1_000_000);
const NAIVE_MAX = Number(process.env.BENCH_NAIVE_MAX ?? Number.POSITIVE_INFINITY);
// 25°W–45°E, 27°N–72°N: the EUROCONTROL charging area with its oceanic and desert margins.
const EUROPE = { west: -25, east: 45, south: 27, north: 72 };

function rate(label: string, count: number, run: () => number, warmUp = run): number {
  warmUp(); // JIT and caches
  const start = performance.now();
  const checksum = run();
  const seconds = (performance.now() - start) / 1000;
  const perSecond = count / seconds;
  console.log(
    `${label.padEnd(52)} ${Math.round(perSecond).toLocaleString('en').padStart(12)} /s  (${count.toLocaleString('en')} in ${seconds.toFixed(3)} s, checksum ${checksum})`,
  );
  return perSecond;
}

const loadStart = performance.now();
const layer = defaultFirLayer();
console.log(
  `defaultFirLayer(): ${layer.firs.length} FIRs built in ${(performance.now() - loadStart).toFixed(0)} ms`,
);
const geojson = JSON.parse(
  readFileSync(new URL('../../data/fir/vatspy-boundaries.geojson', import.meta.url), 'utf8'),
) as { features: unknown[] };
const naive = naiveLayer(geojson);

const swiss = readTrafficSample('switzerland.json.gz');
const swissLon = Float64Array.from(swiss, (p) => p.lon);
const swissLat = Float64Array.from(swiss, (p) => p.lat);
// The layer's own bounding box, from the features it keeps.
const kept = new Set(layer.firs.map((f) => f.id));
const layerBox = { west: 180, east: -180, south: 90, north: -90 };
const visit = (c: unknown): void => {
  if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
    layerBox.west = Math.min(layerBox.west, c[0]);
    layerBox.east = Math.max(layerBox.east, c[0]);
    layerBox.south = Math.min(layerBox.south, c[1]);
    layerBox.north = Math.max(layerBox.north, c[1]);
  } else if (Array.isArray(c)) for (const x of c) visit(x);
};
for (const f of geojson.features as {
  properties: { id: string };
  geometry: { coordinates: unknown };
}[]) {
  if (kept.has(f.properties.id)) visit(f.geometry.coordinates);
}

function randomPoints(box: typeof EUROPE, seed: number) {
  const random = seededRandom(seed);
  const lon = new Float64Array(RANDOM);
  const lat = new Float64Array(RANDOM);
  for (let i = 0; i < RANDOM; i++) {
    lon[i] = box.west + random() * (box.east - box.west);
    lat[i] = box.south + random() * (box.north - box.south);
  }
  return { lon, lat };
}

function fastRun(lon: Float64Array, lat: Float64Array, repeat: number, limit = lon.length) {
  return () => {
    let sum = 0;
    for (let r = 0; r < repeat; r++) {
      for (let i = 0; i < limit; i++)
        sum += layer.firAt(lon[i] as number, lat[i] as number)?.index ?? -1;
    }
    return sum;
  };
}
function naiveRun(lon: Float64Array, lat: Float64Array, limit: number) {
  return () => {
    let sum = 0;
    for (let i = 0; i < limit; i++)
      sum += naive.firAt(lon[i] as number, lat[i] as number)?.length ?? 0;
    return sum;
  };
}

console.log('\n(a) Swiss sample, every fix');
const REPEAT = 10;
const swissFast = rate(
  `firAt, ${REPEAT}× the Swiss sample`,
  swiss.length * REPEAT,
  fastRun(swissLon, swissLat, REPEAT),
);
const swissNaiveN = Math.min(swiss.length, NAIVE_MAX);
const swissNaive = rate(
  'naive turf, the Swiss sample',
  swissNaiveN,
  naiveRun(swissLon, swissLat, swissNaiveN),
  naiveRun(swissLon, swissLat, 20_000),
);
console.log(`ratio firAt / naive: ${(swissFast / swissNaive).toFixed(0)}×`);

for (const [name, box, seed] of [
  ["(b) the layer's bounding box", layerBox, 42],
  ['(b′) Europe', EUROPE, 43],
] as const) {
  const { lon, lat } = randomPoints(box, seed);
  console.log(
    `\n${name}: ${RANDOM.toLocaleString('en')} random points over ${JSON.stringify(box)}`,
  );
  const fast = rate('firAt, random points', RANDOM, fastRun(lon, lat, 1));
  const n = Math.min(RANDOM, NAIVE_MAX);
  const slow = rate(
    `naive turf, ${n.toLocaleString('en')} of the same points`,
    n,
    naiveRun(lon, lat, n),
    naiveRun(lon, lat, 20_000),
  );
  console.log(`ratio firAt / naive: ${(fast / slow).toFixed(0)}×`);
}

console.log('\n(c) transitions() over consecutive Swiss fixes');
const pairs = consecutivePairs(swiss);
let crossings = 0;
rate('transitions(a, b)', pairs.length, () => {
  let n = 0;
  for (const [a, b] of pairs) n += layer.transitions(a, b).length;
  crossings = n;
  return n;
});
console.log(
  `${pairs.length.toLocaleString('en')} segments, ${crossings.toLocaleString('en')} transitions`,
);
