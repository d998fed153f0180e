import { defaultFirLayer } from '@overfly/geo';
import { describe, expect, it } from 'vitest';
import { type FirOutlines, type MapFlight, routeMapSvg } from './map-svg.js';

/** FIRs as lon/lat boxes: AAAA west of 0°, BBBB east of it. */
const boxes: FirOutlines = {
  byId: (id) => (id === 'AAAA' || id === 'BBBB' ? { name: `${id} name` } : undefined),
  outline: (id) => {
    const box = (w: number, s: number, e: number, n: number) => [
      [Float64Array.of(w, s, e, s, e, n, w, n, w, s)],
    ];
    if (id === 'AAAA') return box(-4, 48, 0, 52);
    if (id === 'BBBB') return box(0, 48, 4, 52);
    return [];
  },
};

const crossing = (firId: string, from: [number, number], to: [number, number] | null) => ({
  firId,
  entry: { longitude: from[0], latitude: from[1] },
  exit: to && { longitude: to[0], latitude: to[1] },
});

const flight = (flightId: string, callsign: string | null, lat: number): MapFlight => ({
  flightId,
  callsign,
  crossings: [crossing('AAAA', [-3, lat], [0, lat]), crossing('BBBB', [0, lat], [3, lat + 0.5])],
});

/** Every x, y of the paths' d attributes and of the circles and labels. */
function coordinates(svg: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [, d] of svg.matchAll(/ d="([^"]*)"/g))
    for (const [, x, y] of (d as string).matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g))
      out.push([Number(x), Number(y)]);
  for (const [, x, y] of svg.matchAll(/(?:cx|x)="(-?[\d.]+)" (?:cy|y)="(-?[\d.]+)"/g))
    out.push([Number(x), Number(y)]);
  return out;
}

const viewBox = (svg: string) => {
  const [, w, h] = svg.match(/viewBox="0 0 ([\d.]+) ([\d.]+)"/) ?? [];
  return [Number(w), Number(h)] as const;
};

describe('routeMapSvg', () => {
  it('draws a path per flight and each FIR crossed, labelled with its id', () => {
    const svg = routeMapSvg([flight('f1', 'BAW1', 49), flight('f2', 'BAW2', 51)], boxes)?.markup;
    expect(svg).toBeDefined();
    expect(svg?.match(/<path class="flight"/g)).toHaveLength(2);
    expect(svg?.match(/<path class="fir"/g)).toHaveLength(2);
    expect(svg).toContain('data-flight="f1"');
    expect(svg).toContain('>AAAA</text>');
    expect(svg).toContain('>BBBB</text>');
    expect(svg).toContain('<title>AAAA AAAA name</title>');
    expect(svg).toContain('Route map: 2 flights through AAAA, BBBB');
  });

  it('keeps every point inside the drawing: fitted to the FIRs and paths, with a margin', () => {
    const svg = routeMapSvg([flight('f1', 'BAW1', 49)], boxes)?.markup ?? '';
    const [w, h] = viewBox(svg);
    expect(w).toBe(960);
    const points = coordinates(svg);
    expect(points.length).toBeGreaterThan(10);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(w);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(h);
    }
  });

  it('escapes what comes from the data', () => {
    const svg = routeMapSvg([flight('f"1', '<script>x</script>', 49)], boxes)?.markup ?? '';
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt; (f&quot;1)');
    expect(svg).toContain('data-flight="f&quot;1"');
  });

  it('draws the paths alone without a FIR layer, and nothing without crossings', () => {
    const svg = routeMapSvg([flight('f1', null, 49)], null)?.markup ?? '';
    expect(svg).not.toContain('class="fir"');
    expect(svg).toContain('>AAAA</text>');
    expect(routeMapSvg([{ flightId: 'f', callsign: null, crossings: [] }], boxes)).toBeNull();
    expect(routeMapSvg([], boxes)).toBeNull();
  });

  it('keeps a path over the antimeridian continuous', () => {
    const pacific: MapFlight = {
      flightId: 'p',
      callsign: null,
      crossings: [
        crossing('NZZO', [178, -30], [180, -31]),
        crossing('NFFF', [-180, -31], [-178, -32]),
      ],
    };
    const svg = routeMapSvg([pacific], null)?.markup ?? '';
    const d = svg.match(/class="flight"[^>]* d="([^"]*)"/)?.[1] ?? '';
    const xs = [...d.matchAll(/[ML](-?[\d.]+) /g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(4);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect((xs[3] as number) - (xs[0] as number)).toBeLessThan(960);
  });

  it('stays bounded for many flights over the real FIR layer', () => {
    const layer = defaultFirLayer();
    const firs = ['EGTT', 'EGPX', 'EISN', 'LFFF', 'LFRR', 'EDGG', 'EDMM', 'LIMM', 'LECM', 'EGGX'];
    const flights: MapFlight[] = Array.from({ length: 100 }, (_, i) => ({
      flightId: `f${i}`,
      callsign: `BAW${i}`,
      crossings: firs.map((firId, k) =>
        crossing(firId, [-10 + k * 2, 45 + (i % 10)], [-8 + k * 2, 45 + (i % 10)]),
      ),
    }));
    const svg = routeMapSvg(flights, layer)?.markup ?? '';
    expect(svg.match(/<path class="flight"/g)).toHaveLength(100);
    expect(svg.match(/<path class="fir"/g)).toHaveLength(firs.length);
    // Simplified to about a vertex per unit of outline: well under a megabyte.
    expect(svg.length).toBeLessThan(400_000);
  });
});
