import type { Airspace } from '../../../api/src/routes/airspace.js';

export type AirspaceFir = Airspace['firs'][number];

/**
 * Which FIR holds a point, in the page: the boundaries the api sends (thinned to ~5 km),
 * indexed by a 1° grid of the FIRs whose bounding boxes touch each cell, then an
 * even-odd ray cast over their rings. For the panel and the FIR filter, not for billing
 * (fir-analyser decides crossings on the full boundaries).
 */
export class AirspaceIndex {
  private readonly boxes: Float64Array;
  private readonly grid = new Map<number, number[]>();

  constructor(readonly firs: readonly AirspaceFir[]) {
    this.boxes = new Float64Array(firs.length * 4);
    firs.forEach((fir, i) => {
      let minLon = 180;
      let minLat = 90;
      let maxLon = -180;
      let maxLat = -90;
      for (const ring of fir.rings)
        for (let k = 0; k < ring.length; k += 2) {
          const x = ring[k] as number;
          const y = ring[k + 1] as number;
          minLon = Math.min(minLon, x);
          maxLon = Math.max(maxLon, x);
          minLat = Math.min(minLat, y);
          maxLat = Math.max(maxLat, y);
        }
      this.boxes.set([minLon, minLat, maxLon, maxLat], i * 4);
      for (let gx = Math.floor(minLon); gx <= Math.floor(maxLon); gx++)
        for (let gy = Math.floor(minLat); gy <= Math.floor(maxLat); gy++) {
          const key = cell(gx, gy);
          const list = this.grid.get(key);
          if (list) list.push(i);
          else this.grid.set(key, [i]);
        }
    });
  }

  byId(id: string): AirspaceFir | undefined {
    return this.firs.find((f) => f.id === id);
  }

  /** The FIR at a point, or null (oceans outside the layer, or a gap). */
  firAt(lat: number, lon: number): AirspaceFir | null {
    const candidates = this.grid.get(cell(Math.floor(lon), Math.floor(lat)));
    if (!candidates) return null;
    for (const i of candidates) {
      const b = i * 4;
      if (
        lon < (this.boxes[b] as number) ||
        lat < (this.boxes[b + 1] as number) ||
        lon > (this.boxes[b + 2] as number) ||
        lat > (this.boxes[b + 3] as number)
      )
        continue;
      const fir = this.firs[i] as AirspaceFir;
      let inside = false;
      for (const ring of fir.rings) if (inRing(ring, lon, lat)) inside = !inside;
      if (inside) return fir;
    }
    return null;
  }
}

const cell = (gx: number, gy: number) => (gx + 180) * 1000 + (gy + 90);

function inRing(ring: readonly number[], x: number, y: number): boolean {
  let inside = false;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i] as number;
    const yi = ring[2 * i + 1] as number;
    const xj = ring[2 * j] as number;
    const yj = ring[2 * j + 1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
