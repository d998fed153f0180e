import Flatbush from 'flatbush';
import { parseCsvLine } from './csv.js';
import { GeoError } from './errors.js';
import { greatCircleKm, MEAN_EARTH_RADIUS_KM } from './great-circle.js';
import { DATA_DIR, readDataFile } from './load.js';
import type { Airport, AirportIndex } from './types.js';

const KM_PER_DEG_LAT = (Math.PI * MEAN_EARTH_RADIUS_KM) / 180;

/**
 * Reads the shipped compact CSV (header `icao,iata,name,lat,lon,altitude_ft`) or a raw
 * OpenFlights airports.dat (no header, `\N` for nulls); rows without a 4-letter ICAO code
 * are skipped. `.gz` files are gunzipped.
 */
export function loadAirports(path: string): AirportIndex {
  const lines = readDataFile(path).split(/\r?\n/);
  const compact = (lines[0] ?? '').startsWith('icao,');
  const airports: Airport[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '' || (compact && i === 0)) return;
    const f = parseCsvLine(line).map((v) => (v === '\\N' ? '' : v));
    const [icao = '', iata = '', name = '', lat = '', lon = '', alt = ''] = compact
      ? f
      : [f[5], f[4], f[1], f[6], f[7], f[8]];
    if (!/^[A-Z0-9]{4}$/.test(icao)) return;
    const airport: Airport = {
      icao,
      iata: iata === '' ? null : iata,
      name,
      lat: Number(lat),
      lon: Number(lon),
      elevationFt: alt === '' ? null : Number(alt),
    };
    if (
      !(airport.lat >= -90 && airport.lat <= 90 && airport.lon >= -180 && airport.lon <= 180) ||
      (airport.elevationFt !== null && !Number.isFinite(airport.elevationFt))
    ) {
      throw new GeoError('AIRPORTS_INVALID', `${icao}: ${line}`, {
        location: { path, line: i + 1 },
      });
    }
    airports.push(airport);
  });
  return new FlatbushAirportIndex(airports);
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
