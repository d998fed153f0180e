/**
 * Which top-level VATSpy features overlap, and by how much: a 0.1° lattice of points
 * (each weighted by its area on the sphere) tested against every feature whose id has no
 * '-'. This is how the default exclusion list in src/charging-layer.ts was checked.
 *
 *   pnpm exec tsx packages/geo/scripts/overlaps.ts [boundaries.geojson] [VATSpy.dat]
 */
import { readFileSync } from 'node:fs';
import Flatbush from 'flatbush';
import { dataFile } from '../../../tests/support/data-files.js';
import { MEAN_EARTH_RADIUS_KM, ringAreaKm2 } from '../src/great-circle.js';
import { rowOf } from '../src/grid.js';
import { parseFeatureCollection } from '../src/parse.js';
import { indexPolygon, polygonContains } from '../src/polygon.js';
import { firNamesByBoundary, vatspyFirRows } from './vatspy-dat.js';

// By default the shipped boundaries and the raw VATSpy table beside them (data/fir/).
const geojsonPath = process.argv[2] ?? dataFile('fir/vatspy-boundaries.geojson');
const datPath = process.argv[3] ?? dataFile('fir/VATSpy.dat');
const STEP = 0.1;

const features = parseFeatureCollection(JSON.parse(readFileSync(geojsonPath, 'utf8'))).filter(
  (f) => !f.id.includes('-'),
);
const names = firNamesByBoundary(vatspyFirRows(readFileSync(datPath, 'utf8')));
const ids = [...new Set(features.map((f) => f.id))].sort();
const firIndex = new Map(ids.map((id, i) => [id, i]));
const area = new Float64Array(ids.length);
const polygons = features.flatMap((f) =>
  f.polygons.map((rings) => {
    const fir = firIndex.get(f.id) as number;
    area[fir] = (area[fir] ?? 0) + ringAreaKm2(rings[0] as Float64Array);
    return indexPolygon(fir, rings);
  }),
);
const tree = new Flatbush(polygons.length);
for (const p of polygons) tree.add(p.minX, p.minY, p.maxX, p.maxY);
tree.finish();

const overlap = new Map<string, number>();
const cellKm = (STEP * Math.PI * MEAN_EARTH_RADIUS_KM) / 180;
for (let lat = -90 + STEP / 2; lat < 90; lat += STEP) {
  const row = rowOf(lat);
  const weight = cellKm * cellKm * Math.cos((lat * Math.PI) / 180);
  for (let lon = -180 + STEP / 2; lon < 180; lon += STEP) {
    const inside = new Set<number>();
    for (const i of tree.search(lon, lat, lon, lat)) {
      const p = polygons[i];
      if (p && polygonContains(p, lon, lat, row)) inside.add(p.fir);
    }
    if (inside.size < 2) continue;
    const list = [...inside].sort((u, v) => u - v);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const key = `${list[i]},${list[j]}`;
        overlap.set(key, (overlap.get(key) ?? 0) + weight);
      }
    }
  }
}

const rows = [...overlap].map(([key, km2]) => {
  const [i, j] = key.split(',').map(Number) as [number, number];
  const small = (area[i] ?? 0) < (area[j] ?? 0) ? i : j;
  const big = small === i ? j : i;
  return { small, big, km2, share: km2 / (area[small] ?? 1) };
});
rows.sort((u, v) => v.km2 - u.km2);
const describe = (fir: number) => {
  const id = ids[fir] ?? '?';
  return `${id} "${names.get(id) ?? ''}" ${Math.round((area[fir] ?? 0) / 1000)}k km²`;
};
for (const row of rows) {
  if (row.km2 < 200) continue;
  console.log(
    `${Math.round(row.km2).toString().padStart(9)} km² ${(row.share * 100).toFixed(1).padStart(5)}% of smaller | ${describe(row.small)} inside ${describe(row.big)}`,
  );
}

// Aggregates: how much of each FIR is also inside some smaller FIR (which wins there).
const shadowed = new Float64Array(ids.length);
for (let lat = -90 + STEP / 2; lat < 90; lat += STEP) {
  const row = rowOf(lat);
  const weight = cellKm * cellKm * Math.cos((lat * Math.PI) / 180);
  for (let lon = -180 + STEP / 2; lon < 180; lon += STEP) {
    const inside = new Set<number>();
    for (const i of tree.search(lon, lat, lon, lat)) {
      const p = polygons[i];
      if (p && polygonContains(p, lon, lat, row)) inside.add(p.fir);
    }
    if (inside.size < 2) continue;
    const smallest = Math.min(...[...inside].map((f) => area[f] ?? 0));
    for (const f of inside)
      if ((area[f] ?? 0) > smallest) shadowed[f] = (shadowed[f] ?? 0) + weight;
  }
}
console.log('\nFIRs at least 30 % inside smaller FIRs (they lose there under smallest-area-wins):');
ids
  .map((id, fir) => ({ id, fir, share: (shadowed[fir] ?? 0) / (area[fir] ?? 1) }))
  .filter((row) => row.share >= 0.3)
  .sort((u, v) => v.share - u.share)
  .forEach((row) => {
    console.log(`${(row.share * 100).toFixed(1).padStart(6)}%  ${describe(row.fir)}`);
  });
