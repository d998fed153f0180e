import { CsvError, type InfoRecord, parse } from 'csv-parse/sync';
import Flatbush from 'flatbush';
import { GeoError } from './errors.js';
import { greatCircleKm, MEAN_EARTH_RADIUS_KM } from './great-circle.js';
import { DATA_DIR, readDataFile } from './load.js';
import type { Airport, AirportIndex } from './types.js';

const KM_PER_DEG_LAT = (Math.PI * MEAN_EARTH_RADIUS_KM) / 180;

/** The columns of the shipped compact table, read by name. */
const COMPACT_COLUMNS = ['icao', 'iata', 'name', 'lat', 'lon', 'altitude_ft'] as const;
/** Where OpenFlights' airports.dat (no header) has them. */
const OPENFLIGHTS_COLUMNS = [5, 4, 1, 6, 7, 8] as const;

/**
 * Reads the shipped compact CSV (header `icao,iata,name,lat,lon,altitude_ft`) or a raw
 * OpenFlights airports.dat (no header, `\N` for nulls); rows without a 4-letter ICAO code
 * are skipped. `.gz` files are gunzipped. csv-parse reads the text (RFC 4180 quoting, LF or
 * CRLF, a BOM dropped); a quoting error or a bad row is GEO_AIRPORTS_INVALID with its line.
 */
export function loadAirports(path: string): AirportIndex {
  const text = readDataFile(path);
  const records = readRecords(text, path);
  const first = records[0];
  const compact = first?.[0] === 'icao';
  let columns: readonly number[] = OPENFLIGHTS_COLUMNS;
  if (first && compact) {
    columns = COMPACT_COLUMNS.map((name) => first.indexOf(name));
    if (columns.includes(-1))
      throw new GeoError('GEO_AIRPORTS_INVALID', `expected columns ${COMPACT_COLUMNS.join(',')}`, {
        location: { path, line: lineOf(text, 0) },
      });
  }
  const [icaoAt, iataAt, nameAt, latAt, lonAt, altAt] = columns as number[];
  const field = (record: string[], at = -1) => {
    const value = record[at] ?? '';
    return value === '\\N' ? '' : value;
  };
  const airports: Airport[] = [];
  for (let i = compact ? 1 : 0; i < records.length; i++) {
    const record = records[i] as string[];
    const icao = field(record, icaoAt);
    if (!/^[A-Z0-9]{4}$/.test(icao)) continue;
    const iata = field(record, iataAt);
    const alt = field(record, altAt);
    const airport: Airport = {
      icao,
      iata: iata === '' ? null : iata,
      name: field(record, nameAt),
      lat: Number(field(record, latAt)),
      lon: Number(field(record, lonAt)),
      elevationFt: alt === '' ? null : Number(alt),
    };
    if (
      !(airport.lat >= -90 && airport.lat <= 90 && airport.lon >= -180 && airport.lon <= 180) ||
      (airport.elevationFt !== null && !Number.isFinite(airport.elevationFt))
    ) {
      throw new GeoError('GEO_AIRPORTS_INVALID', `${icao}: ${record.join(',')}`, {
        location: { path, line: lineOf(text, i) },
      });
    }
    airports.push(airport);
  }
  return new FlatbushAirportIndex(airports);
}

const CSV_OPTIONS = {
  bom: true,
  record_delimiter: ['\r\n', '\n'],
  relax_column_count: true,
  skip_empty_lines: true,
};

/** Every record, blank lines skipped; a quoting error names its line (where parsing stopped). */
function readRecords(text: string, path: string): string[][] {
  try {
    return parse(text, CSV_OPTIONS);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new GeoError('GEO_AIRPORTS_INVALID', error.message, {
      cause: error,
      location: { path, line: Number(error.lines) },
    });
  }
}

/**
 * The line of record `index` (its last, for a record spread over lines), for an error: the
 * text is read again up to that record with `info`, which costs too much on every row of a
 * table read at start-up.
 */
function lineOf(text: string, index: number): number {
  const records = parse(text, { ...CSV_OPTIONS, info: true, to: index + 1 }) as unknown as {
    info: InfoRecord;
  }[];
  return records[index]?.info.lines ?? 0;
}

let cached: AirportIndex | undefined;

/** The bundled OpenFlights-derived table (data/airports/airports.csv). Built once per process. */
export function defaultAirports(): AirportIndex {
  cached ??= loadAirports(new URL('airports/airports.csv', DATA_DIR).pathname);
  return cached;
}

class FlatbushAirportIndex implements AirportIndex {
  readonly size: number;
  readonly #airports: readonly Airport[];
  readonly #byIcao: Map<string, Airport>;
  readonly #tree: Flatbush;

  constructor(airports: readonly Airport[]) {
    this.#airports = airports;
    this.size = airports.length;
    this.#byIcao = new Map(airports.map((a) => [a.icao, a]));
    this.#tree = new Flatbush(Math.max(1, airports.length));
    for (const a of airports) this.#tree.add(a.lon, a.lat, a.lon, a.lat);
    if (airports.length === 0) this.#tree.add(1000, 1000, 1000, 1000); // never matches
    this.#tree.finish();
  }

  byIcao(icao: string): Airport | undefined {
    return this.#byIcao.get(icao.toUpperCase());
  }

  /** The airport with the least great-circle distance, if within maxKm. */
  nearest(lon: number, lat: number, maxKm: number): Airport | null {
    const dLat = maxKm / KM_PER_DEG_LAT;
    const south = Math.max(-90, lat - dLat);
    const north = Math.min(90, lat + dLat);
    const maxAbsLat = Math.max(Math.abs(south), Math.abs(north));
    const cos = Math.cos((maxAbsLat * Math.PI) / 180);
    const dLon = cos <= 0 ? 180 : dLat / cos;
    const boxes: [number, number][] =
      dLon >= 180 ? [[-180, 180]] : [[Math.max(-180, lon - dLon), Math.min(180, lon + dLon)]];
    if (dLon < 180 && lon - dLon < -180) boxes.push([lon - dLon + 360, 180]);
    if (dLon < 180 && lon + dLon > 180) boxes.push([-180, lon + dLon - 360]);
    let best: Airport | null = null;
    let bestKm = maxKm;
    for (const [west, east] of boxes) {
      for (const i of this.#tree.search(west, south, east, north)) {
        const airport = this.#airports[i];
        if (!airport) continue;
        const km = greatCircleKm({ lon, lat }, airport);
        if (km <= bestKm) {
          best = airport;
          bestKm = km;
        }
      }
    }
    return best;
  }
}
