// A plain equirectangular projection (x ∝ longitude × cos of the middle latitude, y ∝
// latitude) fitted to what a map draws: good enough for a few FIRs, and needs no library.

/** Degrees; west > east never (longitudes may run past ±180 for a path over the antimeridian). */
export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface Projection {
  /** The drawing's size in SVG user units. */
  width: number;
  height: number;
  /** The area shown: what was asked for, with the margin and any widening for the aspect. */
  bounds: Bounds;
  /** lon/lat in degrees → x right, y down. */
  project(lon: number, lat: number): [x: number, y: number];
}

export interface FitOptions {
  /** Width of the drawing, user units. 960. */
  width?: number;
  /** Each side grows by this share of the larger span. 0.05. */
  margin?: number;
  /** Spans narrower than this (a single point, a path due east) are widened to it, degrees. 1. */
  minSpanDeg?: number;
  /** height/width is kept within these, widening the bounds (never cropping). 0.3 and 0.75. */
  minAspect?: number;
  maxAspect?: number;
}

/** The bounds of the points, or null for none. */
export function boundsOf(points: Iterable<readonly [lon: number, lat: number]>): Bounds | null {
  let b: Bounds | null = null;
  for (const [lon, lat] of points) {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (b === null) b = { west: lon, south: lat, east: lon, north: lat };
    else {
      if (lon < b.west) b.west = lon;
      if (lon > b.east) b.east = lon;
      if (lat < b.south) b.south = lat;
      if (lat > b.north) b.north = lat;
    }
  }
  return b;
}

/** The smallest bounds holding both. */
export const union = (a: Bounds, b: Bounds): Bounds => ({
  west: Math.min(a.west, b.west),
  south: Math.min(a.south, b.south),
  east: Math.max(a.east, b.east),
  north: Math.max(a.north, b.north),
});

const RAD = Math.PI / 180;

/**
 * The projection showing all of `bounds` with a margin in a drawing `width` wide, its
 * height following the area's shape (within the aspect limits, so a flight due east still
 * gets a map and a polar one a bounded page).
 */
export function fitProjection(bounds: Bounds, options: FitOptions = {}): Projection {
  const width = options.width ?? 960;
  const margin = options.margin ?? 0.05;
  const minSpan = options.minSpanDeg ?? 1;
  const minAspect = options.minAspect ?? 0.3;
  const maxAspect = options.maxAspect ?? 0.75;
  const cx = (bounds.west + bounds.east) / 2;
  const cy = (bounds.south + bounds.north) / 2;
  let spanLon = Math.max(bounds.east - bounds.west, minSpan);
  let spanLat = Math.max(bounds.north - bounds.south, minSpan);
  const pad = 2 * margin * Math.max(spanLon, spanLat);
  spanLon += pad;
  spanLat += pad;
  // Metres per degree of longitude shrink with the cosine of the latitude; near a pole the
  // factor is kept from vanishing.
  const cos = Math.max(Math.cos(cy * RAD), 0.1);
  const aspect = spanLat / (spanLon * cos);
  if (aspect < minAspect) spanLat = minAspect * spanLon * cos;
  else if (aspect > maxAspect) spanLon = spanLat / (maxAspect * cos);
  const k = width / (spanLon * cos);
  const west = cx - spanLon / 2;
  const north = cy + spanLat / 2;
  return {
    width,
    height: spanLat * k,
    bounds: { west, south: cy - spanLat / 2, east: cx + spanLon / 2, north },
    project: (lon, lat) => [(lon - west) * cos * k, (north - lat) * k],
  };
}
