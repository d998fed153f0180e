/**
 * The global lookup grid: 0.25° cells over [-180, 180] × [-90, 90] (1440 × 720, about
 * 1 M cells, 4 MB). 0.25° keeps most of Europe's cells wholly inside one FIR while the
 * grid stays small enough to build in well under a second.
 */
export const CELL_DEG = 0.25;
export const INV_CELL = 1 / CELL_DEG;
export const GRID_COLS = 360 * INV_CELL;
export const GRID_ROWS = 180 * INV_CELL;

/**
 * Cells are marked as touched by an edge when the edge comes within this many degrees of
 * them, so that an edge lying exactly on a cell line marks the cells on both sides and a
 * cell called "pure" has no boundary anywhere in its closed square.
 */
const TOUCH_EPS = 1e-9;

export function colOf(lon: number): number {
  const c = Math.floor((lon + 180) * INV_CELL);
  return c < 0 ? 0 : c >= GRID_COLS ? GRID_COLS - 1 : c;
}

export function rowOf(lat: number): number {
  const r = Math.floor((lat + 90) * INV_CELL);
  return r < 0 ? 0 : r >= GRID_ROWS ? GRID_ROWS - 1 : r;
}

/**
 * Every cell (row * GRID_COLS + col) the segment (x1,y1)–(x2,y2) passes within TOUCH_EPS
 * of, written to `out` from index 0; returns how many. A cell may repeat once at most.
 * Both ends must lie within [-180, 180] in longitude.
 */
export function segmentCells(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  out: { cells: Int32Array },
): number {
  const xa = Math.min(x1, x2);
  const xb = Math.max(x1, x2);
  const c0 = colOf(xa - TOUCH_EPS);
  const c1 = colOf(xb + TOUCH_EPS);
  const dx = x2 - x1;
  let count = 0;
  for (let c = c0; c <= c1; c++) {
    const colWest = -180 + c * CELL_DEG;
    const lo = Math.max(xa, colWest);
    const hi = Math.max(lo, Math.min(xb, colWest + CELL_DEG));
    let ylo: number;
    let yhi: number;
    if (dx === 0) {
      ylo = Math.min(y1, y2);
      yhi = Math.max(y1, y2);
    } else {
      const ya = y1 + ((lo - x1) * (y2 - y1)) / dx;
      const yb = y1 + ((hi - x1) * (y2 - y1)) / dx;
      ylo = Math.min(ya, yb);
      yhi = Math.max(ya, yb);
    }
    const r0 = rowOf(ylo - TOUCH_EPS);
    const r1 = rowOf(yhi + TOUCH_EPS);
    const need = count + (r1 - r0 + 1);
    if (need > out.cells.length) {
      const grown = new Int32Array(Math.max(need, out.cells.length * 2));
      grown.set(out.cells);
      out.cells = grown;
    }
    for (let r = r0; r <= r1; r++) out.cells[count++] = r * GRID_COLS + c;
  }
  return count;
}
