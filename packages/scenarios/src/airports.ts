import { readFileSync } from 'node:fs';
import { type Airport, defaultAirports } from '@overfly/geo';
import { parse } from 'csv-parse/sync';

/** The bundled table @overfly/geo reads (data/airports/airports.csv, OpenFlights, ODbL). */
const AIRPORTS_CSV = new URL('../../../data/airports/airports.csv', import.meta.url);

export interface Box {
  lamin: number;
  lomin: number;
  lamax: number;
  lomax: number;
}

let withIata: Airport[] | undefined;

/**
 * Airports of the bundled table inside the box that have an IATA code: the table has no
 * traffic figures, and an IATA code is the best sign it holds of an airport with
 * scheduled service (a region without the filter would be mostly airstrips).
 */
export function airportsInRegion(box: Box): Airport[] {
  withIata ??= readIataAirports();
  return withIata.filter(
    (a) => a.lat >= box.lamin && a.lat <= box.lamax && a.lon >= box.lomin && a.lon <= box.lomax,
  );
}

function readIataAirports(): Airport[] {
  const table = defaultAirports();
  const airports: Airport[] = [];
  // In the table's order, so a region's airports (and the flights drawn from them) never move.
  const rows: Record<string, string>[] = parse(readFileSync(AIRPORTS_CSV), {
    bom: true,
    columns: true,
    skip_empty_lines: true,
  });
  for (const { icao = '', iata = '' } of rows) {
    if (iata === '') continue;
    const airport = table.byIcao(icao);
    if (airport) airports.push(airport);
  }
  return airports;
}

/** Elevation in metres (0 when the table does not say). */
export function elevationM(airport: Airport): number {
  return (airport.elevationFt ?? 0) * 0.3048;
}
