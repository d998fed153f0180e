import { type Html, html, raw } from './escape.js';
import { type Bounds, boundsOf, fitProjection, type Projection, union } from './projection.js';
import { simplify } from './simplify.js';

// The route map of an invoice: the FIRs its flights crossed and each flight's path through
// its crossings' entry and exit points, as an inline SVG (no script, no tiles: it works
// offline and prints).

interface Point {
  latitude: number;
  longitude: number;
}

/** One flight to draw: its crossings in the order flown. */
export interface MapFlight {
  flightId: string;
  callsign: string | null;
  crossings: ReadonlyArray<{ firId: string; entry: Point; exit: Point | null }>;
}

/** What the map needs of the FIR layer (packages/geo's FirLayer has it). */
export interface FirOutlines {
  byId(id: string): { name: string | null } | undefined;
  outline(id: string): ReadonlyArray<readonly Float64Array[]>;
}

export interface MapOptions {
  /** Width of the drawing, user units. 960. */
  width?: number;
  /** Boundary vertices closer than this (user units) to the last kept are dropped. 1. */
  tolerance?: number;
}

const COLOURS = ['#c0392b', '#2471a3', '#1e8449', '#8e44ad', '#d35400', '#117a65', '#7d6608'];

type LonLat = readonly [lon: number, lat: number];

/**
 * Longitudes made continuous along a path: a step of more than 180° is the short way
 * over the antimeridian, so the point is moved by 360° (a path may run past ±180).
 */
function unwrap(points: readonly LonLat[]): LonLat[] {
  const out: LonLat[] = [];
  for (const [lon, lat] of points) {
    const prev = out[out.length - 1];
    let x = lon;
    if (prev) while (x - prev[0] > 180) x -= 360;
    if (prev) while (x - prev[0] < -180) x += 360;
    out.push([x, lat]);
  }
  return out;
}

function pathPoints(flight: MapFlight): LonLat[] {
  const points: LonLat[] = [];
  for (const c of flight.crossings) {
    points.push([c.entry.longitude, c.entry.latitude]);
    if (c.exit) points.push([c.exit.longitude, c.exit.latitude]);
  }
  return unwrap(points);
}

/** A ring as lon/lat pairs, moved by 360° when its middle is on the far side of `centreLon`. */
function ringNear(ring: Float64Array, centreLon: number): LonLat[] {
  const points: LonLat[] = [];
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i += 2) {
    points.push([ring[i] as number, ring[i + 1] as number]);
    sum += ring[i] as number;
  }
  const mean = points.length ? sum / points.length : centreLon;
  const shift = mean - centreLon > 180 ? -360 : mean - centreLon < -180 ? 360 : 0;
  return shift === 0 ? points : points.map(([lon, lat]) => [lon + shift, lat] as const);
}

const num = (n: number) => (Math.round(n * 10) / 10).toString();

function polyline(projection: Projection, points: readonly LonLat[], tolerance: number): string {
  const projected = points.map(([lon, lat]) => projection.project(lon, lat));
  const kept = tolerance > 0 ? simplify(projected, tolerance) : projected;
  return kept.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${num(x)} ${num(y)}`).join('');
}

/**
 * The map, or null when there is nothing to place (no flight has a crossing). `firs`
 * null: the paths alone, labelled with the FIR ids from the crossings.
 */
export function routeMapSvg(
  flights: readonly MapFlight[],
  firs: FirOutlines | null,
  options: MapOptions = {},
): Html | null {
  const drawn = flights
    .map((flight) => ({ flight, points: pathPoints(flight) }))
    .filter((d) => d.points.length > 0);
  const pathBounds = boundsOf(drawn.flatMap((d) => d.points));
  if (pathBounds === null) return null;
  const centreLon = (pathBounds.west + pathBounds.east) / 2;

  // Every FIR crossed, in the order first met, with where its label goes: the middle of
  // the first crossing through it (on a path, so inside the FIR, near the flights).
  const crossed = new Map<string, LonLat>();
  for (const { flight, points } of drawn) {
    let i = 0;
    for (const c of flight.crossings) {
      const entry = points[i] as LonLat;
      const exit = c.exit ? (points[i + 1] as LonLat) : entry;
      i += c.exit ? 2 : 1;
      if (!crossed.has(c.firId))
        crossed.set(c.firId, [(entry[0] + exit[0]) / 2, (entry[1] + exit[1]) / 2]);
    }
  }
  const outlines = [...crossed.keys()].map((id) => ({
    id,
    polygons: (firs?.outline(id) ?? []).map((rings) => rings.map((r) => ringNear(r, centreLon))),
  }));
  let bounds: Bounds = pathBounds;
  for (const o of outlines)
    for (const rings of o.polygons) {
      const b = boundsOf(rings[0] ?? []);
      if (b) bounds = union(bounds, b);
    }

  const projection = fitProjection(bounds, { width: options.width ?? 960 });
  const tolerance = options.tolerance ?? 1;
  const { width, height } = projection;
  const firPaths = outlines
    .filter((o) => o.polygons.length > 0)
    .map((o) => {
      const d = o.polygons
        .flatMap((rings) => rings.map((ring) => `${polyline(projection, ring, tolerance)}Z`))
        .join('');
      const name = firs?.byId(o.id)?.name;
      return html`<path class="fir" data-fir="${o.id}" d="${d}"><title>${o.id}${name ? ` ${name}` : ''}</title></path>`;
    });
  const flightPaths = drawn.map(({ flight, points }, i) => {
    const colour = COLOURS[i % COLOURS.length] as string;
    const d = polyline(projection, points, 0);
    const dots = points.map(([lon, lat]) => {
      const [x, y] = projection.project(lon, lat);
      return raw(`<circle cx="${num(x)}" cy="${num(y)}" r="2.5"/>`);
    });
    const label = flight.callsign ? `${flight.callsign} (${flight.flightId})` : flight.flightId;
    return html`<g class="flight-route" fill="${colour}"><path class="flight" data-flight="${flight.flightId}" fill="none" stroke="${colour}" d="${d}"><title>${label}</title></path>${dots}</g>`;
  });
  const labels = [...crossed].map(([id, [lon, lat]]) => {
    const [x, y] = projection.project(lon, lat);
    return html`<text class="fir-label" x="${num(x)}" y="${num(y - 6)}">${id}</text>`;
  });
  const title = `Route map: ${drawn.length} flight${drawn.length === 1 ? '' : 's'} through ${[...crossed.keys()].join(', ')}`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="route-map" viewBox="0 0 ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" role="img" aria-label="${title}"><title>${title}</title><rect width="100%" height="100%" fill="#eef3f7"/><g fill="#fdfdfb" fill-opacity="0.85" stroke="#5d6d7e" stroke-width="0.8" fill-rule="evenodd">${firPaths}</g><g stroke-width="2" stroke-linejoin="round">${flightPaths}</g><g font-family="sans-serif" font-size="12" font-weight="bold" fill="#1b2631" stroke="#ffffff" stroke-width="3" paint-order="stroke" text-anchor="middle">${labels}</g></svg>`;
}
