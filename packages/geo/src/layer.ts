import { DEFAULT_EXCLUDED_IDS, isTopLevelFeature } from './charging-layer.js';
import { GeoError } from './errors.js';
import { greatCircleKm, ringAreaKm2 } from './great-circle.js';
import { colOf, GRID_COLS, GRID_ROWS, INV_CELL, rowOf, segmentCells } from './grid.js';
import { buildLookupGrid, EMPTY, type LookupGrid } from './lookup-grid.js';
import { parseFeatureCollection, type RawFeature } from './parse.js';
import { type IndexedPolygon, indexPolygon, polygonContains } from './polygon.js';
import type { Fir, FirLayer, LayerOptions, LonLat, Transition } from './types.js';

/**
 * Two cut fractions closer than this are one cut (a segment through a shared vertex meets
 * both edges there). 1e-9 of a 100 km segment is 0.1 mm.
 */
const SAME_CUT = 1e-9;

/**
 * Builds a charging layer from a GeoJSON FeatureCollection of Polygon/MultiPolygon
 * features. Features sharing an id are one FIR; overlaps are resolved by smallest area
 * wins (ties by id), so every point maps to at most one FIR.
 */
export function loadFirLayer(geojson: unknown, options: LayerOptions = {}): FirLayer {
  const raw = parseFeatureCollection(geojson);
  const include = options.include ?? isTopLevelFeature;
  const excluded = new Set(options.exclude ?? DEFAULT_EXCLUDED_IDS);
  const byIdRaw = new Map<string, RawFeature[]>();
  for (const feature of raw) {
    if (excluded.has(feature.id)) continue;
    if (!include({ id: feature.id, properties: feature.properties })) continue;
    const group = byIdRaw.get(feature.id);
    if (group) group.push(feature);
    else byIdRaw.set(feature.id, [feature]);
  }
  if (byIdRaw.size === 0)
    throw new GeoError('GEO_LAYER_EMPTY', `${raw.length} features in the input`);

  const ids = [...byIdRaw.keys()].sort();
  const firs: Fir[] = [];
  const polygons: IndexedPolygon[] = [];
  const outlines: Float64Array[][][] = [];
  ids.forEach((id, index) => {
    const features = byIdRaw.get(id) ?? [];
    let areaKm2 = 0;
    const outline: Float64Array[][] = [];
    outlines.push(outline);
    for (const feature of features) {
      for (const rings of feature.polygons) {
        outline.push(rings);
        const [outer, ...holes] = rings;
        areaKm2 += ringAreaKm2(outer as Float64Array);
        for (const hole of holes) areaKm2 -= ringAreaKm2(hole);
        polygons.push(indexPolygon(index, rings));
      }
    }
    firs.push({ id, name: nameOf(id, features, options.names), index, areaKm2 });
  });
  const byRank = [...firs].sort((u, v) => u.areaKm2 - v.areaKm2 || (u.id < v.id ? -1 : 1));
  const rank = new Int32Array(firs.length);
  byRank.forEach((fir, r) => {
    rank[fir.index] = r;
  });
  const grid = buildLookupGrid(polygons, rank, firs.length);
  const sliverKm = options.sliverKm ?? DEFAULT_SLIVER_KM;
  if (!(sliverKm >= 0)) throw new GeoError('GEO_OPTION_INVALID', `sliverKm ${sliverKm}`);
  return new GridFirLayer(
    Object.freeze(firs.map((f) => Object.freeze(f))),
    polygons,
    grid,
    sliverKm,
    outlines,
  );
}

function nameOf(
  id: string,
  features: readonly RawFeature[],
  names: ReadonlyMap<string, string> | undefined,
): string | null {
  const given = names?.get(id);
  if (given !== undefined) return given;
  for (const feature of features) {
    const name = feature.properties.name;
    if (typeof name === 'string' && name !== '') return name;
  }
  return null;
}

function checkPosition(lon: number, lat: number): void {
  if (!(lat >= -90 && lat <= 90) || !Number.isFinite(lon)) {
    throw new GeoError('GEO_POSITION_INVALID', `lon ${lon}, lat ${lat}`);
  }
}

/** Longitude brought into [-180, 180]. */
function wrapLon(lon: number): number {
  if (lon >= -180 && lon <= 180) return lon;
  const w = ((((lon + 180) % 360) + 360) % 360) - 180;
  return w === -180 && lon > 0 ? 180 : w;
}

interface Piece {
  t0: number;
  t1: number;
  fir: Fir | null;
}

/**
 * Removes interior pieces shorter than `sliverKm`: neighbouring polygons in real data do
 * not share their vertices exactly, which leaves gaps (X → none → Y) and slivers
 * (X → Y → X) of centimetres to a few hundred metres along a border. A gap becomes one
 * transition at its middle; a sliver between two pieces of one FIR disappears. The first
 * and last pieces stay: they hold firAt(a) and firAt(b), so consecutive segments chain.
 */
function healSlivers(
  pieces: Piece[],
  sliverKm: number,
  at: (t: number) => { lon: number; lat: number },
): void {
  for (;;) {
    let shortest = -1;
    let shortestKm = sliverKm;
    for (let i = 1; i < pieces.length - 1; i++) {
      const piece = pieces[i] as Piece;
      const km = greatCircleKm(at(piece.t0), at(piece.t1));
      if (km < shortestKm) {
        shortest = i;
        shortestKm = km;
      }
    }
    if (shortest < 0) return;
    const piece = pieces[shortest] as Piece;
    const before = pieces[shortest - 1] as Piece;
    const after = pieces[shortest + 1] as Piece;
    if (before.fir === after.fir) {
      before.t1 = after.t1;
      pieces.splice(shortest, 2);
    } else {
      const mid = (piece.t0 + piece.t1) / 2;
      before.t1 = mid;
      after.t0 = mid;
      pieces.splice(shortest, 1);
    }
  }
}

/**
 * Default for LayerOptions.sliverKm: 0.25 km. The widest gap found between neighbouring
 * VATSpy FIRs along the reference tracks is about 170 m (LSAZ/LFEE near 7.0°E 47.3°N).
 */
export const DEFAULT_SLIVER_KM = 0.25;

class GridFirLayer implements FirLayer {
  readonly firs: readonly Fir[];
  readonly #ids: Map<string, Fir>;
  readonly #polygons: readonly IndexedPolygon[];
  readonly #cells: Int32Array;
  readonly #listStart: Int32Array;
  readonly #listPolygons: Int32Array;
  readonly #fallback: Int32Array;
  #scratch = { cells: new Int32Array(256) };
  #seen: Int32Array;
  #stampValue = 0;
  readonly #sliverKm: number;
  /** By Fir.index: the rings as parsed (the lookup's edges are bucketed, not drawable). */
  readonly #outlines: ReadonlyArray<ReadonlyArray<readonly Float64Array[]>>;

  constructor(
    firs: readonly Fir[],
    polygons: readonly IndexedPolygon[],
    grid: LookupGrid,
    sliverKm: number,
    outlines: ReadonlyArray<ReadonlyArray<readonly Float64Array[]>>,
  ) {
    this.#sliverKm = sliverKm;
    this.#outlines = outlines;
    this.firs = firs;
    this.#ids = new Map(firs.map((fir) => [fir.id, fir]));
    this.#polygons = polygons;
    this.#cells = grid.cells;
    this.#listStart = grid.listStart;
    this.#listPolygons = grid.listPolygons;
    this.#fallback = grid.fallback;
    this.#seen = new Int32Array(polygons.length);
  }

  byId(id: string): Fir | undefined {
    return this.#ids.get(id);
  }

  outline(id: string): ReadonlyArray<readonly Float64Array[]> {
    const fir = this.#ids.get(id);
    return fir ? (this.#outlines[fir.index] ?? []) : [];
  }

  firAt(lon: number, lat: number): Fir | null {
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
      checkPosition(lon, lat);
      lon = wrapLon(lon);
    }
    let col = ((lon + 180) * INV_CELL) | 0;
    if (col === GRID_COLS) col--;
    let row = ((lat + 90) * INV_CELL) | 0;
    if (row === GRID_ROWS) row--;
    const v = this.#cells[row * GRID_COLS + col] as number;
    if (v >= 0) return this.firs[v] as Fir;
    if (v === EMPTY) return null;
    return this.#mixed(-(v + 2), lon, lat, row);
  }

  #mixed(list: number, lon: number, lat: number, row: number): Fir | null {
    const end = this.#listStart[list + 1] as number;
    for (let k = this.#listStart[list] as number; k < end; k++) {
      const polygon = this.#polygons[this.#listPolygons[k] as number] as IndexedPolygon;
      if (polygonContains(polygon, lon, lat, row)) return this.firs[polygon.fir] as Fir;
    }
    const fallback = this.#fallback[list] as number;
    return fallback >= 0 ? (this.firs[fallback] as Fir) : null;
  }

  transitions(a: LonLat, b: LonLat): Transition[] {
    checkPosition(a.lon, a.lat);
    checkPosition(b.lon, b.lat);
    const x0 = wrapLon(a.lon);
    const y0 = a.lat;
    let x1 = wrapLon(b.lon);
    const y1 = b.lat;
    const start = this.firAt(x0, y0);
    const end = this.firAt(x1, y1);
    // Straight lines in lon/lat; a segment spanning more than 180° of longitude is taken
    // the short way, across the antimeridian.
    if (x1 - x0 > 180) x1 -= 360;
    else if (x1 - x0 < -180) x1 += 360;
    const crosses = x1 < -180 || x1 > 180;

    if (!crosses && start === end && this.#staysInOneCellFir(x0, y0, x1, y1, start)) return [];

    const cuts: number[] = [];
    if (crosses) {
      const meridian = x1 > 180 ? 180 : -180;
      const t = (meridian - x0) / (x1 - x0);
      const yc = y0 + t * (y1 - y0);
      cuts.push(t);
      this.#cutPiece(x0, y0, meridian, yc, 0, t, cuts);
      this.#cutPiece(
        meridian - Math.sign(meridian) * 360,
        yc,
        x1 - Math.sign(meridian) * 360,
        y1,
        t,
        1,
        cuts,
      );
    } else {
      this.#cutPiece(x0, y0, x1, y1, 0, 1, cuts);
    }
    cuts.sort((u, v) => u - v);

    // Pieces between consecutive cuts, each with the FIR at its midpoint.
    const at = (t: number) => ({ lon: wrapLon(x0 + t * (x1 - x0)), lat: y0 + t * (y1 - y0) });
    const pieces: Piece[] = [];
    let previousCut = 0;
    const addPiece = (t1: number) => {
      const mid = at((previousCut + t1) / 2);
      const fir = this.firAt(mid.lon, mid.lat);
      const last = pieces[pieces.length - 1];
      if (last && last.fir === fir) last.t1 = t1;
      else pieces.push({ t0: previousCut, t1, fir });
      previousCut = t1;
    };
    for (const cut of cuts) {
      if (cut - previousCut <= SAME_CUT || cut >= 1 - SAME_CUT) continue;
      addPiece(cut);
    }
    addPiece(1);
    if (this.#sliverKm > 0) healSlivers(pieces, this.#sliverKm, at);

    const out: Transition[] = [];
    let current = start;
    const step = (t: number, fir: Fir | null) => {
      if (fir === current) return;
      const point = t >= 1 ? { lon: wrapLon(b.lon), lat: b.lat } : at(t);
      // A start exactly on a boundary, leaving into a FIR other than firAt(a), reports
      // that change at the start point with the smallest fraction that is still > 0.
      out.push({ fraction: t > 0 ? t : Number.EPSILON, ...point, from: current, to: fir });
      current = fir;
    };
    for (const piece of pieces) step(piece.t0, piece.fir);
    step(1, end);
    return out;
  }

  /** True when every grid cell the segment passes is wholly inside `fir` (or wholly outside all FIRs). */
  #staysInOneCellFir(x0: number, y0: number, x1: number, y1: number, fir: Fir | null): boolean {
    const want = fir === null ? EMPTY : fir.index;
    const c = colOf(x0);
    const r = rowOf(y0);
    if (c === colOf(x1) && r === rowOf(y1) && this.#cells[r * GRID_COLS + c] === want) {
      // Both ends in one cell; the cell touches nothing within TOUCH_EPS only if it is pure,
      // and then so does any segment inside it.
      return true;
    }
    const n = segmentCells(x0, y0, x1, y1, this.#scratch);
    const cells = this.#scratch.cells;
    for (let i = 0; i < n; i++) if (this.#cells[cells[i] as number] !== want) return false;
    return true;
  }

  /**
   * Adds to `cuts` the fractions (t0..t1 of the whole segment) where the piece
   * (px0,py0)–(px1,py1), lying within [-180, 180], meets an edge of any polygon that
   * decides precedence in a cell the piece passes.
   */
  #cutPiece(
    px0: number,
    py0: number,
    px1: number,
    py1: number,
    t0: number,
    t1: number,
    cuts: number[],
  ): void {
    const n = segmentCells(px0, py0, px1, py1, this.#scratch);
    const cells = this.#scratch.cells;
    this.#stampValue++;
    if (this.#stampValue > 0x3fffffff) {
      this.#seen.fill(0);
      this.#stampValue = 1;
    }
    const stampValue = this.#stampValue;
    const minX = Math.min(px0, px1);
    const maxX = Math.max(px0, px1);
    const minY = Math.min(py0, py1);
    const maxY = Math.max(py0, py1);
    const rowLo = rowOf(minY);
    const rowHi = rowOf(maxY);
    const rx = px1 - px0;
    const ry = py1 - py0;
    for (let i = 0; i < n; i++) {
      const v = this.#cells[cells[i] as number] as number;
      if (v >= EMPTY) continue;
      const list = -(v + 2);
      const listEnd = this.#listStart[list + 1] as number;
      for (let k = this.#listStart[list] as number; k < listEnd; k++) {
        const p = this.#listPolygons[k] as number;
        if (this.#seen[p] === stampValue) continue;
        this.#seen[p] = stampValue;
        const polygon = this.#polygons[p] as IndexedPolygon;
        const e = polygon.edges;
        const from = Math.max(rowLo, polygon.rowMin) - polygon.rowMin;
        const to = Math.min(rowHi, polygon.rowMax) - polygon.rowMin;
        if (from > to) continue;
        const kEnd = (polygon.bucketStart[to + 1] as number) * 4;
        for (let j = (polygon.bucketStart[from] as number) * 4; j < kEnd; j += 4) {
          const ax = e[j] as number;
          const ay = e[j + 1] as number;
          const bx = e[j + 2] as number;
          const by = e[j + 3] as number;
          if ((ax < minX && bx < minX) || (ax > maxX && bx > maxX)) continue;
          if ((ay < minY && by < minY) || (ay > maxY && by > maxY)) continue;
          const sx = bx - ax;
          const sy = by - ay;
          const den = rx * sy - ry * sx;
          if (den === 0) continue; // parallel: the ends of a shared stretch are cut by the neighbouring edges
          const qx = ax - px0;
          const qy = ay - py0;
          const t = (qx * sy - qy * sx) / den;
          const u = (qx * ry - qy * rx) / den;
          if (t >= 0 && t <= 1 && u >= 0 && u <= 1) cuts.push(t0 + t * (t1 - t0));
        }
      }
    }
  }
}
