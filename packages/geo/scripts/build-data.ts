/**
 * Derives the shipped data/ files from the shared test data (../shared/data):
 *   data/fir/vatspy-boundaries.geojson  byte-for-byte copy
 *   data/fir/fir-names.json             boundary id → name, from VATSpy.dat [FIRs]
 *   data/airports/airports.csv          OpenFlights airports.dat rows with an ICAO code
 * and prints the sha256 of every source and output for the NOTICE files.
 *
 *   pnpm exec tsx packages/geo/scripts/build-data.ts
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { firNamesByBoundary, vatspyFirRows } from './vatspy-dat.js';

const shared = new URL('../../../../shared/data/', import.meta.url);
const data = new URL('../../../data/', import.meta.url);
const sha = (url: URL) => createHash('sha256').update(readFileSync(url)).digest('hex');

mkdirSync(new URL('fir/', data), { recursive: true });
mkdirSync(new URL('airports/', data), { recursive: true });

const boundaries = new URL('fir/vatspy-boundaries.geojson', shared);
copyFileSync(boundaries, new URL('fir/vatspy-boundaries.geojson', data));

const dat = new URL('fir/VATSpy.dat', shared);
const names = firNamesByBoundary(vatspyFirRows(readFileSync(dat, 'utf8')));
const sorted = Object.fromEntries([...names].sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(new URL('fir/fir-names.json', data), `${JSON.stringify(sorted, null, 1)}\n`);

const openflights = new URL('airports/openflights-airports.dat', shared);
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const out = ['icao,iata,name,lat,lon,altitude_ft'];
const rows: string[][] = parse(readFileSync(openflights), {
  bom: true,
  relax_column_count: true,
  skip_empty_lines: true,
});
for (const row of rows) {
  const f = row.map((v) => (v === '\\N' ? '' : v));
  const [, name = '', , , iata = '', icao = '', lat = '', lon = '', alt = ''] = f;
  if (!/^[A-Z0-9]{4}$/.test(icao)) continue;
  out.push([icao, iata, quote(name), lat, lon, alt].join(','));
}
writeFileSync(new URL('airports/airports.csv', data), `${out.join('\n')}\n`);

for (const [label, url] of [
  ['source vatspy-boundaries.geojson', boundaries],
  ['source VATSpy.dat', dat],
  ['source openflights airports.dat', openflights],
  ['data/fir/vatspy-boundaries.geojson', new URL('fir/vatspy-boundaries.geojson', data)],
  ['data/fir/fir-names.json', new URL('fir/fir-names.json', data)],
  ['data/airports/airports.csv', new URL('airports/airports.csv', data)],
] as const) {
  console.log(`${sha(url)}  ${label}`);
}
console.log(`${names.size} FIR names, ${out.length - 1} airports`);
