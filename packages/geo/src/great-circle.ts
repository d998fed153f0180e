import type { LonLat } from './types.js';

/**
 * Mean Earth radius R1 = (2a + b) / 3 of the GRS 80 ellipsoid, 6371.0088 km, as given by
 * the IUGG (H. Moritz, "Geodetic Reference System 1980", Bulletin Géodésique 54, 1980;
 * the value quoted in Moritz, Journal of Geodesy 74, 2000, p. 128–133).
 */
export const MEAN_EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Haversine distance on the sphere of mean Earth radius (error vs the ellipsoid ≤ ~0.5 %). */
export function greatCircleKm(a: LonLat, b: LonLat): number {
  return haversineKm(a.lat, a.lon, b.lat, b.lon);
}

/**
 * The same distance from four numbers: the one haversine of the project, in this form so
 * per-position hot paths (the track engine) allocate nothing.
 */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const phi1 = lat1 * RAD;
  const phi2 = lat2 * RAD;
  const sDPhi = Math.sin((phi2 - phi1) / 2);
  const sDLambda = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sDPhi * sDPhi + Math.cos(phi1) * Math.cos(phi2) * sDLambda * sDLambda;
  return 2 * MEAN_EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Area of a closed lon/lat ring on the sphere, km², always positive. The spherical-excess
 * approximation of Chamberlain & Duquette, "Some Algorithms for Polygons on a Sphere"
 * (JPL Publication 07-03, 2007), the one turf's `area` uses.
 */
export function ringAreaKm2(ring: Float64Array): number {
  const n = ring.length / 2;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const lower = i;
    const middle = (i + 1) % n;
    const upper = (i + 2) % n;
    const lonL = (ring[lower * 2] ?? 0) * RAD;
    const latM = (ring[middle * 2 + 1] ?? 0) * RAD;
    const lonU = (ring[upper * 2] ?? 0) * RAD;
    total += (lonU - lonL) * Math.sin(latM);
  }
  return Math.abs((total * MEAN_EARTH_RADIUS_KM * MEAN_EARTH_RADIUS_KM) / 2);
}
