import { MEAN_EARTH_RADIUS_KM } from '@overfly/geo';
import type { LatLon, RoutePoint } from './route.js';

const RAD = Math.PI / 180;
const EARTH_RADIUS_M = MEAN_EARTH_RADIUS_KM * 1000;

/** A straight piece (metres), or a turn of `angleRad` (right positive) on a `radiusM` circle. */
export type PathSegment =
  | { kind: 'line'; lengthM: number }
  | { kind: 'arc'; radiusM: number; angleRad: number };

interface Placed {
  startM: number;
  lengthM: number;
  segment: PathSegment;
  /** Where the segment starts, in the plane (x along the origin course, y to its right). */
  x: number;
  y: number;
  /** Heading at its start, radians from the origin course, clockwise. */
  heading: number;
}

/**
 * A path of straight lines and turns flown from a point on a course: a holding pattern, a
 * go-around circuit. It is laid out in the plane tangent to the earth at that point (a
 * pattern spans a few tens of kilometres, where the plane departs from the sphere by
 * centimetres), then placed back on the sphere. Past its end it goes straight on.
 */
export class LocalPath {
  readonly lengthM: number;
  readonly #placed: Placed[] = [];
  readonly #originLat: number;
  readonly #originLon: number;
  readonly #cos: number;
  readonly #sin: number;
  readonly #courseDeg: number;
  readonly #metresPerDegLon: number;
  readonly #end: { x: number; y: number; heading: number };

  constructor(origin: LatLon, courseDeg: number, segments: readonly PathSegment[]) {
    this.#originLat = origin.lat;
    this.#originLon = origin.lon;
    this.#courseDeg = courseDeg;
    this.#cos = Math.cos(courseDeg * RAD);
    this.#sin = Math.sin(courseDeg * RAD);
    this.#metresPerDegLon = EARTH_RADIUS_M * RAD * Math.cos(origin.lat * RAD);
    let x = 0;
    let y = 0;
    let heading = 0;
    let total = 0;
    for (const segment of segments) {
      const lengthM =
        segment.kind === 'line' ? segment.lengthM : segment.radiusM * Math.abs(segment.angleRad);
      this.#placed.push({ startM: total, lengthM, segment, x, y, heading });
      const end = along(segment, x, y, heading, lengthM);
      x = end.x;
      y = end.y;
      heading = end.heading;
      total += lengthM;
    }
    this.lengthM = total;
    this.#end = { x, y, heading };
  }

  /** The point `distanceM` along the path, with its true track, written into `out`. */
  at(distanceM: number, out: RoutePoint): RoutePoint {
    let x: number;
    let y: number;
    let heading: number;
    if (distanceM >= this.lengthM) {
      const beyond = distanceM - this.lengthM;
      heading = this.#end.heading;
      x = this.#end.x + beyond * Math.cos(heading);
      y = this.#end.y + beyond * Math.sin(heading);
    } else {
      let placed = this.#placed[0] as Placed;
      for (const next of this.#placed) {
        if (distanceM < next.startM) break;
        placed = next;
      }
      const end = along(
        placed.segment,
        placed.x,
        placed.y,
        placed.heading,
        Math.max(0, distanceM - placed.startM),
      );
      x = end.x;
      y = end.y;
      heading = end.heading;
    }
    // x forward along the course, y to its right → north and east.
    const north = x * this.#cos - y * this.#sin;
    const east = x * this.#sin + y * this.#cos;
    out.lat = this.#originLat + north / (EARTH_RADIUS_M * RAD);
    out.lon = this.#originLon + east / this.#metresPerDegLon;
    const track = (this.#courseDeg + heading / RAD) % 360;
    out.trackDeg = track < 0 ? track + 360 : track;
    return out;
  }
}

/** Where a segment flown `s` metres from (x, y, heading) leads. */
function along(segment: PathSegment, x: number, y: number, heading: number, s: number) {
  if (segment.kind === 'line') {
    return { x: x + s * Math.cos(heading), y: y + s * Math.sin(heading), heading };
  }
  const side = Math.sign(segment.angleRad);
  const turned = (side * s) / segment.radiusM;
  // The centre is one radius to the side of the turn, square to the heading.
  const cx = x - side * segment.radiusM * Math.sin(heading);
  const cy = y + side * segment.radiusM * Math.cos(heading);
  const h = heading + turned;
  return {
    x: cx + side * segment.radiusM * Math.sin(h),
    y: cy - side * segment.radiusM * Math.cos(h),
    heading: h,
  };
}
