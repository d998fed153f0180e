/**
 * Fixtures and independent references for the tests and the bench (not exported from
 * index.ts). The references use turf, never this package's geometry.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { area, bbox, booleanPointInPolygon } from '@turf/turf';
import { parse } from 'csv-parse/sync';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { dataFile } from '../../../../tests/support/data-files.js';
import { DEFAULT_EXCLUDED_IDS, isTopLevelFeature } from '../charging-layer.js';

export const BOUNDARIES_PATH = dataFile('fir/vatspy-boundaries.geojson');

export interface TrackPoint {
  lon: number;
  lat: number;
  /** Epoch ms. */
  t: number;
  /** Which flight of a multi-flight sample. */
  flight: string;
}

interface TrafficRecord {
  longitude: number | null;
  latitude: number | null;
  timestamp: number;
  icao24?: string;
  callsign?: string | null;
}

/** A traffic-library .json.gz sample, rows without a position dropped. */
export function readTrafficSample(name: string): TrackPoint[] {
  const path = dataFile(`trajectories/${name}`);
  const records = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as TrafficRecord[];
  return records
    .filter((r) => typeof r.longitude === 'number' && typeof r.latitude === 'number')
    .map((r) => ({
      lon: r.longitude as number,
      lat: r.latitude as number,
      t: r.timestamp,
      flight: `${r.icao24 ?? ''}/${r.callsign ?? ''}`,
    }));
}

/** The openap A319 example (1-minute points). */
export function readA319(): TrackPoint[] {
  const rows: Record<string, string>[] = parse(
    readFileSync(dataFile('trajectories/flight_a319_opensky.csv')),
    { bom: true, columns: true, skip_empty_lines: true },
  );
  return rows.map((row) => ({
    lon: Number(row.longitude),
    lat: Number(row.latitude),
    t: Date.parse(row.timestamp ?? ''),
    flight: 'a319',
  }));
}

/** Consecutive fixes of one flight, split where a flight changes or the gap exceeds maxGapMs. */
export function consecutivePairs(points: readonly TrackPoint[], maxGapMs = 120_000) {
  const pairs: [TrackPoint, TrackPoint][] = [];
  const byFlight = new Map<string, TrackPoint[]>();
  for (const p of points) {
    const list = byFlight.get(p.flight) ?? [];
    list.push(p);
    byFlight.set(p.flight, list);
  }
  for (const list of byFlight.values()) {
    list.sort((u, v) => u.t - v.t);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1] as TrackPoint;
      const b = list[i] as TrackPoint;
      if (b.t - a.t <= maxGapMs) pairs.push([a, b]);
    }
  }
  return pairs;
}

type Area = Feature<Polygon | MultiPolygon, { id: string }>;

/**
 * The naive charging layer: every feature the default layer keeps, tested one by one with
 * turf's booleanPointInPolygon, the smallest (turf) area winning.
 */
export function naiveLayer(geojson: { features: unknown[] }, exclude = DEFAULT_EXCLUDED_IDS) {
  const excluded = new Set(exclude);
  const groups = new Map<string, Area[]>();
  for (const raw of geojson.features as Area[]) {
    const id = raw.properties.id;
    if (!isTopLevelFeature({ id }) || excluded.has(id)) continue;
    const feature = closeRings(raw);
    feature.bbox = bbox(feature);
    groups.set(id, [...(groups.get(id) ?? []), feature]);
  }
  const entries = [...groups].map(([id, features]) => ({
    id,
    features,
    area: features.reduce((sum, f) => sum + area(f), 0),
  }));
  entries.sort((u, v) => u.area - v.area || (u.id < v.id ? -1 : 1));
  return {
    ids: entries.map((e) => e.id),
    firAt(lon: number, lat: number): string | null {
      const point = [lon, lat];
      for (const entry of entries) {
        for (const feature of entry.features) {
          if (booleanPointInPolygon(point, feature)) return entry.id;
        }
      }
      return null;
    },
  };
}

function closeRings(feature: Area): Area {
  const close = (ring: Position[]) => {
    const first = ring[0];
    const last = ring[ring.length - 1];
    return first && last && (first[0] !== last[0] || first[1] !== last[1])
      ? [...ring, first]
      : ring;
  };
  const g = feature.geometry;
  const geometry: Polygon | MultiPolygon =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map(close) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(close)) };
  return { ...feature, geometry };
}

/** A deterministic PRNG (mulberry32) so random-point tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
