import type { Airport, AirportIndex, Fir, FirLayer, LonLat, Transition } from '@overfly/geo';
import { haversineKm } from '@overfly/geo';

/** An axis-aligned lon/lat box standing in for a FIR polygon. */
export interface BoxFir {
  id: string;
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * Test double of packages/geo's FirLayer: FIRs are boxes, the first box listed wins where
 * they overlap, and a segment is interpolated linearly in lon/lat.
 */
export function boxLayer(boxes: readonly BoxFir[]): FirLayer {
  const firs: Fir[] = boxes.map((b, index) => ({
    id: b.id,
    name: `${b.id} name`,
    index,
    areaKm2: 1,
  }));
  const firAt = (lon: number, lat: number): Fir | null => {
    for (let i = 0; i < boxes.length; i++) {
      const b = boxes[i] as BoxFir;
      if (lon >= b.west && lon < b.east && lat >= b.south && lat < b.north) return firs[i] ?? null;
    }
    return null;
  };
  const transitions = (a: LonLat, b: LonLat): Transition[] => {
    const cuts = new Set<number>();
    for (const box of boxes) {
      for (const x of [box.west, box.east]) {
        if (a.lon !== b.lon) cuts.add((x - a.lon) / (b.lon - a.lon));
      }
      for (const y of [box.south, box.north]) {
        if (a.lat !== b.lat) cuts.add((y - a.lat) / (b.lat - a.lat));
      }
    }
    const fractions = [...cuts].filter((f) => f > 0 && f <= 1).sort((x, y) => x - y);
    const out: Transition[] = [];
    let current = firAt(a.lon, a.lat);
    for (const f of fractions) {
      const lon = a.lon + (b.lon - a.lon) * f;
      const lat = a.lat + (b.lat - a.lat) * f;
      // Which box the segment is in just after the cut.
      const eps = 1e-9;
      const next = firAt(lon + (b.lon - a.lon) * eps, lat + (b.lat - a.lat) * eps);
      if (next !== current) {
        out.push({ fraction: f, lon, lat, from: current, to: next });
        current = next;
      }
    }
    return out;
  };
  return {
    firs,
    byId: (id) => firs.find((f) => f.id === id),
    firAt,
    transitions,
    outline: (id) => {
      const b = boxes.find((box) => box.id === id);
      return b
        ? [
            [
              Float64Array.of(
                b.west,
                b.south,
                b.east,
                b.south,
                b.east,
                b.north,
                b.west,
                b.north,
                b.west,
                b.south,
              ),
            ],
          ]
        : [];
    },
  };
}

export function airportIndex(airports: readonly Airport[]): AirportIndex {
  return {
    size: airports.length,
    byIcao: (icao) => airports.find((a) => a.icao === icao),
    nearest(lon, lat, maxKm) {
      let best: Airport | null = null;
      let bestKm = maxKm;
      for (const a of airports) {
        const d = haversineKm(lat, lon, a.lat, a.lon);
        if (d <= bestKm) {
          best = a;
          bestKm = d;
        }
      }
      return best;
    },
  };
}

export function airport(icao: string, lon: number, lat: number, elevationFt = 0): Airport {
  return { icao, iata: null, name: icao, lon, lat, elevationFt };
}
