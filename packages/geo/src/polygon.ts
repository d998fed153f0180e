import { GRID_ROWS, rowOf } from './grid.js';

/**
 * One polygon of a FIR, its edges (all rings, holes included) bucketed by grid row: the
 * edges whose latitude range meets row r are `edges[4*bucketStart[r - rowMin] …
 * 4*bucketStart[r - rowMin + 1])` as (x1, y1, x2, y2). A ray cast from a point of row r
 * only needs that bucket, so a point test costs the edges near its latitude, not the
 * whole ring.
 */
export interface IndexedPolygon {
  fir: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  rowMin: number;
  rowMax: number;
  bucketStart: Int32Array;
  edges: Float64Array;
}

export function indexPolygon(fir: number, rings: readonly Float64Array[]): IndexedPolygon {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) {
      const x = ring[i] ?? 0;
      const y = ring[i + 1] ?? 0;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  const rowMin = rowOf(minY);
  const rowMax = Math.min(rowOf(maxY), GRID_ROWS - 1);
  const rows = rowMax - rowMin + 1;
  const counts = new Int32Array(rows + 1);
  forEachEdge(rings, (_x1, y1, _x2, y2) => {
    const r0 = rowOf(Math.min(y1, y2));
    const r1 = rowOf(Math.max(y1, y2));
    for (let r = r0; r <= r1; r++) counts[r - rowMin + 1] = (counts[r - rowMin + 1] ?? 0) + 1;
  });
  const bucketStart = new Int32Array(rows + 1);
  for (let i = 1; i <= rows; i++) bucketStart[i] = (bucketStart[i - 1] ?? 0) + (counts[i] ?? 0);
  const fill = bucketStart.slice(0, rows);
  const edges = new Float64Array((bucketStart[rows] ?? 0) * 4);
  forEachEdge(rings, (x1, y1, x2, y2) => {
    const r0 = rowOf(Math.min(y1, y2));
    const r1 = rowOf(Math.max(y1, y2));
    for (let r = r0; r <= r1; r++) {
      const k = (fill[r - rowMin] ?? 0) * 4;
      fill[r - rowMin] = (fill[r - rowMin] ?? 0) + 1;
      edges[k] = x1;
      edges[k + 1] = y1;
      edges[k + 2] = x2;
      edges[k + 3] = y2;
    }
  });
  return { fir, minX, minY, maxX, maxY, rowMin, rowMax, bucketStart, edges };
}

function forEachEdge(
  rings: readonly Float64Array[],
  visit: (x1: number, y1: number, x2: number, y2: number) => void,
): void {
  for (const ring of rings) {
    for (let i = 0; i + 3 < ring.length; i += 2) {
      visit(ring[i] ?? 0, ring[i + 1] ?? 0, ring[i + 2] ?? 0, ring[i + 3] ?? 0);
    }
  }
}

/**
 * Even-odd ray cast towards +lon over every ring of the polygon. `row` must be
 * rowOf(lat). Points exactly on an edge may go either way (measure zero).
 */
export function polygonContains(p: IndexedPolygon, lon: number, lat: number, row: number): boolean {
  if (lon < p.minX || lon > p.maxX || lat < p.minY || lat > p.maxY) return false;
  const b = row - p.rowMin;
  const end = (p.bucketStart[b + 1] ?? 0) * 4;
  const e = p.edges;
  let inside = false;
  for (let k = (p.bucketStart[b] ?? 0) * 4; k < end; k += 4) {
    const y1 = e[k + 1] as number;
    const y2 = e[k + 3] as number;
    if (y1 > lat !== y2 > lat) {
      const x1 = e[k] as number;
      if (lon < x1 + ((lat - y1) * ((e[k + 2] as number) - x1)) / (y2 - y1)) inside = !inside;
    }
  }
  return inside;
}
