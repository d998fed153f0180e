import { MEAN_EARTH_RADIUS_KM } from '@overfly/geo';

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;
/** The sphere of @overfly/geo's greatCircleKm, so distances agree with the analyser's. */
const EARTH_RADIUS_M = MEAN_EARTH_RADIUS_KM * 1000;

export interface LatLon {
  lat: number;
  lon: number;
}

/** Where an aircraft is along its route: written into a reused object (hot path). */
export interface RoutePoint {
  lat: number;
  lon: number;
  /** True track, degrees clockwise from north, [0, 360). */
  trackDeg: number;
}

interface Leg {
  startM: number;
  lengthM: number;
  /** Index of the point the leg ends at. */
  toIndex: number;
  /** Unit vectors of the leg's ends and its angular length, for the slerp. */
  ax: number;
  ay: number;
  az: number;
  bx: number;
  by: number;
  bz: number;
  delta: number;
  sinDelta: number;
  cosDelta: number;
}

/**
 * A route of great-circle legs through points. Positions are spherical interpolation along
 * each leg; beyond the last point the route goes on along the last great circle (a landing
 * roll past the aerodrome reference point).
 */
export class Route {
  readonly lengthM: number;
  readonly start: LatLon;
  readonly end: LatLon;
  readonly #legs: Leg[];
  readonly #points: readonly LatLon[];

  constructor(points: readonly LatLon[]) {
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last) throw new RangeError('a route needs at least one point');
    this.start = first;
    this.end = last;
    this.#points = points;
    this.#legs = [];
    let total = 0;
    for (let i = 1; i < points.length; i++) {
      const a = toVector(points[i - 1] as LatLon);
      const b = toVector(points[i] as LatLon);
      const cos = Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
      const delta = Math.acos(cos);
      // Coincident points make no leg; antipodal ones have no unique great circle.
      if (delta < 1e-9 || Math.PI - delta < 1e-6) continue;
      const lengthM = delta * EARTH_RADIUS_M;
      this.#legs.push({
        startM: total,
        lengthM,
        toIndex: i,
        ax: a[0],
        ay: a[1],
        az: a[2],
        bx: b[0],
        by: b[1],
        bz: b[2],
        delta,
        sinDelta: Math.sin(delta),
        cosDelta: Math.cos(delta),
      });
      total += lengthM;
    }
    this.lengthM = total;
  }

  /**
   * The route cut `distanceM` along it (0 < distanceM < lengthM): the part before, ending
   * at the cut point, and the part after, starting there; each keeps the points on its side.
   */
  cut(distanceM: number): [Route, Route] {
    const here = this.at(distanceM, { lat: 0, lon: 0, trackDeg: 0 });
    const point = { lat: here.lat, lon: here.lon };
    let leg = this.#legs[0];
    for (const next of this.#legs) {
      if (distanceM < next.startM) break;
      leg = next;
    }
    const end = leg ? leg.toIndex : this.#points.length - 1;
    return [
      new Route([...this.#points.slice(0, end), point]),
      new Route([point, ...this.#points.slice(end)]),
    ];
  }

  /** The point `distanceM` along the route (before 0 / past the end: on the first / last great circle). */
  at(distanceM: number, out: RoutePoint): RoutePoint {
    const legs = this.#legs;
    if (legs.length === 0) {
      out.lat = this.start.lat;
      out.lon = this.start.lon;
      out.trackDeg = 0;
      return out;
    }
    let leg = legs[0] as Leg;
    for (let i = 1; i < legs.length; i++) {
      const next = legs[i] as Leg;
      if (distanceM < next.startM) break;
      leg = next;
    }
    const angle = ((distanceM - leg.startM) / leg.lengthM) * leg.delta;
    const sin = Math.sin(angle);
    const cos = Math.cos(angle);
    // sin(δ - θ) and cos(δ - θ) by the difference formulas, from δ's precomputed sine and cosine.
    const sinRest = leg.sinDelta * cos - leg.cosDelta * sin;
    const cosRest = leg.cosDelta * cos + leg.sinDelta * sin;
    const ka = sinRest / leg.sinDelta;
    const kb = sin / leg.sinDelta;
    const x = ka * leg.ax + kb * leg.bx;
    const y = ka * leg.ay + kb * leg.by;
    const z = ka * leg.az + kb * leg.bz;
    // The direction of travel: the derivative of the slerp along the angle.
    const ta = -cosRest;
    const tb = cos;
    const tx = ta * leg.ax + tb * leg.bx;
    const ty = ta * leg.ay + tb * leg.by;
    const tz = ta * leg.az + tb * leg.bz;
    // The point's own sines and cosines come from its vector: no trigonometry needed.
    const r = Math.sqrt(x * x + y * y);
    const sinLon = r > 0 ? y / r : 0;
    const cosLon = r > 0 ? x / r : 1;
    const north = -z * (cosLon * tx + sinLon * ty) + r * tz;
    const east = -sinLon * tx + cosLon * ty;
    const track = Math.atan2(east, north) * DEG;
    out.lat = Math.atan2(z, r) * DEG;
    out.lon = Math.atan2(y, x) * DEG;
    out.trackDeg = track < 0 ? track + 360 : track;
    return out;
  }
}

function toVector(p: LatLon): [number, number, number] {
  const lat = p.lat * RAD;
  const lon = p.lon * RAD;
  return [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
}

/** Initial true course from a to b, degrees [0, 360). */
export function initialCourseDeg(a: LatLon, b: LatLon): number {
  const phi1 = a.lat * RAD;
  const phi2 = b.lat * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const y = Math.sin(dLon) * Math.cos(phi2);
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLon);
  const deg = Math.atan2(y, x) * DEG;
  return deg < 0 ? deg + 360 : deg;
}
