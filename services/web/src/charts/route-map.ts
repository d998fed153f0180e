import type { RouteMap } from '../api/types.js';
import { s } from '../ui/dom.js';

type LonLat = [lon: number, lat: number];

const COLOURS = ['#ff8a65', '#5cc8ff', '#6bd88b', '#c39bff', '#ffd54f', '#4dd0c8', '#f48fb1'];
const WIDTH = 960;
const MARGIN = 24;

/** Longitudes made continuous along a path (the short way over the antimeridian). */
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

function ringOf(flat: readonly number[], centreLon: number): LonLat[] {
  const points: LonLat[] = [];
  let sum = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    points.push([flat[i] as number, flat[i + 1] as number]);
    sum += flat[i] as number;
  }
  const mean = points.length ? sum / points.length : centreLon;
  const shift = mean - centreLon > 180 ? -360 : mean - centreLon < -180 ? 360 : 0;
  return shift ? points.map(([lon, lat]) => [lon + shift, lat]) : points;
}

const num = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * The route map of an invoice as an SVG: the FIRs crossed (their boundaries from the api's
 * layer) and each flight's path through its crossings' entry and exit points, FIR ids
 * labelled. Equirectangular, scaled by cos(latitude) at the middle, fitted with a margin.
 * Null when no flight has a crossing.
 */
export function routeMapSvg(map: RouteMap): SVGSVGElement | null {
  const paths = map.flights
    .map((f) => ({
      flight: f,
      points: unwrap(
        f.crossings.flatMap((c): LonLat[] => [
          [c.entry.longitude, c.entry.latitude],
          ...(c.exit ? [[c.exit.longitude, c.exit.latitude] as LonLat] : []),
        ]),
      ),
    }))
    .filter((p) => p.points.length > 0);
  const all = paths.flatMap((p) => p.points);
  if (all.length === 0) return null;
  const lons = all.map((p) => p[0]);
  const centreLon = (Math.min(...lons) + Math.max(...lons)) / 2;
  const firs = map.firs.map((fir) => ({ fir, rings: fir.rings.map((r) => ringOf(r, centreLon)) }));
  const every = [...all, ...firs.flatMap((f) => f.rings.flat())];
  let [west, east, south, north] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [lon, lat] of every) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * kx, 0.5);
  const spanY = Math.max(north - south, 0.5);
  const scale = (WIDTH - 2 * MARGIN) / spanX;
  const height = Math.min(720, spanY * scale + 2 * MARGIN);
  const fit = Math.min(scale, (height - 2 * MARGIN) / spanY);
  const x = (lon: number) => MARGIN + (lon - west) * kx * fit;
  const y = (lat: number) => MARGIN + (north - lat) * fit;
  const d = (points: readonly LonLat[], close: boolean) =>
    points.map(([lon, lat], i) => `${i ? 'L' : 'M'}${num(x(lon))} ${num(y(lat))}`).join('') +
    (close ? 'Z' : '');

  const labels = new Map<string, LonLat>();
  for (const { flight, points } of paths) {
    let i = 0;
    for (const c of flight.crossings) {
      const entry = points[i] as LonLat;
      const exit = c.exit ? (points[i + 1] as LonLat) : entry;
      i += c.exit ? 2 : 1;
      if (!labels.has(c.firId))
        labels.set(c.firId, [(entry[0] + exit[0]) / 2, (entry[1] + exit[1]) / 2]);
    }
  }
  const title = `Route map: ${paths.length} flight${paths.length === 1 ? '' : 's'} through ${[...labels.keys()].join(', ')}`;
  return s(
    'svg',
    {
      class: 'route-map',
      viewBox: `0 0 ${WIDTH} ${num(height)}`,
      role: 'img',
      'aria-label': title,
    },
    s('title', {}, title),
    s(
      'g',
      { class: 'firs' },
      ...firs.map(({ fir, rings }) =>
        s(
          'path',
          { class: 'fir', 'data-fir': fir.id, d: rings.map((r) => d(r, true)).join('') },
          s('title', {}, fir.name ? `${fir.id} ${fir.name}` : fir.id),
        ),
      ),
    ),
    s(
      'g',
      { class: 'flights' },
      ...paths.map(({ flight, points }, i) => {
        const colour = COLOURS[i % COLOURS.length] as string;
        return s(
          'g',
          { class: 'flight-route', fill: colour },
          s(
            'path',
            {
              class: 'flight',
              'data-flight': flight.flightId,
              stroke: colour,
              d: d(points, false),
            },
            s(
              'title',
              {},
              flight.callsign ? `${flight.callsign} (${flight.flightId})` : flight.flightId,
            ),
          ),
          ...points.map(([lon, lat]) => s('circle', { cx: num(x(lon)), cy: num(y(lat)), r: 3 })),
        );
      }),
    ),
    s(
      'g',
      { class: 'fir-labels' },
      ...[...labels].map(([id, [lon, lat]]) =>
        s('text', { x: num(x(lon)), y: num(y(lat) - 8) }, id),
      ),
    ),
  );
}
