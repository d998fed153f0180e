import { CELL_DEG, GRID_COLS, GRID_ROWS, INV_CELL, segmentCells } from './grid.js';
import type { IndexedPolygon } from './polygon.js';

/** Cell value: ≥ 0 the one FIR (by index) winning the whole closed cell; EMPTY no FIR at all. */
export const EMPTY = -1;

/**
 * What the grid says about each cell. `cells[i]` ≥ 0: the FIR that wins everywhere in the
 * cell; EMPTY: no FIR; ≤ -2: mixed, list number -(v + 2). A mixed list holds, in
 * precedence order, the polygons with an edge in the cell whose FIR outranks whatever
 * covers the whole cell; `fallback[list]` is that covering FIR (or -1) for points none of
 * the listed polygons contain.
 */
export interface LookupGrid {
  cells: Int32Array;
  listStart: Int32Array;
  listPolygons: Int32Array;
  fallback: Int32Array;
}

/**
 * `rank[fir]` is the FIR's precedence (0 wins over everything). Polygons of one FIR must
 * be adjacent in `polygons`.
 */
export function buildLookupGrid(
  polygons: readonly IndexedPolygon[],
  rank: Int32Array,
  firCount: number,
): LookupGrid {
  const cellCount = GRID_COLS * GRID_ROWS;
  const NONE = firCount; // a rank nothing has
  const coverRank = new Int32Array(cellCount).fill(NONE);
  const coverFir = new Int32Array(cellCount).fill(-1);
  const stamp = new Int32Array(cellCount).fill(-1);
  const pairCell: number[] = [];
  const pairPolygon: number[] = [];
  const scratch = { cells: new Int32Array(64) };
  const xs: number[] = [];

  polygons.forEach((polygon, p) => {
    // 1. cells this polygon's boundary touches
    const e = polygon.edges;
    for (let k = 0; k < e.length; k += 4) {
      const n = segmentCells(
        e[k] as number,
        e[k + 1] as number,
        e[k + 2] as number,
        e[k + 3] as number,
        scratch,
      );
      for (let i = 0; i < n; i++) {
        const cell = scratch.cells[i] as number;
        if (stamp[cell] === p) continue;
        stamp[cell] = p;
        pairCell.push(cell);
        pairPolygon.push(p);
      }
    }
    // 2. cells wholly inside: scanline at each row's centre latitude
    const r = rank[polygon.fir] as number;
    for (let row = polygon.rowMin; row <= polygon.rowMax; row++) {
      const yc = -90 + (row + 0.5) * CELL_DEG;
      const b = row - polygon.rowMin;
      xs.length = 0;
      for (
        let k = (polygon.bucketStart[b] ?? 0) * 4;
        k < (polygon.bucketStart[b + 1] ?? 0) * 4;
        k += 4
      ) {
        const y1 = e[k + 1] as number;
        const y2 = e[k + 3] as number;
        if (y1 > yc !== y2 > yc) {
          const x1 = e[k] as number;
          xs.push(x1 + ((yc - y1) * ((e[k + 2] as number) - x1)) / (y2 - y1));
        }
      }
      xs.sort((u, v) => u - v);
      for (let i = 0; i + 1 < xs.length; i += 2) {
        const cStart = Math.max(0, Math.ceil(((xs[i] as number) + 180) * INV_CELL - 0.5));
        const cEnd = Math.min(
          GRID_COLS - 1,
          Math.ceil(((xs[i + 1] as number) + 180) * INV_CELL - 0.5) - 1,
        );
        for (let c = cStart; c <= cEnd; c++) {
          const cell = row * GRID_COLS + c;
          if (stamp[cell] === p) continue; // boundary cell: not wholly inside
          if (r < (coverRank[cell] as number)) {
            coverRank[cell] = r;
            coverFir[cell] = polygon.fir;
          }
        }
      }
    }
  });

  // Group the (cell, polygon) pairs by cell.
  const perCell = new Map<number, number[]>();
  for (let i = 0; i < pairCell.length; i++) {
    const cell = pairCell[i] as number;
    let list = perCell.get(cell);
    if (!list) {
      list = [];
      perCell.set(cell, list);
    }
    list.push(pairPolygon[i] as number);
  }

  const cells = new Int32Array(cellCount);
  for (let cell = 0; cell < cellCount; cell++) cells[cell] = coverFir[cell] as number; // pure or EMPTY
  const listStartArr: number[] = [0];
  const listPolygonsArr: number[] = [];
  const fallbackArr: number[] = [];
  const sortedCells = [...perCell.keys()].sort((u, v) => u - v);
  for (const cell of sortedCells) {
    const cover = coverRank[cell] as number;
    const relevant = (perCell.get(cell) ?? []).filter(
      (p) => (rank[(polygons[p] as IndexedPolygon).fir] as number) < cover,
    );
    if (relevant.length === 0) continue; // the covering FIR (or nothing) wins throughout
    relevant.sort(
      (u, v) =>
        (rank[(polygons[u] as IndexedPolygon).fir] as number) -
          (rank[(polygons[v] as IndexedPolygon).fir] as number) || u - v,
    );
    cells[cell] = -(fallbackArr.length + 2);
    listPolygonsArr.push(...relevant);
    listStartArr.push(listPolygonsArr.length);
    fallbackArr.push(coverFir[cell] as number);
  }
  return {
    cells,
    listStart: Int32Array.from(listStartArr),
    listPolygons: Int32Array.from(listPolygonsArr),
    fallback: Int32Array.from(fallbackArr),
  };
}
