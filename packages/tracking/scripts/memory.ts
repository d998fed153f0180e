// Heap per 10,000 tracked aircraft. Run: node --expose-gc --import tsx packages/tracking/scripts/memory.ts
import { TrackEngine } from '../src/engine.js';
import { airportIndex, boxLayer } from '../src/test-support/fake-geo.js';
import type { EngineOutput } from '../src/types.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const layer = boxLayer([{ id: 'AAAA', west: -180, south: -90, east: 180, north: 90 }]);
const out: EngineOutput = { crossing() {}, event() {} };
const engine = new TrackEngine({ layer, airports: airportIndex([]) });
gc();
const before = process.memoryUsage().heapUsed;
const n = 10_000;
for (let step = 0; step < 12; step++) {
  for (let i = 0; i < n; i++) {
    const lon = -170 + (i % 340);
    const lat = -60 + Math.floor(i / 340) * 0.1;
    engine.ingest(
      {
        icao24: i.toString(16).padStart(6, '0'),
        t: 1_000_000 + step * 5_000 + i,
        lat,
        lon: lon + step * 0.01,
        altM: 10_000,
        onGround: false,
        velocityMs: 230,
        callsign: `CS${i}`,
      },
      out,
    );
  }
}
gc();
const delta = process.memoryUsage().heapUsed - before;
console.log(
  `${engine.trackedAircraft} aircraft: ${(delta / 2 ** 20).toFixed(1)} MiB heap, ${(delta / engine.trackedAircraft).toFixed(0)} B per aircraft`,
);
