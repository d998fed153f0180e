import { GeoError } from './errors.js';

/** One validated input feature: rings as flat closed [lon0, lat0, lon1, lat1, …] arrays. */
export interface RawFeature {
  index: number;
  id: string;
  properties: Record<string, unknown>;
  /** polygons[p][0] is the outer ring, the rest are holes. Every ring is closed. */
  polygons: Float64Array[][];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a GeoJSON FeatureCollection of Polygon/MultiPolygon features. Unclosed rings
 * (VATSpy's RJDG-W and YTRT) are closed, not rejected: the intent of the author is clear.
 */
export function parseFeatureCollection(geojson: unknown): RawFeature[] {
  if (!isRecord(geojson) || geojson.type !== 'FeatureCollection') {
    throw new GeoError(
      'GEO_GEOJSON_NOT_FEATURE_COLLECTION',
      `got ${isRecord(geojson) ? `type ${JSON.stringify(geojson.type)}` : typeof geojson}`,
    );
  }
  const features = geojson.features;
  if (!Array.isArray(features)) {
    throw new GeoError('GEO_GEOJSON_NOT_FEATURE_COLLECTION', 'features is not an array');
  }
  return features.map((feature: unknown, index) => parseFeature(feature, index));
}

function parseFeature(feature: unknown, index: number): RawFeature {
  if (!isRecord(feature) || feature.type !== 'Feature') {
    throw new GeoError('GEO_GEOJSON_FEATURE_INVALID', undefined, {
      location: { featureIndex: index },
    });
  }
  const properties = isRecord(feature.properties) ? feature.properties : {};
  const rawId = properties.id ?? feature.id;
  const id = typeof rawId === 'number' ? String(rawId) : rawId;
  if (typeof id !== 'string' || id.trim() === '') {
    throw new GeoError('GEO_GEOJSON_ID_MISSING', undefined, { location: { featureIndex: index } });
  }
  const location = { featureIndex: index, featureId: id };
  const geometry = feature.geometry;
  if (!isRecord(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    const got = isRecord(geometry) ? String(geometry.type) : String(geometry);
    throw new GeoError('GEO_GEOJSON_GEOMETRY_UNSUPPORTED', `got ${got}`, { location });
  }
  const coordinates = geometry.coordinates;
  if (!Array.isArray(coordinates)) {
    throw new GeoError('GEO_GEOJSON_COORDINATES_INVALID', 'coordinates is not an array', {
      location,
    });
  }
  const polygonList: unknown[] = geometry.type === 'Polygon' ? [coordinates] : coordinates;
  const polygons = polygonList.map((polygon) => {
    if (!Array.isArray(polygon) || polygon.length === 0) {
      throw new GeoError('GEO_GEOJSON_COORDINATES_INVALID', 'a polygon has no rings', { location });
    }
    return polygon.map((ring: unknown) => parseRing(ring, location));
  });
  if (polygons.length === 0) {
    throw new GeoError('GEO_GEOJSON_COORDINATES_INVALID', 'no polygon', { location });
  }
  return { index, id, properties, polygons };
}

function parseRing(ring: unknown, location: { featureIndex: number; featureId: string }) {
  if (!Array.isArray(ring)) {
    throw new GeoError('GEO_GEOJSON_COORDINATES_INVALID', 'a ring is not an array', { location });
  }
  const out: number[] = [];
  for (const position of ring) {
    const lon: unknown = Array.isArray(position) ? position[0] : undefined;
    const lat: unknown = Array.isArray(position) ? position[1] : undefined;
    if (
      typeof lon !== 'number' ||
      typeof lat !== 'number' ||
      !Number.isFinite(lon) ||
      !Number.isFinite(lat) ||
      lon < -180 ||
      lon > 180 ||
      lat < -90 ||
      lat > 90
    ) {
      throw new GeoError(
        'GEO_GEOJSON_COORDINATES_INVALID',
        `position ${JSON.stringify(position)}`,
        {
          location,
        },
      );
    }
    const n = out.length;
    // Repeated consecutive positions add nothing and would make zero-length edges.
    if (n >= 2 && out[n - 2] === lon && out[n - 1] === lat) continue;
    out.push(lon, lat);
  }
  const n = out.length;
  if (n >= 2 && (out[0] !== out[n - 2] || out[1] !== out[n - 1])) {
    out.push(out[0] ?? 0, out[1] ?? 0); // close the ring
  }
  if (out.length / 2 < 4) {
    throw new GeoError('GEO_GEOJSON_RING_TOO_SHORT', `${out.length / 2} positions once closed`, {
      location,
    });
  }
  return Float64Array.from(out);
}
