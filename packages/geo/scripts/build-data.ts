/**
 * Re-derives two shipped data/ files from the raw tables kept beside them:
 *   data/fir/fir-names.json       boundary id → name, from data/fir/VATSpy.dat [FIRs]
 *   data/airports/airports.csv    data/airports/openflights-airports.dat rows with an ICAO code
 * and prints the sha256 of every source and output for the NOTICE files
 * (data/fir/vatspy-boundaries.geojson is shipped as published, so it is only checksummed).
 *
 *   pnpm exec tsx packages/geo/scripts/build-data.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
// The one resolver of data/ files, shared with the tests this script's outputs feed.
import { dataFile } from '../../../tests/support/data-files.js';
import { firNamesByBoundary, vatspyFirRows } from './vatspy-dat.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

const boundaries = dataFile('fir/vatspy-boundaries.geojson');
const dat = dataFile('fir/VATSpy.dat');
const firNames = dataFile('fir/fir-names.json');
const names = firNamesByBoundary(vatspyFirRows(readFileSync(dat, 'utf8')));
const sorted = Object.fromEntries([...names].sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(firNames, `${JSON.stringify(sorted, null, 1)}\n`);

const openflights = dataFile('airports/openflights-airports.dat');
const airports = dataFile('airports/airports.csv');
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
writeFileSync(airports, `${out.join('\n')}\n`);

for (const [label, path] of [
  ['data/fir/vatspy-boundaries.geojson', boundaries],
  ['data/fir/VATSpy.dat (source)', dat],
  ['data/airports/openflights-airports.dat (source)', openflights],
  ['data/fir/fir-names.json', firNames],
  ['data/airports/airports.csv', airports],
] as const) {
  console.log(`${sha(path)}  ${label}`);
}
console.log(`${names.size} FIR names, ${out.length - 1} airports`);
