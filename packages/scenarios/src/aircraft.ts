import { readFileSync } from 'node:fs';
import {
  type AircraftTables,
  DEFAULT_AIRCRAFT_FILES,
  defaultAircraftTables,
} from '@overfly/charges';
import { parse } from 'csv-parse/sync';

/** What the flight profile needs of a type, from the bundled pycontrails table. */
export interface TypePerformance {
  type: string;
  /** Design cruise Mach number (column `M_des`). */
  cruiseMach: number;
  /** Certified ceiling as a flight level (column `FL_max`). */
  maxFl: number;
}

let cachedPerformance: ReadonlyMap<string, TypePerformance> | undefined;

/**
 * data/aircraft/ps-aircraft-params-20250328.csv (pycontrails' Poll-Schumann parameters,
 * Apache-2.0): the same file fee-calculator takes MTOW from, so every type the engine flies
 * has a weight to be priced with. Read once per process.
 */
export function typePerformance(): ReadonlyMap<string, TypePerformance> {
  if (cachedPerformance) return cachedPerformance;
  const rows: Record<string, string>[] = parse(
    readFileSync(DEFAULT_AIRCRAFT_FILES.psAircraftParams),
    { bom: true, columns: true, relax_column_count: true, skip_empty_lines: true },
  );
  const table = new Map<string, TypePerformance>();
  for (const r of rows) {
    const row = {
      type: r.ICAO ?? '',
      cruiseMach: Number(r.M_des),
      maxFl: Math.floor(Number(r.FL_max)),
    };
    if (row.type !== '' && row.cruiseMach > 0 && row.maxFl > 0) table.set(row.type, row);
  }
  cachedPerformance = table;
  return table;
}

let cachedTables: AircraftTables | undefined;

/** icao24 → type of data/aircraft/registry.csv, through @overfly/charges as fee-calculator reads it. */
export function bundledRegistry(): AircraftTables {
  cachedTables ??= defaultAircraftTables();
  return cachedTables;
}

/**
 * Types a generated flight may get, by great-circle length: narrow-bodies for short legs,
 * twins for medium, long-haul wide-bodies beyond. All are in the performance table (and so
 * have an MTOW). The bands are chosen defaults, roughly where airlines switch gauge.
 */
const TYPES_BY_DISTANCE: ReadonlyArray<{ maxKm: number; types: readonly string[] }> = [
  {
    maxKm: 2_500,
    types: ['A319', 'A320', 'A20N', 'A321', 'B738', 'B38M', 'BCS3', 'E190', 'E195'],
  },
  { maxKm: 5_500, types: ['A21N', 'B752', 'B763', 'A332', 'B738'] },
  { maxKm: 11_000, types: ['B789', 'B788', 'B77W', 'A359', 'A333', 'A388', 'B744'] },
  // Beyond 11,000 km only the ultra-long-range types (range from the makers' brochures).
  { maxKm: Number.POSITIVE_INFINITY, types: ['B77L', 'A359', 'A35K', 'B789'] },
];

export function typesForDistance(km: number): readonly string[] {
  for (const band of TYPES_BY_DISTANCE) if (km <= band.maxKm) return band.types;
  return TYPES_BY_DISTANCE[TYPES_BY_DISTANCE.length - 1]?.types ?? [];
}
