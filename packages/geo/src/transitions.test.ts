import { describe, expect, it } from 'vitest';
import {
  defaultFirLayer,
  type FirLayer,
  greatCircleKm,
  type LonLat,
  loadFirLayer,
} from './index.js';
import {
  consecutivePairs,
  readA319,
  readTrafficSample,
  type TrackPoint,
} from './test-support/references.js';

const layer = defaultFirLayer();

interface RefChange {
  from: string | null;
  to: string | null;
  /** The boundary point found by bisection on firAt to < 1 mm. */
  point: LonLat;
}

const lerp = (a: LonLat, b: LonLat, t: number) => ({
  lon: a.lon + t * (b.lon - a.lon),
  lat: a.lat + t * (b.lat - a.lat),
});

/**
 * The brute-force reference: the segment resampled in lon/lat to ≤ 1 s and ≤ 250 m
 * steps, firAt at every sample, a change wherever two samples differ, each change point
 * refined by bisection to < 1 mm (several changes between two samples are found one after
 * the other). Then the documented sliver rule: interior pieces shorter than 0.25 km go
 * (X → none → Y becomes X → Y at the gap's middle; X → Y → X disappears). Any piece of
 * 0.25 km or more holds at least one sample, so nothing the layer keeps can hide here.
 */
function referenceChanges(l: FirLayer, a: TrackPoint, b: TrackPoint): RefChange[] {
  const km = greatCircleKm(a, b);
  const steps = Math.max(1, Math.ceil((b.t - a.t) / 1000), Math.ceil(km / 0.25));
  const id = (t: number) => {
    const p = lerp(a, b, t);
    return l.firAt(p.lon, p.lat)?.id ?? null;
  };
  const raw: { from: string | null; to: string | null; t: number }[] = [];
  let current = id(0);
  for (let k = 1; k <= steps; k++) {
    let lo = (k - 1) / steps;
    const end = k / steps;
    while (id(end) !== current) {
      let hi = end;
      while ((hi - lo) * km > 1e-6) {
        const mid = (lo + hi) / 2;
        if (id(mid) === current) lo = mid;
        else hi = mid;
      }
      const next = id(hi);
      raw.push({ from: current, to: next, t: hi });
      current = next;
      lo = hi;
    }
  }
  // The sliver rule, shortest interior piece first.
  for (;;) {
    let shortest = -1;
    let shortestKm = 0.25;
    for (let i = 0; i + 1 < raw.length; i++) {
      const pieceKm = greatCircleKm(
        lerp(a, b, (raw[i] as { t: number }).t),
        lerp(a, b, (raw[i + 1] as { t: number }).t),
      );
      if (pieceKm < shortestKm) {
        shortest = i;
        shortestKm = pieceKm;
      }
    }
    if (shortest < 0) break;
    const enter = raw[shortest] as (typeof raw)[number];
    const leave = raw[shortest + 1] as (typeof raw)[number];
    if (enter.from === leave.to) raw.splice(shortest, 2);
    else raw.splice(shortest, 2, { from: enter.from, to: leave.to, t: (enter.t + leave.t) / 2 });
  }
  return raw.map((c) => ({ from: c.from, to: c.to, point: lerp(a, b, c.t) }));
}

function compareWithBruteForce(points: readonly TrackPoint[]) {
  let transitions = 0;
  let maxErrorKm = 0;
  const problems: string[] = [];
  for (const [a, b] of consecutivePairs(points)) {
    const got = layer.transitions(a, b);
    const want = referenceChanges(layer, a, b);
    transitions += got.length;
    const label = `${a.lon},${a.lat} → ${b.lon},${b.lat}`;
    if (got.length !== want.length) {
      problems.push(`${label}: ${got.length} transitions, reference ${want.length}`);
      continue;
    }
    got.forEach((g, i) => {
      const w = want[i] as RefChange;
      if ((g.from?.id ?? null) !== w.from || (g.to?.id ?? null) !== w.to) {
        problems.push(`${label}: ${g.from?.id}→${g.to?.id} vs ${w.from}→${w.to}`);
      }
      const km = greatCircleKm(g, w.point);
      maxErrorKm = Math.max(maxErrorKm, km);
      if (km > 0.25) problems.push(`${label}: ${km} km from the reference change`);
    });
  }
  return { transitions, maxErrorKm, problems };
}

describe('transitions against the brute-force reference', () => {
  it('finds every FIR change of the El Al 747 at the boundary point', () => {
    const result = compareWithBruteForce(readTrafficSample('elal747.json.gz'));
    expect(result.problems).toEqual([]);
    expect(result.transitions).toBe(4);
    expect(result.maxErrorKm).toBeLessThan(0.001);
  });

  it('finds every FIR change of the A319 at the boundary point', () => {
    const result = compareWithBruteForce(readA319());
    expect(result.problems).toEqual([]);
    // 7 FIR changes between fixes, plus a 2.8 km clip back into EBBU north of Antwerp
    // (4.40°E 51.36°N), where the Belgian–Dutch border zigzags between two fixes.
    expect(result.transitions).toBe(9);
    expect(result.maxErrorKm).toBeLessThan(0.001);
  });

  it('finds every FIR change of 1,243 flights around Switzerland', () => {
    const points = readTrafficSample('switzerland.json.gz');
    const result = compareWithBruteForce(points);
    expect(result.problems).toEqual([]);
    expect(result.transitions).toBeGreaterThan(100);
    expect(result.maxErrorKm).toBeLessThan(0.001);
  });

  it('chains: each transition starts where the previous one ended, from firAt(a) to firAt(b)', () => {
    const points = readTrafficSample('elal747.json.gz');
    let current = layer.firAt(points[0]?.lon ?? 0, points[0]?.lat ?? 0);
    for (const [a, b] of consecutivePairs(points)) {
      expect(layer.firAt(a.lon, a.lat)).toBe(current);
      for (const t of layer.transitions(a, b)) {
        expect(t.from).toBe(current);
        expect(t.fraction).toBeGreaterThan(0);
        expect(t.fraction).toBeLessThanOrEqual(1);
        current = t.to;
      }
      expect(current).toBe(layer.firAt(b.lon, b.lat));
    }
  });
});

const square = (id: string, w: number, s: number, e: number, n: number) => ({
  type: 'Feature',
  properties: { id },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  },
});

describe('transitions on synthetic FIRs', () => {
  const synthetic = loadFirLayer({
    type: 'FeatureCollection',
    features: [
      square('XXXX', 0, 0, 10, 10),
      square('YYYY', 4, 4, 6, 6),
      square('ZZZZ', 4.1, 7.1, 4.2, 7.2),
    ],
  });

  it('reports a corner clip: X → Y → X across the corner of Y', () => {
    const got = synthetic.transitions({ lon: 3, lat: 5.5 }, { lon: 5.5, lat: 3 });
    expect(got.map((t) => [t.from?.id, t.to?.id])).toEqual([
      ['XXXX', 'YYYY'],
      ['YYYY', 'XXXX'],
    ]);
    expect(got[0]?.fraction).toBeCloseTo(0.4, 12);
    expect(got[0]?.lon).toBeCloseTo(4, 12);
    expect(got[0]?.lat).toBeCloseTo(4.5, 12);
    expect(got[1]?.fraction).toBeCloseTo(0.6, 12);
    expect(got[1]?.lat).toBeCloseTo(4, 12);
  });

  it('reports a corner clip of a 0.1° FIR between two fixes in one grid cell', () => {
    const got = synthetic.transitions({ lon: 4.05, lat: 7.17 }, { lon: 4.17, lat: 7.05 });
    expect(got.map((t) => [t.from?.id, t.to?.id, t.lon.toFixed(9), t.lat.toFixed(9)])).toEqual([
      ['XXXX', 'ZZZZ', '4.100000000', '7.120000000'],
      ['ZZZZ', 'XXXX', '4.120000000', '7.100000000'],
    ]);
  });

  it('returns nothing for a segment that stays in one FIR', () => {
    expect(synthetic.transitions({ lon: 1, lat: 1 }, { lon: 3, lat: 9 })).toEqual([]);
    expect(synthetic.transitions({ lon: 1, lat: 1 }, { lon: 1, lat: 1 })).toEqual([]);
  });

  it('reports leaving every FIR as a transition to null', () => {
    const got = synthetic.transitions({ lon: 9, lat: 5 }, { lon: 11, lat: 5 });
    expect(got).toEqual([
      { fraction: 0.5, lon: 10, lat: 5, from: synthetic.byId('XXXX'), to: null },
    ]);
  });

  const pacific = loadFirLayer({
    type: 'FeatureCollection',
    features: [
      square('WEST', 170, -10, 180, 10),
      square('EAST', -180, -10, -170, 10),
      {
        type: 'Feature',
        properties: { id: 'BOTH' },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [170, 20],
                [180, 20],
                [180, 30],
                [170, 30],
                [170, 20],
              ],
            ],
            [
              [
                [-180, 20],
                [-170, 20],
                [-170, 30],
                [-180, 30],
                [-180, 20],
              ],
            ],
          ],
        },
      },
    ],
  });

  it('splits a segment at the antimeridian and takes the short way', () => {
    const got = pacific.transitions({ lon: 175, lat: 0 }, { lon: -175, lat: 2 });
    expect(got).toHaveLength(1);
    expect(got[0]?.from?.id).toBe('WEST');
    expect(got[0]?.to?.id).toBe('EAST');
    expect(got[0]?.fraction).toBeCloseTo(0.5, 12);
    expect(Math.abs(got[0]?.lon ?? 0)).toBe(180);
    expect(got[0]?.lat).toBeCloseTo(1, 12);
    const back = pacific.transitions({ lon: -175, lat: 2 }, { lon: 175, lat: 0 });
    expect(back.map((t) => [t.from?.id, t.to?.id])).toEqual([['EAST', 'WEST']]);
  });

  it('sees no transition across the antimeridian inside one FIR split there', () => {
    expect(pacific.transitions({ lon: 175, lat: 25 }, { lon: -175, lat: 26 })).toEqual([]);
  });
});
